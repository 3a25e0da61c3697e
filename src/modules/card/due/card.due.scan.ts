// The daily job's work: who must get or renew a card, recomputed for the whole registry. Persons are read through
// the registry's reader in id order, a chunk at a time; each chunk's rows of card_due are replaced in one
// transaction, so the list is never empty or doubled while the job runs and a stopped run leaves a usable list.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { dueFor } from '../../../domain/card/renewal.ts';
import type { IdCardRecord } from '../../registry/person.model.ts';
import { registryReader } from '../../registry/registry.tx.ts';
import type { CardDueTable } from '../card.table.ts';
import { currentCards, openApplications, replaceDueRange } from './card.due.repository.ts';

const CHUNK = 2000;
/** Rows are kept for dues up to this many days ahead (the list and its chart look a year ahead at most). */
export const DUE_HORIZON_DAYS = 366;
/** Cards of these kinds still count until their printed expiry; a 9-digit CMND stopped being valid in 2024. */
const CURRENT_KINDS = new Set<IdCardRecord['kind']>(['cccd_barcode', 'cccd_chip', 'can_cuoc']);

/** The latest card recorded in field 14 that still counts (issued before popreg kept cards). */
function recordedCard(data: string): { issuedOn: string; expiresOn: string | null } | null {
  const cards = (JSON.parse(data) as { idCards?: IdCardRecord[] }).idCards ?? [];
  const usable = cards.filter((c) => CURRENT_KINDS.has(c.kind)).sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
  const last = usable[usable.length - 1];
  return last ? { issuedOn: last.issuedOn, expiresOn: last.expiresOn } : null;
}

/** `date` (YYYY-MM-DD) plus `days` days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface RefreshSummary {
  today: string;
  persons: number;
  due: number;
}

/** Recomputes card_due as of `today`. */
export async function refreshDue(db: Db, today: string): Promise<RefreshSummary> {
  const reader = registryReader(db);
  const horizon = addDays(today, DUE_HORIZON_DAYS);
  let after = 0;
  let persons = 0;
  let due = 0;
  for (;;) {
    const chunk = await reader.livingPersonsAfter(after, CHUNK);
    const last = chunk.length === CHUNK ? Number(chunk[chunk.length - 1]!.id) : null;
    const ids = chunk.map((p) => Number(p.id));
    const [cards, open] = await Promise.all([currentCards(db, ids), openApplications(db, ids)]);
    const rows: Insertable<CardDueTable>[] = [];
    for (const p of chunk) {
      const id = Number(p.id);
      if (open.has(id)) continue;
      const card = cards.get(id);
      let d: ReturnType<typeof dueFor>;
      try {
        d = dueFor(p.dob, card ?? recordedCard(p.data), today);
      } catch {
        // A birth date the rules cannot read (the quality scores report those): nothing to compute.
        continue;
      }
      if (!d || d.dueOn > horizon) continue;
      rows.push({
        person_id: id,
        pin: p.pin,
        unit_code: p.res_unit,
        province_code: p.res_province,
        due_on: d.dueOn,
        cause: d.cause,
        card_id: card?.id ?? null,
        computed_on: today,
      });
    }
    await replaceDueRange(db, after, last, rows);
    persons += chunk.length;
    due += rows.length;
    if (last === null) break;
    after = last;
  }
  return { today, persons, due };
}

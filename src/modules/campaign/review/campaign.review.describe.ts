// What a ballot would change in the registry, as the review pages show it, computed by the same matching step and
// the same field rules as approval (campaign.match.ts, campaign.approve.ts): a re-collection shows the fields that
// would change and which of them need the approving officer's confirmation; a ballot without PIN that shares a
// name and birth date with registry persons shows them as possible matches, field by field; a person outside the
// reader's jurisdiction shows nothing (a DC02 for them reads as for an unknown PIN).
import type { DbOrTrx } from '../../../db/database.ts';
import type { Actor } from '../../../domain/context.ts';
import type { Dc01Key } from '../../../domain/dc01.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { ballotToState } from '../../registry/dc01.mapping.ts';
import { type PersonState, parseState } from '../../registry/person.model.ts';
import { type PersonRow, registryReader } from '../../registry/registry.tx.ts';
import { changedFields, planDc02, STATE_FIELD_OF, stateToDc01Row } from '../approval/campaign.approve.ts';
import { declaredFields, IDENTITY_FIELDS, matchDc01 } from './campaign.match.ts';
import type { BallotRow } from './campaign.review.repository.ts';

/** One field as the registry holds it now and as the ballot declares it (DC02: the one field it changes). */
export interface ComparisonRow {
  field: string;
  registryValue: string;
  /** DC02: the value the requester wrote as current. */
  declaredOld: string | null;
  newValue: string;
}

export interface MatchCandidate {
  pin: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  comparison: ComparisonRow[];
  identityChanges: string[];
}

export interface ChangeDescription {
  person: { pin: string; version: number } | null;
  /** DC02: kind and effective date; DC01: 'new', 're_collection', 'possible_match' or 'outside_jurisdiction'. */
  change: { kind: string; effectiveDate: string | null } | null;
  comparison: ComparisonRow[];
  candidates: MatchCandidate[];
  identityChanges: string[];
}

/** The DC01 fields that would change `person` and which of them are identity fields. */
function compareDc01(
  person: PersonRow,
  d: Record<string, string>,
  declared: PersonState,
  today: string,
  catalog: ReferenceCatalog,
): { comparison: ComparisonRow[]; identityChanges: string[] } {
  const current = parseState(person.data);
  const now = stateToDc01Row(current, today);
  // Only what approval would record: declared fields whose values differ once read the registry's way.
  const changed = new Set(changedFields(current, declared, catalog, declaredFields(d, STATE_FIELD_OF)));
  const comparison: ComparisonRow[] = [];
  for (const key of Object.keys(STATE_FIELD_OF) as Dc01Key[]) {
    const value = (d[key] ?? '').trim();
    if (value && changed.has(STATE_FIELD_OF[key]!) && value !== now[key]) {
      comparison.push({ field: key, registryValue: now[key], declaredOld: null, newValue: value });
    }
  }
  return { comparison, identityChanges: IDENTITY_FIELDS.filter((f) => changed.has(f)) };
}

export async function describeChange(
  db: DbOrTrx,
  actor: Actor,
  catalog: ReferenceCatalog,
  today: string,
  b: BallotRow,
): Promise<ChangeDescription> {
  const d = JSON.parse(b.data) as Record<string, string>;
  const out: ChangeDescription = { person: null, change: null, comparison: [], candidates: [], identityChanges: [] };
  if (b.form === 'DC02') {
    out.change = { kind: (d.change_kind ?? '').trim() || 'update', effectiveDate: d.effective_date?.trim() || null };
    const plan = await planDc02(db, { catalog, today, actor }, b);
    const declaredOld = (d.old_value ?? '').trim() || null;
    if (!('ok' in plan)) {
      out.person = { pin: plan.person.pin, version: plan.person.version };
      out.comparison.push({
        field: plan.field,
        registryValue: plan.registryValue,
        declaredOld,
        newValue: plan.newValue,
      });
    } else {
      out.comparison.push({
        field: (d.field ?? '').trim(),
        registryValue: '',
        declaredOld,
        newValue: (d.new_value ?? '').trim(),
      });
    }
    return out;
  }
  const declared = ballotToState(d, today).state;
  const match = await matchDc01(registryReader(db), actor, catalog, b, declared);
  const effectiveDate = d.collected_on?.trim() || null;
  switch (match.kind) {
    case 'new':
      out.change = { kind: 'new', effectiveDate };
      break;
    case 'outside':
      out.change = { kind: 'outside_jurisdiction', effectiveDate };
      break;
    case 'possible':
      out.change = { kind: 'possible_match', effectiveDate };
      for (const p of match.candidates) {
        const s = parseState(p.data);
        out.candidates.push({
          pin: p.pin,
          fullName: s.fullName,
          dateOfBirth: s.dateOfBirth,
          sex: s.sex,
          ...compareDc01(p, d, declared, today, catalog),
        });
      }
      break;
    default: {
      out.change = { kind: 're_collection', effectiveDate };
      out.person = { pin: match.person.pin, version: match.person.version };
      Object.assign(out, compareDc01(match.person, d, declared, today, catalog));
    }
  }
  return out;
}

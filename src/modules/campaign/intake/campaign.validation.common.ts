// Types and helpers shared by the ballot validators: the context, the facts read from a row, the stored form of a
// row and its identifier.
import { createHash } from 'node:crypto';
import type { FormCode } from '../../intake/index.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import type { Issue } from '../campaign.rules.ts';

export interface ValidationContext {
  catalog: ReferenceCatalog;
  /** The registry's today (config.today): dates after it are in the future. */
  today: string;
  /** The importer's unit (current code, with everything under it); null: the whole country. */
  jurisdiction: string | null;
}

/** What the cross-row checks and the writer need to know about a row, read once. */
export interface BallotFacts {
  /** The ballot's identifier, unique per campaign and form (see ballotRef). */
  ref: string;
  /** The person's own PIN when it is 12 digits, else null. */
  pin: string | null;
  fullName: string | null;
  nameFolded: string | null;
  /** Canonical date of birth (YYYY, YYYY-MM or YYYY-MM-DD) when it could be read. */
  dob: string | null;
  /** Current commune (and province) of the ballot when they can be read. */
  unitCode: string | null;
  provinceCode: string | null;
  /** Parents named on a DC01: PIN when 12 digits, name as written ('' when none; folded only when compared). */
  fatherPin: string | null;
  motherPin: string | null;
  fatherName: string;
  motherName: string;
  /** DC02: the field to change, the value the citizen says is held now, and the value asked for. */
  dc02?: { field: string; oldValue: string; newValue: string };
}

export interface RowCheck {
  issues: Issue[];
  facts: BallotFacts;
  /** The row as stored (see ballotData). */
  data: Record<string, string>;
}

/**
 * The stored form of a row: the form's fields in form order, trimmed, empty ones left out (readers of `data` treat
 * absent as empty). Walking the form's keys rather than the row's own keeps the object's shape predictable, which
 * makes this and every later read of it several times faster on a million rows.
 */
export function ballotData(values: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = values[k];
    if (typeof v !== 'string' || v === '') continue;
    const t = v.trim();
    if (t !== '') out[k] = t;
  }
  return out;
}

/**
 * A ballot's identifier: its ballot_id (DC02: ballot_id + ':' + field, one row per field), else a hash of the
 * normalised row, so that the same row read twice (a resumed import, the same file again) has the same ref.
 */
export function ballotRef(form: FormCode, data: Record<string, string>): string {
  const id = data.ballot_id;
  if (id) return form === 'DC02' ? `${id}:${data.field ?? ''}` : id;
  const keys = Object.keys(data).sort();
  const h = createHash('sha256');
  for (const k of keys) h.update(`${k}\u0000${data[k]!.normalize('NFC')}\u0000`);
  return `sha256:${h.digest('base64url').slice(0, 32)}`;
}

/** Drops repeated (field, rule) pairs, keeping the first (most specific) message. */
export function uniqueIssues(list: Issue[]): Issue[] {
  if (list.length < 2) return list;
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.field}\u0000${i.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

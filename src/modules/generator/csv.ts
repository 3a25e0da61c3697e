// CSV output: one line per ballot in DC01_KEYS order, quoted only where needed (RFC 4180). Only the free-text
// columns can hold a comma or a quote (addresses do: "Số 12, ngõ 5, Tổ 3"); codes, dates and numbers are
// written as they are, which saves a scan of most fields on millions of lines.
import { DC01_KEYS, type Dc01Key, type Dc01Row } from '../../domain/dc01.ts';
import { csvField } from '../../lib/csv.ts';

const TEXT_COLUMNS: ReadonlySet<Dc01Key> = new Set<Dc01Key>([
  'full_name',
  'other_names',
  'permanent_address',
  'current_address',
  'father_name',
  'mother_name',
  'spouse_name',
  'head_name',
  'email',
]);

const KEYS = DC01_KEYS;
const IS_TEXT = KEYS.map((k) => TEXT_COLUMNS.has(k));

export const DC01_HEADER = `${KEYS.join(',')}\n`;

export function dc01Line(row: Dc01Row): string {
  let line = '';
  for (let i = 0; i < KEYS.length; i++) {
    const v = row[KEYS[i]!];
    if (i > 0) line += ',';
    line += IS_TEXT[i] ? csvField(v) : v;
  }
  return `${line}\n`;
}

export const TRUTH_KEYS = ['ballot_id', 'person_id', 'role', 'kind', 'field', 'rule'] as const;
export type TruthRow = Record<(typeof TRUTH_KEYS)[number], string>;
export const TRUTH_HEADER = `${TRUTH_KEYS.join(',')}\n`;

const q = csvField;
const parts: string[] = new Array(KEYS.length);

/**
 * The same text as dc01Line without the line feed, for the file writer: named property reads (a keyed read
 * per column costs more than the rest) and one Array.join, which yields a flat string that encodes to UTF-8
 * in one native call (see utf8-sink.ts). Keep the column order in step with DC01_KEYS: a test compares both.
 */
export function dc01Joined(r: Dc01Row): string {
  parts[0] = r.ballot_id;
  parts[1] = r.household_code;
  parts[2] = r.relation_to_head;
  parts[3] = q(r.full_name);
  parts[4] = q(r.other_names);
  parts[5] = r.date_of_birth;
  parts[6] = r.sex;
  parts[7] = r.pin;
  parts[8] = r.old_id_number;
  parts[9] = r.place_of_birth;
  parts[10] = r.birth_registration_place;
  parts[11] = r.hometown;
  parts[12] = r.ethnicity;
  parts[13] = r.religion;
  parts[14] = r.nationality;
  parts[15] = r.blood_group;
  parts[16] = r.marital_status;
  parts[17] = r.permanent_unit;
  parts[18] = q(r.permanent_address);
  parts[19] = r.permanent_since;
  parts[20] = r.current_unit;
  parts[21] = q(r.current_address);
  parts[22] = r.unit_ref_date;
  parts[23] = q(r.father_name);
  parts[24] = r.father_pin;
  parts[25] = q(r.mother_name);
  parts[26] = r.mother_pin;
  parts[27] = q(r.spouse_name);
  parts[28] = r.spouse_pin;
  parts[29] = q(r.head_name);
  parts[30] = r.head_pin;
  parts[31] = r.phone;
  parts[32] = q(r.email);
  parts[33] = r.collected_on;
  return parts.join(',');
}

const truthParts: string[] = new Array(TRUTH_KEYS.length);

/** A truth line without the line feed (no field can hold a comma). */
export function truthJoined(t: TruthRow): string {
  truthParts[0] = t.ballot_id;
  truthParts[1] = t.person_id;
  truthParts[2] = t.role;
  truthParts[3] = t.kind;
  truthParts[4] = t.field;
  truthParts[5] = t.rule;
  return truthParts.join(',');
}

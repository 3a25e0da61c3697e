// CSV output: one line per ballot in DC01_KEYS order, quoted only where needed (RFC 4180). Only the free-text
// columns can hold a comma or a quote (addresses do: "Số 12, ngõ 5, Tổ 3"); codes, dates and numbers are
// written as they are, which saves a scan of most fields on millions of lines.
import { DC01_KEYS, type Dc01Key, type Dc01Row } from '../../domain/dc01.ts';

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

const SPECIAL = /[",\r\n]/;

export function csvField(value: string): string {
  return SPECIAL.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

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

export function truthLine(t: TruthRow): string {
  return `${t.ballot_id},${t.person_id},${t.role},${t.kind},${t.field},${t.rule}\n`;
}

/** The minimal interface of the byte sink the fast writer uses (see utf8-sink.ts). */
export interface CsvSink {
  /** `s` as it is, then a comma. */
  raw(s: string): void;
  /** `s` quoted when it needs it, then a comma. */
  text(s: string): void;
  /** `s` as it is, then a line feed. */
  last(s: string): void;
}

/**
 * Same bytes as dc01Line, written field by field with named property reads (a keyed read per column costs
 * more than the rest of the line). Keep the column order in step with DC01_KEYS: a test compares both.
 */
export function writeDc01(o: CsvSink, r: Dc01Row): void {
  o.raw(r.ballot_id);
  o.raw(r.household_code);
  o.raw(r.relation_to_head);
  o.text(r.full_name);
  o.text(r.other_names);
  o.raw(r.date_of_birth);
  o.raw(r.sex);
  o.raw(r.pin);
  o.raw(r.old_id_number);
  o.raw(r.place_of_birth);
  o.raw(r.birth_registration_place);
  o.raw(r.hometown);
  o.raw(r.ethnicity);
  o.raw(r.religion);
  o.raw(r.nationality);
  o.raw(r.blood_group);
  o.raw(r.marital_status);
  o.raw(r.permanent_unit);
  o.text(r.permanent_address);
  o.raw(r.permanent_since);
  o.raw(r.current_unit);
  o.text(r.current_address);
  o.raw(r.unit_ref_date);
  o.text(r.father_name);
  o.raw(r.father_pin);
  o.text(r.mother_name);
  o.raw(r.mother_pin);
  o.text(r.spouse_name);
  o.raw(r.spouse_pin);
  o.text(r.head_name);
  o.raw(r.head_pin);
  o.raw(r.phone);
  o.text(r.email);
  o.last(r.collected_on);
}

export function writeTruth(o: CsvSink, t: TruthRow): void {
  o.raw(t.ballot_id);
  o.raw(t.person_id);
  o.raw(t.role);
  o.raw(t.kind);
  o.raw(t.field);
  o.last(t.rule);
}

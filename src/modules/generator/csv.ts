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

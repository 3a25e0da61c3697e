// Which columns a DC01 or DC02 file may have, and how header cells map to them. Officers type headers by hand or
// copy them from the printed form, so a header matches a field when its folded form (no case, no diacritics, đ→d,
// punctuation and underscores as spaces) equals the folded key, Vietnamese label or English label.
import { DC01_FIELDS } from '../../domain/dc01.ts';
import { DC02_FIELDS } from '../../domain/dc02.ts';
import { foldName } from '../../domain/names.ts';
import { badFile } from './intake.errors.ts';

export type FormCode = 'DC01' | 'DC02';

export interface FormField {
  key: string;
  vi: string;
  en: string;
}

const FIELDS: Record<FormCode, readonly FormField[]> = { DC01: DC01_FIELDS, DC02: DC02_FIELDS };

/** Columns that identify the person (DC01) or the request (DC02): a file without them cannot be imported. */
export const REQUIRED_COLUMNS: Record<FormCode, readonly string[]> = {
  DC01: ['full_name', 'date_of_birth', 'sex'],
  DC02: ['pin', 'field', 'new_value'],
};

/** Columns holding personal names: the sample the legacy-font check looks at. */
export const NAME_COLUMNS: ReadonlySet<string> = new Set([
  'full_name',
  'other_names',
  'father_name',
  'mother_name',
  'spouse_name',
  'head_name',
  'requester_name',
]);

export function formFields(form: FormCode): readonly FormField[] {
  const fields = FIELDS[form];
  if (!fields) throw new TypeError(`unknown form ${String(form)}: expected DC01 or DC02`);
  return fields;
}

/** "Ngày, tháng, năm sinh", "ngay thang nam sinh" and "date_of_birth" fold to comparable keys. */
export function foldHeader(raw: string): string {
  return foldName(raw.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "key (Vietnamese label)" for every field, as error messages list them. */
export function expectedColumns(form: FormCode): string[] {
  return formFields(form).map((f) => `${f.key} (${f.vi})`);
}

const MATCHERS = new Map<FormCode, Map<string, string>>();

function matcher(form: FormCode): Map<string, string> {
  let m = MATCHERS.get(form);
  if (!m) {
    m = new Map();
    for (const f of formFields(form)) for (const alias of [f.key, f.vi, f.en]) m.set(foldHeader(alias), f.key);
    MATCHERS.set(form, m);
  }
  return m;
}

/** The form key a header cell names, or undefined. */
export function headerKey(form: FormCode, raw: string): string | undefined {
  return matcher(form).get(foldHeader(raw));
}

/**
 * Maps a header row to form keys, in file order. Empty header cells give null (a column the file does not use; its
 * cells must stay empty). Unknown, duplicate and missing required columns are refused with the expected list.
 */
export function mapHeaderRow(form: FormCode, cells: string[], rowNo: number): (string | null)[] {
  const keys: (string | null)[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const duplicate: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!.trim();
    if (raw === '') {
      keys.push(null);
      continue;
    }
    const key = headerKey(form, raw);
    if (key === undefined) unknown.push(raw);
    else if (seen.has(key)) duplicate.push(raw);
    else seen.add(key);
    keys.push(key ?? null);
  }
  const expected = expectedColumns(form);
  if (unknown.length > 0) throw badFile.headers('unknown', unknown, expected, rowNo);
  if (duplicate.length > 0) throw badFile.headers('duplicate', duplicate, expected, rowNo);
  checkRequired(form, seen, rowNo);
  return keys;
}

export function checkRequired(form: FormCode, present: ReadonlySet<string>, rowNo: number): void {
  const missing = REQUIRED_COLUMNS[form].filter((k) => !present.has(k));
  if (missing.length > 0) throw badFile.headers('missing', missing, expectedColumns(form), rowNo);
}

// Turns input rows into prepared columns ("slots"), one per comparison: standardised once per record so that the
// pairwise stage only compares ready strings and numbers. Slots are plain arrays and typed arrays, so the same
// object is handed to worker threads as it is.
import { type FieldConfig, fieldColumns, LinkConfigError, type Unit } from './config.ts';
import {
  applyPlaceholderDays,
  type DateValue,
  dateDigits,
  dateFromParts,
  dayNumber,
  detectPlaceholderDays,
  parseDateValue,
} from './date-values.ts';
import { variantKey } from './phonetic.ts';
import {
  emailValue,
  foldText,
  fullNameParts,
  idValue,
  type NameValue,
  nameValue,
  numberValue,
  phoneValue,
  postcodeValue,
  sexValue,
} from './standardise.ts';

/** A parsed input file: header and rows of trimmed strings. */
export interface Table {
  name: string;
  header: string[];
  rows: string[][];
}

export interface NameSlot {
  kind: 'name';
  exact: string[];
  fold: string[];
  /** Folded with regional variants merged (Huỳnh → hoang). */
  variant: string[];
  /** Words of `variant`, for the token-set level. */
  tokens: string[][];
}

export interface DateSlot {
  kind: 'date';
  digits: string[];
  y: Int16Array;
  m: Uint8Array;
  d: Uint8Array;
  /** Days since 1970-01-01, NaN when partial or not a real day. */
  day: Float64Array;
  precision: Uint8Array;
}

export interface TextSlot {
  kind: 'text';
  value: string[];
}

export type Slot = NameSlot | DateSlot | TextSlot;

export interface Prepared {
  n: number;
  /** Records [0, nLeft) come from the first file; in a link, pairs always join the two files. */
  nLeft: number;
  link: boolean;
  ids: string[];
  units: Unit[];
  slots: Slot[];
  /** What standardisation decided from the data (placeholder days), for the report. */
  notes: string[];
}

function columnIndex(t: Table, col: string): number {
  const i = t.header.indexOf(col);
  if (i < 0)
    throw new LinkConfigError(
      `column "${col}" named in the config is not in ${t.name} (columns: ${t.header.join(', ')})`,
    );
  return i;
}

/** Raw strings of one field over all records of all tables (a date from parts gives year|month|day). */
/** Raw strings of a one-column field: no array per record (a million small arrays per field add up). */
function rawColumn(tables: readonly Table[], f: FieldConfig): string[] {
  const col = fieldColumns(f)[0]!;
  const out: string[] = [];
  for (const t of tables) {
    const i = columnIndex(t, col);
    for (const row of t.rows) out.push(row[i] ?? '');
  }
  return out;
}

function rawValues(tables: readonly Table[], f: FieldConfig): string[][] {
  const cols = fieldColumns(f);
  const out: string[][] = [];
  for (const t of tables) {
    const idx = cols.map((c) => columnIndex(t, c));
    for (const row of t.rows) out.push(idx.map((i) => row[i] ?? ''));
  }
  return out;
}

/**
 * A function that remembers its answers. Names, dates and codes repeat a great deal in a population (a few thousand
 * given names, one date of birth per 30-odd people in a million), so standardising each distinct value once is
 * several times faster, and records holding the same value share one string and one token list.
 */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const seen = new Map<string, T>();
  return (raw) => {
    let v = seen.get(raw);
    if (v === undefined) {
      v = fn(raw);
      seen.set(raw, v);
    }
    return v;
  };
}

function memoByObject<K extends object, T>(fn: (k: K) => T): (k: K) => T {
  const seen = new Map<K, T>();
  return (k) => {
    let v = seen.get(k);
    if (v === undefined) {
      v = fn(k);
      seen.set(k, v);
    }
    return v;
  };
}

const NO_TOKENS: readonly string[] = Object.freeze([]);

function nameSlot(values: NameValue[]): NameSlot {
  const variantOf = memo(variantKey);
  const tokensOf = memo((v) => (v === '' ? (NO_TOKENS as string[]) : v.split(' ')));
  const variant = values.map((v) => variantOf(v.fold));
  return {
    kind: 'name',
    exact: values.map((v) => v.exact),
    fold: values.map((v) => v.fold),
    variant,
    tokens: variant.map(tokensOf),
  };
}

function dateSlot(values: DateValue[]): DateSlot {
  const n = values.length;
  const s: DateSlot = {
    kind: 'date',
    digits: values.map(memoByObject(dateDigits)),
    y: new Int16Array(n),
    m: new Uint8Array(n),
    d: new Uint8Array(n),
    day: new Float64Array(n),
    precision: new Uint8Array(n),
  };
  // Parsed values are shared between records with the same raw date: compute each day number once.
  const days = new Map<DateValue, number>();
  values.forEach((v, i) => {
    s.y[i] = v.y;
    s.m[i] = v.m;
    s.d[i] = v.d;
    s.precision[i] = v.precision;
    let day = days.get(v);
    if (day === undefined) {
      day = dayNumber(v);
      days.set(v, day);
    }
    s.day[i] = day;
  });
  return s;
}

const TEXT_STANDARDISERS: Record<string, (raw: string) => string> = {
  sex: sexValue,
  id: idValue,
  phone: phoneValue,
  email: emailValue,
  postcode: postcodeValue,
  number: numberValue,
  address: foldText,
  category: foldText,
};

/** Text comparisons whose values repeat across records (codes, places, sexes). */
const REPEATING_TEXT: ReadonlySet<string> = new Set(['sex', 'postcode', 'address', 'category']);

function prepareDates(unit: Unit, tables: readonly Table[], dateOrder: 'dmy' | 'mdy', notes: string[]): DateSlot {
  const parsed = unit.field.columns
    ? rawValues(tables, unit.field).map((r) => dateFromParts(r[0]!, r[1] ?? '', r[2] ?? ''))
    : rawColumn(tables, unit.field).map(memo((s) => parseDateValue(s, dateOrder)));
  const p = detectPlaceholderDays(parsed);
  if (p.jan1) notes.push(`${unit.name}: 1 January is far commoner than the calendar explains: read as "year only"`);
  if (p.day1)
    notes.push(`${unit.name}: the 1st of the month is far commoner than the calendar explains: read as "month only"`);
  return dateSlot(p.jan1 || p.day1 ? parsed.map((v) => applyPlaceholderDays(v, p)) : parsed);
}

export function prepare(
  tables: readonly Table[],
  units: readonly Unit[],
  idColumn: string,
  dateOrder: 'dmy' | 'mdy',
): Prepared {
  if (tables.length < 1 || tables.length > 2) throw new LinkConfigError('link takes one input (dedupe) or two (link)');
  const notes: string[] = [];
  const ids: string[] = [];
  for (const t of tables) {
    const i = columnIndex(t, idColumn);
    for (const row of t.rows) ids.push(row[i] ?? '');
  }
  const slots: Slot[] = [];
  const fullNames = new Map<string, Record<'family' | 'middle' | 'given', NameValue>[]>();
  for (const unit of units) {
    const f = unit.field;
    if (unit.part !== undefined) {
      let parts = fullNames.get(f.name);
      if (!parts) {
        const split = memo((name) => fullNameParts(name, f.order ?? 'family-first'));
        parts = rawColumn(tables, f).map(split);
        fullNames.set(f.name, parts);
      }
      const part = unit.part;
      slots.push(nameSlot(parts.map((p) => p[part])));
      continue;
    }
    if (unit.type === 'date') slots.push(prepareDates(unit, tables, dateOrder, notes));
    else if (unit.type === 'given' || unit.type === 'surname' || unit.type === 'middle' || unit.type === 'name') {
      slots.push(nameSlot(rawColumn(tables, f).map(memo(nameValue))));
    } else {
      // Identifiers are nearly all distinct: remembering them would cost more than it saves.
      const plain = TEXT_STANDARDISERS[unit.type]!;
      const std = REPEATING_TEXT.has(unit.type) ? memo(plain) : plain;
      slots.push({ kind: 'text', value: rawColumn(tables, f).map((r) => std(r)) });
    }
  }
  const nLeft = tables[0]!.rows.length;
  return { n: ids.length, nLeft, link: tables.length === 2, ids, units: [...units], slots, notes };
}

// Synthetic labelled input at any size, built from a FEBRL file: new people are made by drawing each field from a
// different real record (so values keep realistic frequencies), then some get duplicates with FEBRL-like errors
// (typos, blanks, swapped names, date slips, swapped day and month). Used by the benchmark and the larger tests.

import type { Table } from '../../../src/modules/linkage/engine/prepare.ts';
import { createRng, type Rng } from '../../../src/modules/linkage/engine/random.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function typo(v: string, rng: Rng): string {
  if (v.length < 2) return v;
  const i = rng.int(v.length - 1);
  switch (rng.int(4)) {
    case 0:
      return v.slice(0, i) + LETTERS[rng.int(26)] + v.slice(i + 1);
    case 1:
      return v.slice(0, i) + v.slice(i + 1);
    case 2:
      return v.slice(0, i) + LETTERS[rng.int(26)] + v.slice(i);
    default:
      return v.slice(0, i) + v[i + 1] + v[i] + v.slice(i + 2);
  }
}

function digitSlip(v: string, rng: Rng): string {
  if (v.length === 0) return v;
  const i = rng.int(v.length);
  return v.slice(0, i) + String(rng.int(10)) + v.slice(i + 1);
}

function swapDayMonth(v: string): string {
  return /^\d{8}$/.test(v) && Number(v.slice(6)) <= 12 ? v.slice(0, 4) + v.slice(6) + v.slice(4, 6) : v;
}

export interface SyntheticOptions {
  rows: number;
  /** Share of rows that are duplicates of another row's person. */
  duplicateShare?: number;
  seed?: number;
}

/** Rows in the source's columns; the first column is rec-<n>-org / rec-<n>-dup-<k> like FEBRL's. */
export function synthesise(source: Table, o: SyntheticOptions): Table {
  const rng = createRng(o.seed ?? 7);
  const h = source.header;
  const col = (name: string) => h.indexOf(name);
  const [given, surname, dob, ssn, postcode, num] = [
    'given_name',
    'surname',
    'date_of_birth',
    'soc_sec_id',
    'postcode',
    'street_number',
  ].map(col);
  const people = Math.round(o.rows * (1 - (o.duplicateShare ?? 0.2)));
  const pick = () => source.rows[rng.int(source.rows.length)]!;
  const originals: string[][] = [];
  for (let p = 0; p < people; p++) {
    // Street, suburb, postcode and state travel together (one real address); house number, names, date and ID come
    // from other records, so that an address is shared by a few people, not by all copies of a source record.
    const row = [...pick()];
    row[num!] = String(1 + rng.int(300));
    row[0] = `rec-${p}-org`;
    row[given!] = pick()[given!]!;
    row[surname!] = pick()[surname!]!;
    const y = 1920 + rng.int(85);
    row[dob!] = `${y}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
    row[ssn!] = String(1_000_000 + rng.int(9_000_000));
    originals.push(row);
  }
  const rows = [...originals];
  const dupCount = new Map<number, number>();
  while (rows.length < o.rows) {
    const p = rng.int(people);
    const k = dupCount.get(p) ?? 0;
    dupCount.set(p, k + 1);
    const row = [...originals[p]!];
    row[0] = `rec-${p}-dup-${k}`;
    const changes = 1 + rng.int(3);
    for (let c = 0; c < changes; c++) {
      const f = 1 + rng.int(h.length - 1);
      const r = rng.next();
      if (r < 0.15) row[f] = '';
      else if (f === dob) row[f] = r < 0.3 ? swapDayMonth(row[f]!) : digitSlip(row[f]!, rng);
      else if (f === ssn || f === postcode) row[f] = digitSlip(row[f]!, rng);
      else if (f === given && r < 0.25) [row[given!], row[surname!]] = [row[surname!]!, row[given!]!];
      else row[f] = typo(row[f]!, rng);
    }
    rows.push(row);
  }
  // Shuffle so duplicates do not sit next to their originals.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { name: `synthetic-${o.rows}`, header: [...h], rows };
}

// Options of the generator, their defaults and their validation. Shared by the API and the CLI so both reject
// bad input with the same one-line reasons.
import { parseIsoDay } from './gen-dates.ts';
import { BLOCK_PERSONS } from './numbering.ts';
import type { ReferenceData } from './reference-data.ts';

export interface GenerateOptions {
  /** Number of distinct persons (original ballots). */
  people: number;
  /** A current (post-2025) 2-digit province code; default: the whole country. */
  province?: string;
  seed?: number;
  /** Duplicate ballots per person, 0..1. */
  duplicates?: number;
  /** Share of all ballots carrying one injected error, 0..1. */
  errors?: number;
  /** Date the unit codes refer to, written in unit_ref_date (YYYY-MM-DD, from 2025-07-01). */
  refDate?: string;
  /** "Today" for ages and collection dates; the generator never reads the clock. */
  today?: string;
  /**
   * Persons per independently generated block (default 20,000). Part of what the output depends on; meant
   * for tests that need several blocks from a small population.
   */
  blockSize?: number;
}

export interface ResolvedOptions {
  people: number;
  province: string | undefined;
  seed: number;
  duplicates: number;
  errors: number;
  refDate: string;
  today: string;
  todayDay: number;
  blockSize: number;
}

export const DEFAULT_DATE = '2026-05-01';
/** The generator writes the 34-province / 3,321-commune codes, valid from this day. */
export const FIRST_REF_DATE = '2025-07-01';
/** Up to this many persons per run (PIN serial space and memory stay comfortable). */
export const MAX_PEOPLE = 50_000_000;

export class GeneratorOptionError extends Error {
  override readonly name = 'GeneratorOptionError';
}

function rate(name: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new GeneratorOptionError(`--${name} ${v}: must be a rate between 0 and 1`);
  return v;
}

function date(name: string, v: string | undefined, min: string): string {
  const s = v ?? DEFAULT_DATE;
  if (parseIsoDay(s) === undefined) throw new GeneratorOptionError(`--${name} ${s}: not a date YYYY-MM-DD`);
  if (s < min || s > '2099-12-31')
    throw new GeneratorOptionError(`--${name} ${s}: must be between ${min} and 2099-12-31`);
  return s;
}

export function resolveOptions(o: GenerateOptions, ref: ReferenceData): ResolvedOptions {
  if (!Number.isInteger(o.people) || o.people < 1 || o.people > MAX_PEOPLE) {
    throw new GeneratorOptionError(
      `--people ${o.people}: must be a whole number from 1 to ${MAX_PEOPLE.toLocaleString('en')}`,
    );
  }
  if (o.province !== undefined && !ref.provinces.has(o.province)) {
    throw new GeneratorOptionError(
      `--province ${o.province}: not a current province code (${ref.provinceCodes.join(', ')})`,
    );
  }
  const seed = o.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new GeneratorOptionError(`--seed ${seed}: must be a whole number ≥ 0`);
  }
  const blockSize = o.blockSize ?? BLOCK_PERSONS;
  // PIN serials are shared out between blocks, so their number is bounded (see pins.ts).
  if (!Number.isInteger(blockSize) || blockSize < 100 || o.people / blockSize > 10_000) {
    throw new GeneratorOptionError(`blockSize ${blockSize}: must be a whole number ≥ 100 and ≥ people / 10,000`);
  }
  const refDate = date('ref-date', o.refDate, FIRST_REF_DATE);
  // The 2020–2021 campaign must lie in the past for collection dates to make sense.
  const today = date('today', o.today, '2022-01-01');
  return {
    people: o.people,
    province: o.province,
    seed,
    duplicates: rate('duplicates', o.duplicates),
    errors: rate('errors', o.errors),
    refDate,
    today,
    todayDay: parseIsoDay(today)!,
    blockSize,
  };
}

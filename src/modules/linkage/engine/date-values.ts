// Dates of birth as they arrive: YYYYMMDD, ISO, day-first or month-first with any separator, year-month, year only,
// blank or a placeholder. Partial dates keep their precision so that a year-only record never counts as an exact
// match. A corrupt full date (month 13) keeps its digits: "one edit away" still works on it, day arithmetic not.
import { daysBetween, isValidIsoDate } from '../../../domain/dates.ts';

export interface DateValue {
  y: number;
  m: number;
  d: number;
  /** 0 null, 1 year, 2 year-month, 3 full (digits known, maybe not a real day). */
  precision: 0 | 1 | 2 | 3;
}

const NULL_DATE: DateValue = { y: 0, m: 0, d: 0, precision: 0 };
const MIN_YEAR = 1800;
const MAX_YEAR = 2899;

function make(y: number, m: number, d: number): DateValue {
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) return NULL_DATE;
  // The classic "born 1900-01-01" filler of legacy systems.
  if (m === 1 && d === 1 && (y === 1800 || y === 1900 || y === 1901)) return NULL_DATE;
  if (m === 0) return { y, m: 0, d: 0, precision: 1 };
  if (d === 0) return m <= 12 ? { y, m, d: 0, precision: 2 } : { y, m: 0, d: 0, precision: 1 };
  return { y, m, d, precision: 3 };
}

const YMD8 = /^(\d{4})(\d{2})(\d{2})$/;
const DMY8 = /^(\d{2})(\d{2})(\d{4})$/;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const NNY = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/;
const YM = /^(\d{4})[-/.](\d{1,2})$/;
const MY = /^(\d{1,2})[-/.](\d{4})$/;
const Y = /^(\d{4})$/;

/** Reads one date; `order` settles nn/nn/yyyy when both numbers could be the month. */
export function parseDateValue(raw: string, order: 'dmy' | 'mdy'): DateValue {
  const s = raw.trim();
  if (s === '') return NULL_DATE;
  const n = (x: string | undefined) => Number(x);
  const eight = YMD8.exec(s);
  if (eight) {
    const y = n(eight[1]);
    if (y >= MIN_YEAR && y <= MAX_YEAR) return make(y, n(eight[2]), n(eight[3]));
    const dmy = DMY8.exec(s);
    return dmy ? make(n(dmy[3]), n(dmy[2]), n(dmy[1])) : NULL_DATE;
  }
  const ymd = YMD.exec(s);
  if (ymd) return make(n(ymd[1]), n(ymd[2]), n(ymd[3]));
  const nny = NNY.exec(s);
  if (nny) {
    const a = n(nny[1]);
    const b = n(nny[2]);
    const dayFirst = a > 12 ? true : b > 12 ? false : order === 'dmy';
    return dayFirst ? make(n(nny[3]), b, a) : make(n(nny[3]), a, b);
  }
  const ym = YM.exec(s);
  if (ym) return make(n(ym[1]), n(ym[2]), 0);
  const my = MY.exec(s);
  if (my) return make(n(my[2]), n(my[1]), 0);
  const y = Y.exec(s);
  return y ? make(n(y[1]), 0, 0) : NULL_DATE;
}

/** Day, month and year in separate columns; blank or 0 month/day give a partial date. */
export function dateFromParts(y: string, m: string, d: string): DateValue {
  const yy = Number(y.trim());
  if (!/^\d{4}$/.test(y.trim())) return NULL_DATE;
  const mm = /^\d{1,2}$/.test(m.trim()) ? Number(m.trim()) : 0;
  const dd = mm > 0 && /^\d{1,2}$/.test(d.trim()) ? Number(d.trim()) : 0;
  return make(yy, mm, dd);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** YYYYMMDD of a full date, the string that "one edit" is measured on. */
export function dateDigits(v: DateValue): string {
  return v.precision === 3 ? `${v.y}${pad2(v.m)}${pad2(v.d)}` : '';
}

/** Days since 1970-01-01, or NaN when the date is partial or not a real day. */
export function dayNumber(v: DateValue): number {
  if (v.precision !== 3) return Number.NaN;
  const iso = `${v.y}-${pad2(v.m)}-${pad2(v.d)}`;
  return isValidIsoDate(iso) ? daysBetween('1970-01-01', iso) : Number.NaN;
}

/**
 * Placeholder days found in the data rather than assumed: where far more full dates fall on 1 January (or on the
 * first of a month) than the calendar explains, those days stand for "only the year (month) is known" — the usual
 * 01/01 filler of registers that recorded a year of birth. Five times the calendar share, with at least 20 such
 * dates, is a margin no real birth cohort reaches.
 */
export function detectPlaceholderDays(values: readonly DateValue[]): { jan1: boolean; day1: boolean } {
  let full = 0;
  let jan1 = 0;
  let day1 = 0;
  for (const v of values) {
    if (v.precision !== 3) continue;
    full++;
    if (v.d === 1) {
      day1++;
      if (v.m === 1) jan1++;
    }
  }
  const isJan1 = jan1 >= 20 && jan1 > (5 * full) / 365;
  const nonJan = full - jan1;
  const isDay1 = day1 - jan1 >= 20 && day1 - jan1 > (5 * nonJan) / 30.4;
  return { jan1: isJan1, day1: isDay1 };
}

export function applyPlaceholderDays(v: DateValue, p: { jan1: boolean; day1: boolean }): DateValue {
  if (v.precision !== 3 || v.d !== 1) return v;
  if (p.jan1 && v.m === 1) return { y: v.y, m: 0, d: 0, precision: 1 };
  if (p.day1) return { y: v.y, m: v.m, d: 0, precision: 2 };
  return v;
}

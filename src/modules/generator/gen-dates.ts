// Dates as integer day numbers (days since 1970-01-01, proleptic Gregorian). The generator handles millions of
// dates, so it avoids Date objects and time zones entirely and formats through a per-day string cache. The calendar
// arithmetic itself is domain/dates.ts's.
import { civilOf, dayOf } from '../../domain/dates.ts';

export { civilOf, dayOf };

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

export function isoOf(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

// Formatting the same few tens of thousands of dates millions of times: cache each day's string once.
const CACHE_FROM = dayOf(1850, 1, 1);
const CACHE_TO = dayOf(2150, 1, 1);
const isoCache: (string | undefined)[] = new Array(CACHE_TO - CACHE_FROM);

// Year of a day number, by table: the generator asks for it several times per person.
const yearTable = new Int16Array(CACHE_TO - CACHE_FROM);
for (let y = 1850, d = 0; y < 2150; y++) {
  const next = dayOf(y + 1, 1, 1) - CACHE_FROM;
  yearTable.fill(y, d, next);
  d = next;
}

export function yearOfDay(day: number): number {
  return day >= CACHE_FROM && day < CACHE_TO ? yearTable[day - CACHE_FROM]! : civilOf(day)[0];
}

/** YYYY-MM-DD of a day number. */
export function isoOfDay(day: number): string {
  if (day >= CACHE_FROM && day < CACHE_TO) {
    const hit = isoCache[day - CACHE_FROM];
    if (hit !== undefined) return hit;
    const [y, m, d] = civilOf(day);
    const s = isoOf(y, m, d);
    isoCache[day - CACHE_FROM] = s;
    return s;
  }
  const [y, m, d] = civilOf(day);
  return isoOf(y, m, d);
}

/** Day number of a strict YYYY-MM-DD string naming a real day, or undefined. */
export function parseIsoDay(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const day = dayOf(y, mo, d);
  const back = civilOf(day);
  return back[1] === mo && back[2] === d ? day : undefined;
}

/** The same month and day `years` later (29 Feb → 28 Feb in common years). */
export function addYearsToDay(day: number, years: number): number {
  const [y, m, d] = civilOf(day);
  const ny = y + years;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  return dayOf(ny, m, m === 2 && d === 29 && !leap ? 28 : d);
}

/** Completed years of age on `on` for someone born on `dob`. */
export function ageOnDay(dob: number, on: number): number {
  const [y1, m1, d1] = civilOf(dob);
  const [y2, m2, d2] = civilOf(on);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

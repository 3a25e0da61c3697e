// Dates as integer day numbers (days since 1970-01-01, proleptic Gregorian). The generator handles millions of
// dates, so it avoids Date objects and time zones entirely and formats through a per-day string cache.

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number as [year, month, day]. */
export function civilOf(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

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

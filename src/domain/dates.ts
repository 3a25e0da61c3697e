// Calendar rules for registry dates. Legacy records often know only the year or the month of birth, so dates are
// canonical strings of three precisions. Bulk loads parse millions of these, hence plain arithmetic on char codes
// rather than Date objects (which also drag in time zones we never want).

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; always zero-padded so string order is calendar order. */
export type PartialDate = string;

export type DateParseResult = { ok: true; value: PartialDate } | { ok: false; reason: string };

export const MIN_YEAR = 1800;
export const MAX_YEAR = 2999;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DASH = 45;
const DOT = 46;
const SLASH = 47;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad4(n: number): string {
  return n >= 1000 ? `${n}` : `${n}`.padStart(4, '0');
}

function expected(s: string): string {
  return `unrecognised date "${s}": expected YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or MM/YYYY`;
}

function isInYearRange(y: number): boolean {
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** 0 means "not given" for month and day, so one checker serves all three precisions. */
function checkParts(y: number, m: number, d: number): string | undefined {
  if (!isInYearRange(y)) return `year ${y} is outside the accepted range ${MIN_YEAR}–${MAX_YEAR}`;
  if (m === 0) return undefined;
  if (m > 12) return `month ${m} does not exist (months are 1–12)`;
  if (d === 0) return undefined;
  if (d > daysInMonth(y, m)) return `day ${d} does not exist in ${MONTH_NAMES[m - 1]} ${y}`;
  return undefined;
}

/**
 * Reads what clerks type: ISO year-first with `-`, or Vietnamese day-first with `/`, `-` or `.`.
 * Month and day may be one or two digits; the year must be four so day-first and year-first never collide.
 */
export function parseDateInput(raw: string): DateParseResult {
  const s = raw.trim();
  const len = s.length;
  if (len === 0) return { ok: false, reason: 'date is empty' };
  // Most dates already arrive canonical (YYYY-MM-DD); those are returned as they are, without rebuilding the string.
  if (isValidIsoDate(s) && isInYearRange(digitsAt(s, 0, 4))) return { ok: true, value: s };
  // Up to three digit groups a, b, c with the separators between them.
  let a = 0;
  let b = 0;
  let c = 0;
  let la = 0;
  let lb = 0;
  let lc = 0;
  let sep1 = 0;
  let sep2 = 0;
  let groups = 0;
  let i = 0;
  for (;;) {
    let v = 0;
    const start = i;
    while (i < len) {
      const ch = s.charCodeAt(i);
      if (ch < 48 || ch > 57) break;
      v = v * 10 + ch - 48;
      i++;
    }
    const l = i - start;
    if (l === 0 || l > 4 || groups === 3) return { ok: false, reason: expected(s) };
    if (groups === 0) {
      a = v;
      la = l;
    } else if (groups === 1) {
      b = v;
      lb = l;
    } else {
      c = v;
      lc = l;
    }
    groups++;
    if (i === len) break;
    const sep = s.charCodeAt(i);
    if (sep !== DASH && sep !== SLASH && sep !== DOT) return { ok: false, reason: expected(s) };
    if (groups === 1) sep1 = sep;
    else sep2 = sep;
    i++;
  }
  if (groups === 3 && sep1 !== sep2) return { ok: false, reason: `mixed separators in date "${s}"` };

  let y: number;
  let m = 0;
  let d = 0;
  if (groups === 1) {
    if (la !== 4) return { ok: false, reason: expected(s) };
    y = a;
  } else if (la === 4) {
    if (sep1 !== DASH || lb > 2 || (groups === 3 && lc > 2)) return { ok: false, reason: expected(s) };
    y = a;
    m = b;
    if (groups === 3) d = c;
  } else if (groups === 2) {
    if (lb !== 4 || la > 2) return { ok: false, reason: expected(s) };
    y = b;
    m = a;
  } else {
    if (lc !== 4 || la > 2 || lb > 2) return { ok: false, reason: expected(s) };
    y = c;
    m = b;
    d = a;
  }
  // A typed "0" month or day must be rejected, not mistaken for "not given".
  if (groups >= 2 && m === 0) return { ok: false, reason: 'month 0 does not exist (months are 1–12)' };
  if (groups === 3 && d === 0) {
    return { ok: false, reason: `day 0 does not exist in ${MONTH_NAMES[m - 1] ?? `month ${m}`} ${y}` };
  }
  const bad = checkParts(y, m, d);
  if (bad !== undefined) return { ok: false, reason: bad };
  const ys = pad4(y);
  if (m === 0) return { ok: true, value: ys };
  if (d === 0) return { ok: true, value: `${ys}-${pad2(m)}` };
  return { ok: true, value: `${ys}-${pad2(m)}-${pad2(d)}` };
}

function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return -1;
    v = v * 10 + ch - 48;
  }
  return v;
}

/** Strict `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar (any four-digit year). */
export function isValidIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  return y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Canonical partial date of any precision (no domain year range; that is parseDateInput's job). */
export function isPartialDate(s: string): boolean {
  if (s.length === 10) return isValidIsoDate(s);
  if (s.length === 7) {
    const m = digitsAt(s, 5, 2);
    return s.charCodeAt(4) === DASH && digitsAt(s, 0, 4) >= 0 && m >= 1 && m <= 12;
  }
  return s.length === 4 && digitsAt(s, 0, 4) >= 0;
}

export function isFullDate(d: PartialDate): boolean {
  return isValidIsoDate(d);
}

function requirePartial(d: string): void {
  if (!isPartialDate(d)) throw new RangeError(`not a partial date (YYYY, YYYY-MM or YYYY-MM-DD): "${d}"`);
}

function requireIso(d: string): void {
  if (!isValidIsoDate(d)) throw new RangeError(`not a valid YYYY-MM-DD date: "${d}"`);
}

export function firstDay(d: PartialDate): string {
  requirePartial(d);
  if (d.length === 4) return `${d}-01-01`;
  if (d.length === 7) return `${d}-01`;
  return d;
}

export function lastDay(d: PartialDate): string {
  requirePartial(d);
  if (d.length === 4) return `${d}-12-31`;
  if (d.length === 7) return `${d}-${pad2(daysInMonth(digitsAt(d, 0, 4), digitsAt(d, 5, 2)))}`;
  return d;
}

export function yearOf(d: PartialDate): number {
  requirePartial(d);
  return digitsAt(d, 0, 4);
}

/** Zero-padding makes string order calendar order; a coarser date sorts before the finer ones it contains. */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isAfter(a: string, b: string): boolean {
  return compareIso(a, b) > 0;
}

/** Legal anniversaries of 29 February fall on 28 February in common years. */
export function addYears(isoDate: string, n: number): string {
  requireIso(isoDate);
  if (!Number.isInteger(n)) throw new RangeError(`years to add must be an integer, got ${n}`);
  const y = digitsAt(isoDate, 0, 4) + n;
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} cannot be written as YYYY`);
  const m = digitsAt(isoDate, 5, 2);
  const d = digitsAt(isoDate, 8, 2);
  return `${pad4(y)}-${pad2(m)}-${pad2(m === 2 && d === 29 && !isLeapYear(y) ? 28 : d)}`;
}

// Days since 1970-01-01 and back, after Howard Hinnant's public-domain civil calendar algorithms: exact for every
// Gregorian date and free of Date's time-zone and range surprises.
/** Day number (days since 1970-01-01) of a civil date. */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number as [year, month, day]. */
export function civilOf(day: number): [number, number, number] {
  const zz = day + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function fromDayNumber(z: number): string {
  const [y, m, d] = civilOf(z);
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} cannot be written as YYYY`);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

function dayNumber(iso: string): number {
  requireIso(iso);
  return dayOf(digitsAt(iso, 0, 4), digitsAt(iso, 5, 2), digitsAt(iso, 8, 2));
}

export function addDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days to add must be an integer, got ${n}`);
  return fromDayNumber(dayNumber(isoDate) + n);
}

/** Signed number of days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Completed years on `on`, i.e. the largest n with addYears(firstDay(dob), n) <= on, so ages agree with
 * anniversaries computed by addYears (a 29 February child turns a year older on 28 February in common years).
 * A partial dob counts from its earliest possible birthday, which never understates an age-gated right's start.
 * Negative when `on` precedes the birth.
 */
export function ageOn(dob: PartialDate, on: string): number {
  const b = firstDay(dob);
  requireIso(on);
  const by = digitsAt(b, 0, 4);
  const bm = digitsAt(b, 5, 2);
  let bd = digitsAt(b, 8, 2);
  const oy = digitsAt(on, 0, 4);
  const om = digitsAt(on, 5, 2);
  const od = digitsAt(on, 8, 2);
  if (bm === 2 && bd === 29 && !isLeapYear(oy)) bd = 28;
  const beforeBirthday = om < bm || (om === bm && od < bd);
  return oy - by - (beforeBirthday ? 1 : 0);
}

// Dates as a Vietnamese officer writes them (day/month/year), whatever the language: registry dates may be
// partial (a year, or a month and year) for legacy records.
import dayjs from 'dayjs';

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (d) return `${d}/${mo}/${y}`;
  if (mo) return `${mo}/${y}`;
  return y ?? value;
}

/** A moment in the browser's time zone, to the second. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('DD/MM/YYYY HH:mm:ss') : value;
}

export function isoDay(d: dayjs.Dayjs): string {
  return d.format('YYYY-MM-DD');
}

/**
 * Reads what an officer types for a birth date: 1990, 03/1990, 15/03/1990 (or ISO forms).
 * Returns the search parameter to send, or null when the text is not a date.
 */
export function parseBirthInput(text: string): { year: number } | { dob: string } | null {
  const s = text.trim();
  let m = /^(\d{4})$/.exec(s);
  if (m) return { year: Number(m[1]) };
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return validMonth(Number(m[1])) ? { dob: `${m[2]}-${pad(m[1]!)}` } : null;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m)
    return validDay(Number(m[3]), Number(m[2]), Number(m[1])) ? { dob: `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}` } : null;
  m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (m) {
    if (!validMonth(Number(m[2]))) return null;
    if (m[3] && !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
    return { dob: s };
  }
  return null;
}

function pad(n: string): string {
  return n.padStart(2, '0');
}

function validMonth(m: number): boolean {
  return m >= 1 && m <= 12;
}

function validDay(y: number, m: number, d: number): boolean {
  if (!validMonth(m) || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

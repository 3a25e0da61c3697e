// Spreadsheet and JSON values as the text a ballot holds. A number cell is written out in full (a 12-digit PIN
// must not become 1.23E+11); a PIN that lost its leading zero in Excel then fails PIN validation downstream, which
// is the right outcome: the reader does not guess digits back.

/** Decimal notation, never an exponent: 1e21 → "1000000000000000000000", 1.5e-7 → "0.00000015". */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead! + frac;
  const point = 1 + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** An Excel date cell (a UTC Date from the reader) as ISO 8601: the day, or day and time if it has a time. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

// Standardisation of single values before comparison. Every value ends as a string where '' means null, so that
// the prepared columns stay plain string arrays (cheap to send to worker threads, monomorphic in the hot loop).
// Placeholders ("unknown", "-", "0000000") become null here: weights can only be as good as the null handling,
// because a placeholder agreeing with itself would otherwise count as strong evidence.
import { canonicalName, foldName, splitName } from '../../../domain/names.ts';

const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'unknown',
  'unk',
  'n a',
  'na',
  'none',
  'null',
  'nil',
  'not known',
  'not stated',
  'nn',
  'x',
  'xx',
  'xxx',
  'khong ro',
  'chua ro',
  'khong co',
  'chua co',
  'khong',
  'khong biet',
]);

/** Folded text key: foldName (NFC-insensitive, diacritics and đ folded), punctuation to spaces, apostrophes dropped. */
export function foldText(raw: string): string {
  const f = foldName(raw);
  if (f === '') return '';
  const cleaned = f
    .replace(/'/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return PLACEHOLDERS.has(cleaned) ? '' : cleaned;
}

/** Name as typed but canonical: NFC, tone marks on their canonical vowel (Hoà → Hòa), lower case. */
export function exactName(raw: string): string {
  return canonicalName(raw).toLowerCase();
}

export interface NameValue {
  /** With diacritics (canonical, lower case); '' when null. */
  exact: string;
  /** Folded; '' when null. */
  fold: string;
}

export function nameValue(raw: string): NameValue {
  const fold = foldText(raw);
  return fold === '' ? { exact: '', fold: '' } : { exact: exactName(raw), fold };
}

/** The three parts of a full name, each standardised. */
export function fullNameParts(
  raw: string,
  order: 'family-first' | 'given-first',
): Record<'family' | 'middle' | 'given', NameValue> {
  if (foldText(raw) === '') return { family: nameValue(''), middle: nameValue(''), given: nameValue('') };
  const cleaned = raw.replace(/[,.;]+/g, ' ');
  let parts = splitName(cleaned);
  if (order === 'given-first') {
    const words = cleaned.trim().split(/\s+/);
    parts =
      words.length === 1
        ? { family: '', middle: '', given: words[0]! }
        : { given: words[0]!, middle: words.slice(1, -1).join(' '), family: words[words.length - 1]! };
  }
  return { family: nameValue(parts.family), middle: nameValue(parts.middle), given: nameValue(parts.given) };
}

/** Identifiers: letters and digits only, upper case; null when blank or one repeated character (000000000). */
export function idValue(raw: string): string {
  const v = foldName(raw)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (v === '' || /^(.)\1*$/.test(v)) return '';
  return v;
}

/**
 * Phone numbers: digits only, compared on the last nine so that "+84 912 345 678" and "0912345678" agree
 * (nine is the Vietnamese national significant number; other plans differ only in a leading digit or two).
 */
export function phoneValue(raw: string): string {
  const d = raw.replace(/\D/g, '');
  if (d.length < 6 || /^(.)\1*$/.test(d)) return '';
  return d.length > 9 ? d.slice(-9) : d;
}

export function emailValue(raw: string): string {
  const v = raw.trim().toLowerCase();
  return v.includes('@') && v.length > 3 ? v : '';
}

export function postcodeValue(raw: string): string {
  const v = foldName(raw)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return v === '' || /^0+$/.test(v) ? '' : v;
}

const SEX: Record<string, string> = {
  m: 'm',
  male: 'm',
  man: 'm',
  nam: 'm',
  f: 'f',
  female: 'f',
  woman: 'f',
  nu: 'f',
};

/** Sex in any common spelling (M/F, male/female, Nam/Nữ); anything else is kept folded. */
export function sexValue(raw: string): string {
  const f = foldText(raw);
  return SEX[f] ?? f;
}

/** Street or house numbers: folded, no spaces ("12 A" = "12a"). */
export function numberValue(raw: string): string {
  return foldText(raw).replace(/ /g, '');
}

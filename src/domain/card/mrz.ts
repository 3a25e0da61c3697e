// The machine-readable zone of the card: ICAO Doc 9303 Part 5 TD1, three lines of 30 characters, laid out as on
// real Vietnamese cards (domain.md §4.4):
//   line 1  ID VNM <doc no: last 9 PIN digits> <cd> <optional: 12-digit PIN> << <cd of the PIN>
//   line 2  <DOB YYMMDD> <cd> <sex> <expiry YYMMDD> <cd> <nationality> <11 fillers> <composite cd>
//   line 3  SURNAME<<MIDDLE<GIVEN, no diacritics (Đ→D), filled with '<'
//
// Two cases the sample does not show:
// - Partial dates of birth (legacy records that know only the year, or year and month): Doc 9303 Part 3 §4.8
//   (representation of dates) fills the unknown day and/or month positions with '<', e.g. 93<<<< or 9301<<;
//   the check digit is computed over the field as written ('<' counts 0).
// - Cards valid for life (issued at 58 or later, expiresOn null): Doc 9303 has no "no expiry" value for TD1. We
//   write the field as six fillers, the same convention Part 3 §4.8 uses for an unknown date, and give it the
//   check digit the Part 3 §4.9 algorithm yields for it (fillers count 0, so '0'), never '<': a '<' check digit is
//   allowed only for optional-data fields, and readers that verify every digit (the `mrz` package used in our
//   tests among them) reject it. The `mrz` package parses <<<<<< as an expiry and reports every check valid.

import { ValidationError } from '../errors.ts';
import { toMrzName } from '../names.ts';
import { requireDate } from './card.dates.ts';
import type { PrintedCard } from './card.types.ts';
import { mrzDocumentNumber } from './number.ts';

const LINE = 30;
const FILLER = '<';
const ISSUING_STATE = 'VNM';
const WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303 Part 3 §4.9: weights 7-3-1 repeating, digits as themselves, A–Z as 10–35, '<' as 0; sum mod 10. */
export function mrzCheckDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else throw new RangeError(`character "${s[i]}" cannot appear in an MRZ (only A-Z, 0-9 and <)`);
    sum += v * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

/** YYYY-MM-DD, YYYY-MM or YYYY → YYMMDD with '<' for the unknown parts. */
function mrzDate(date: string, field: string, partial: boolean): string {
  requireDate(date, field, partial);
  const mm = date.length >= 7 ? date.slice(5, 7) : '<<';
  const dd = date.length === 10 ? date.slice(8, 10) : '<<';
  return date.slice(2, 4) + mm + dd;
}

/**
 * Fits the name to the 30 positions of line 3 (Doc 9303 Part 3 §4.6, truncation): the surname is kept whole when
 * it leaves room for the `<<` and a letter of the given names, and the field is cut at position 30. Should the cut
 * fall on a separator, that separator is dropped rather than left as the last character of a truncated name.
 */
function nameField(fullName: string): string {
  const name = toMrzName(fullName);
  if (name.length <= LINE) return name.padEnd(LINE, FILLER);
  let cut = name.slice(0, LINE);
  while (cut.endsWith(FILLER)) cut = cut.slice(0, -1);
  return cut.padEnd(LINE, FILLER);
}

type MrzInput = Pick<PrintedCard, 'number' | 'fullName' | 'dateOfBirth' | 'sex' | 'expiresOn' | 'nationality'>;

export function buildMrz(c: MrzInput): [string, string, string] {
  const doc = mrzDocumentNumber(c.number);
  const line1 = `ID${ISSUING_STATE}${doc}${mrzCheckDigit(doc)}${c.number}<<${mrzCheckDigit(c.number)}`;
  const dob = mrzDate(c.dateOfBirth, 'dateOfBirth', true);
  const expiry = c.expiresOn === null ? '<<<<<<' : mrzDate(c.expiresOn, 'expiresOn', false);
  if (!/^[A-Z]{3}$/.test(c.nationality)) {
    throw new ValidationError([
      {
        field: 'nationality',
        rule: 'mrz.nationality',
        message: 'expected an ICAO three-letter code',
        value: c.nationality,
      },
    ]);
  }
  const head = `${dob}${mrzCheckDigit(dob)}${c.sex}${expiry}${mrzCheckDigit(expiry)}${c.nationality}`;
  const optional2 = FILLER.repeat(11);
  const composite = mrzCheckDigit(line1.slice(5) + head.slice(0, 7) + head.slice(8, 15) + optional2);
  return [line1, `${head}${optional2}${composite}`, nameField(c.fullName)];
}

export interface ParsedMrz {
  docNumber: string;
  pin: string;
  /** YYMMDD as written, '<' for unknown parts. */
  dateOfBirth: string;
  sex: 'M' | 'F' | '<';
  /** YYMMDD as written; '<<<<<<' for a card valid for life. */
  expiry: string;
  nationality: string;
  surname: string;
  givenNames: string;
  checksValid: boolean;
}

const LINE_RE = /^[A-Z0-9<]{30}$/;

function digitOk(field: string, digit: string): boolean {
  return digit === String(mrzCheckDigit(field));
}

function unfill(s: string): string {
  return s.replace(/<+/g, ' ').trim();
}

/** Reads a TD1 zone written as buildMrz writes it; checksValid covers all five check digits. */
export function parseMrz(lines: readonly string[]): ParsedMrz {
  const bad = lines.length !== 3 ? 0 : lines.findIndex((l) => !LINE_RE.test(l));
  if (lines.length !== 3 || bad >= 0) {
    throw new ValidationError([
      {
        field: 'mrz',
        rule: 'mrz.format',
        message: 'expected three lines of 30 characters from A-Z, 0-9 and <',
        value: lines.join('\n'),
      },
    ]);
  }
  const [l1, l2, l3] = lines as [string, string, string];
  const docNumber = l1.slice(5, 14);
  const pin = l1.slice(15, 27);
  const dob = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  const composite = l1.slice(5) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  const checksValid =
    digitOk(docNumber, l1[14]!) &&
    digitOk(pin, l1[29]!) &&
    digitOk(dob, l2[6]!) &&
    digitOk(expiry, l2[14]!) &&
    digitOk(composite, l2[29]!);
  const sep = l3.indexOf('<<');
  const sexChar = l2[7]!;
  return {
    docNumber,
    pin,
    dateOfBirth: dob,
    sex: sexChar === 'M' || sexChar === 'F' ? sexChar : '<',
    expiry,
    nationality: l2.slice(15, 18),
    surname: unfill(sep < 0 ? l3 : l3.slice(0, sep)),
    givenNames: sep < 0 ? '' : unfill(l3.slice(sep + 2)),
    checksValid,
  };
}

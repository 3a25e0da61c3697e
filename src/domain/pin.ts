// Personal identification number (số định danh cá nhân): 12 digits PPP C YY RRRRRR, no check digit
// (Decree 137/2015 Art 13, Circular 07/2016 Art 7). PPP = birth-registration province (or country) code,
// C = century and sex, YY = birth year mod 100, RRRRRR = random. A PIN is lifelong, so the 63 pre-2025 province
// codes stay valid after the 2025 merger; province data is injected because it lives in the reference tables.

import { randomInt } from 'node:crypto';
import { parseDateInput, yearOf } from './dates.ts';
import type { Sex } from './dc01.ts';

export type { Sex };

export interface PinProvinceInfo {
  /** The three digits written in the PIN, e.g. "001". */
  pinCode: string;
  /** GSO code of the province as it was when the code was assigned, e.g. "01". */
  provinceCode: string;
  name: string;
  /** GSO code of the province that took it over on 1 July 2025 (itself when it survived). */
  successorCode: string;
}

/** Also answers for configured birth-abroad country codes, which are not published (see domain notes §3). */
export type PinProvinceLookup = (pinCode: string) => PinProvinceInfo | undefined;

export interface PinReason {
  rule: string;
  message: string;
}

export interface PinReport {
  pin: string;
  valid: boolean;
  reasons: PinReason[];
  provinceCode?: string;
  province?: PinProvinceInfo;
  sex?: Sex;
  century?: number;
  birthYear?: number;
  serial?: string;
}

export interface PinRecordFacts {
  /** Partial dates are fine: only the year is compared. */
  dateOfBirth: string;
  sex: Sex;
  /** Current (post-merger) province code of the birth registration, when known. */
  birthRegistrationProvince?: string;
}

export const PIN_RULE_LABELS_VI: Record<string, string> = {
  'pin.format': 'Số định danh cá nhân phải gồm đúng 12 chữ số',
  'pin.province': 'Mã nơi đăng ký khai sinh không hợp lệ',
  'pin.century_sex': 'Mã thế kỷ và giới tính không khớp',
  'pin.year': 'Năm sinh không khớp',
};

export const PIN_MIN_YEAR = 1900;
export const PIN_MAX_YEAR = 2399;

function isTwelveDigits(pin: string): boolean {
  if (pin.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = pin.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function formatProblem(pin: string): string | undefined {
  // Checked first so that the usual well-formed PIN costs no allocation.
  if (isTwelveDigits(pin)) return undefined;
  const problems: string[] = [];
  if (pin.length !== 12) problems.push(`length ${pin.length}`);
  for (let i = 0; i < pin.length; i++) {
    const c = pin.charCodeAt(i);
    if (c < 48 || c > 57) {
      problems.push(`non-digit ${JSON.stringify(pin[i])} at position ${i + 1}`);
      break;
    }
  }
  return problems.length === 0 ? undefined : `a PIN is exactly 12 digits; found ${problems.join(' and ')}`;
}

/** The single digit that encodes both century and sex: even for men, odd for women. */
export function centurySexDigit(birthYear: number, sex: Sex): number {
  if (!Number.isInteger(birthYear) || birthYear < PIN_MIN_YEAR || birthYear > PIN_MAX_YEAR) {
    throw new RangeError(`birth year ${birthYear} cannot be encoded in a PIN (${PIN_MIN_YEAR}–${PIN_MAX_YEAR})`);
  }
  return 2 * Math.floor((birthYear - 1900) / 100) + (sex === 'F' ? 1 : 0);
}

function describeDigit(digit: number): string {
  const from = 1900 + 100 * Math.floor(digit / 2);
  return `${digit % 2 === 1 ? 'female' : 'male'}, born ${from}–${from + 99}`;
}

function unknownProvince(code: string): PinReason {
  return {
    rule: 'pin.province',
    message: `digits 1–3 are ${code}, which is not a known birth-registration province or country code`,
  };
}

export function decodePin(pin: string, lookup: PinProvinceLookup): PinReport {
  const bad = formatProblem(pin);
  if (bad !== undefined) return { pin, valid: false, reasons: [{ rule: 'pin.format', message: bad }] };
  const provinceCode = pin.slice(0, 3);
  const province = lookup(provinceCode);
  const digit = pin.charCodeAt(3) - 48;
  const century = 1900 + 100 * Math.floor(digit / 2);
  const report: PinReport = {
    pin,
    valid: province !== undefined,
    reasons: province === undefined ? [unknownProvince(provinceCode)] : [],
    provinceCode,
    sex: digit % 2 === 1 ? 'F' : 'M',
    century,
    birthYear: century + Number(pin.slice(4, 6)),
    serial: pin.slice(6),
  };
  if (province !== undefined) report.province = province;
  return report;
}

/**
 * Why `pin` cannot belong to the person described by `record`. The PIN's own defects come first, since a
 * malformed PIN cannot be compared at all. A record date that cannot be read is left to the date validator.
 */
export function checkPinAgainst(pin: string, record: PinRecordFacts, lookup: PinProvinceLookup): PinReason[] {
  const report = decodePin(pin, lookup);
  // The report is ours alone, so its fresh reasons list can be extended in place.
  const reasons = report.reasons;
  if (report.provinceCode === undefined) return reasons;

  const dob = parseDateInput(record.dateOfBirth);
  if (dob.ok) {
    const year = yearOf(dob.value);
    const digit = pin.charCodeAt(3) - 48;
    const fits = year >= PIN_MIN_YEAR && year <= PIN_MAX_YEAR && centurySexDigit(year, record.sex) === digit;
    if (!fits) {
      const sex = record.sex === 'F' ? 'female' : 'male';
      reasons.push({
        rule: 'pin.century_sex',
        message: `digit 4 is ${digit} (${describeDigit(digit)}) but the record says ${sex}, born ${year}`,
      });
    }
    const yy = pin.slice(4, 6);
    if (Number(yy) !== year % 100) {
      reasons.push({ rule: 'pin.year', message: `digits 5–6 are ${yy} but the birth year is ${year}` });
    }
  }

  const claimed = record.birthRegistrationProvince;
  const p = report.province;
  // Accept the pre-merger province, its successor, or the three-digit code itself: all name the same registration.
  if (claimed !== undefined && p !== undefined && !namesProvince(p, claimed)) {
    reasons.push({
      rule: 'pin.province',
      message:
        `digits 1–3 are ${p.pinCode} (${p.name}, province ${p.provinceCode}, now ${p.successorCode}) ` +
        `but the record's birth-registration province is ${claimed}`,
    });
  }
  return reasons;
}

function namesProvince(p: PinProvinceInfo, code: string): boolean {
  return code === p.successorCode || code === p.provinceCode || code === p.pinCode;
}

export function composePin(pinProvinceCode: string, birthYear: number, sex: Sex, serial: number): string {
  if (!/^\d{3}$/.test(pinProvinceCode)) {
    throw new RangeError(`PIN province code must be 3 digits, got ${JSON.stringify(pinProvinceCode)}`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) {
    throw new RangeError(`PIN serial must be an integer 0–999999, got ${serial}`);
  }
  const digit = centurySexDigit(birthYear, sex);
  return `${pinProvinceCode}${digit}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

/** Cryptographic so serials cannot be predicted from neighbours; uniqueness is enforced by the database. */
export function randomSerial(): number {
  return randomInt(0, 1_000_000);
}

/** Convenience for callers holding reference rows in memory. */
export function pinLookupFrom(rows: Iterable<PinProvinceInfo>): PinProvinceLookup {
  const byCode = new Map<string, PinProvinceInfo>();
  for (const row of rows) byCode.set(row.pinCode, row);
  return (code) => byCode.get(code);
}

// The QR code printed on the card (domain.md §4.5): one UTF-8 line of `|`-separated fields, as on 2021 chip cards:
//   PIN | old 9-digit CMND (may be empty) | full name | date of birth ddmmyyyy | Nam/Nữ | residence | issued ddmmyyyy
// Names and addresses keep their diacritics. Readers meet cards whose QR has no CMND field (six fields), so
// parseQr accepts both, and an optional last field: the signature that src/modules/card/crypto appends.
// A legacy partial date of birth is written with 00 for the unknown day (and month): 00011993, 00001993.

import { ValidationError } from '../errors.ts';
import { requireDate } from './card.dates.ts';
import type { PrintedCard } from './card.types.ts';

const SEP = '|';

function ddmmyyyy(date: string, field: string, partial: boolean): string {
  requireDate(date, field, partial);
  const [y, m = '00', d = '00'] = date.split('-');
  return `${d}${m}${y}`;
}

function field(value: string, name: string): string {
  if (value.includes(SEP) || /[\r\n]/.test(value)) {
    throw new ValidationError([
      { field: name, rule: 'card.qr_separator', message: 'cannot hold "|" or a line break in the QR code', value },
    ]);
  }
  return value;
}

export function qrText(c: PrintedCard & { oldIdNumber: string | null }): string {
  return [
    field(c.number, 'number'),
    field(c.oldIdNumber ?? '', 'oldIdNumber'),
    field(c.fullName.normalize('NFC'), 'fullName'),
    ddmmyyyy(c.dateOfBirth, 'dateOfBirth', true),
    c.sex === 'M' ? 'Nam' : 'Nữ',
    field((c.residence ?? '').normalize('NFC'), 'residence'),
    ddmmyyyy(c.issuedOn, 'issuedOn', false),
  ].join(SEP);
}

export interface ParsedQr {
  pin: string;
  oldId: string | null;
  fullName: string;
  /** YYYY-MM-DD, or YYYY-MM / YYYY when the card gives 00 for the unknown parts. */
  dateOfBirth: string;
  sex: 'M' | 'F';
  address: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  /** The field after the issue date, if any (the card's signature). */
  signature: string | null;
}

function invalid(message: string, value: string): ValidationError {
  return new ValidationError([{ field: 'qr', rule: 'card.qr_format', message, value }]);
}

function sexOf(s: string): 'M' | 'F' | null {
  const f = s.normalize('NFC').toLowerCase();
  return f === 'nam' ? 'M' : f === 'nữ' || f === 'nu' ? 'F' : null;
}

function isoOf(s: string, what: string, text: string, partialOk: boolean): string {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m === null) throw invalid(`${what} must be ddmmyyyy, got "${s}"`, text);
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  if (partialOk && mm === '00') return yyyy;
  if (partialOk && dd === '00') return `${yyyy}-${mm}`;
  const d = Number(dd);
  const mo = Number(mm);
  const last = new Date(Date.UTC(Number(yyyy), mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > last) throw invalid(`${what} "${s}" is not a calendar date`, text);
  return `${yyyy}-${mm}-${dd}`;
}

/** Reads the 7-field text (or the 6-field one without the CMND), with an optional signature field at the end. */
export function parseQr(text: string): ParsedQr {
  const f = text.replace(/\r?\n$/, '').split(SEP);
  // The sex field anchors the layout: 5th with the CMND field, 4th without it.
  const sexAt = f.length >= 7 && sexOf(f[4]!) !== null ? 4 : f.length >= 6 && sexOf(f[3]!) !== null ? 3 : -1;
  if (sexAt < 0) throw invalid('expected PIN|CMND|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy (CMND optional)', text);
  const extra = f.length - (sexAt + 3);
  if (extra > 1) throw invalid(`${extra} fields after the issue date, at most one (the signature) is allowed`, text);
  const pin = f[0]!;
  if (!/^\d{12}$/.test(pin)) throw invalid(`PIN must be 12 digits, got "${pin}"`, text);
  const oldId = sexAt === 4 && f[1] !== '' ? f[1]! : null;
  if (oldId !== null && !/^\d{9}(\d{3})?$/.test(oldId))
    throw invalid(`old ID must be 9 or 12 digits, got "${oldId}"`, text);
  return {
    pin,
    oldId,
    fullName: f[sexAt - 2]!,
    dateOfBirth: isoOf(f[sexAt - 1]!, 'date of birth', text, true),
    sex: sexOf(f[sexAt]!)!,
    address: f[sexAt + 1]!,
    issuedOn: isoOf(f[sexAt + 2]!, 'issue date', text, false),
    signature: extra === 1 ? f[sexAt + 3]! : null,
  };
}

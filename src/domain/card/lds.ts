// Chip data groups (ICAO Doc 9303 Part 10, Logical Data Structure) as DER bytes, written with a small TLV encoder
// instead of a general ASN.1 library: production builds 100,000 cards per batch and these are fixed shapes.
//
// DG1  61 { 5F1F <MRZ, ASCII, the three TD1 lines joined: 90 bytes> }                → 61 5D 5F 1F 5A …
// DG2  75 { 7F61 { 02 01 01 (one instance),                                          Part 10 §4.7.2
//                  7F60 { A1 { 80 ICAO header version 0101, 81 biometric type 02 (face), 82 subtype 00,
//                              87 format owner 0101 (ISO/IEC JTC 1/SC 37), 88 format type 0008 (face image) },
//                         5F2E <ISO/IEC 19794-5:2005 facial record> } } }
//      The facial record: header 'FAC\0' '010\0' <record length u32> <images u16 = 1>; facial information
//      <block length u32> <feature points u16 = 0> gender, eye, hair <u8 = 0 unspecified> <property mask u24 = 0>
//      <expression u16 = 0> <pose angles u24 = 0> <uncertainties u24 = 0>; image information <face image type
//      u8 = 1 full frontal> <data type u8 = 0 JPEG> <width u16> <height u16> <colour space u8 = 1 RGB24>
//      <source u8 = 2 digital still camera> <device u16 = 0> <quality u16 = 0>; then the JPEG. Big-endian.
// DG13 6D { 30 { field… } }  Vietnamese national data group. Its layout is not published; we follow the field
//      numbers seen in card-reader code (domain.md §4.6) and write each field as SEQUENCE { INTEGER number,
//      UTF8String value… } in field-number order, absent fields left out:
//        1 card number (PIN)   2 full name   3 date of birth dd/mm/yyyy (mm/yyyy or yyyy for partial dates)
//        4 sex Nam/Nữ   5 nationality name   6 ethnicity   7 religion   8 hometown   9 residence
//        11 issue date dd/mm/yyyy   12 expiry dd/mm/yyyy, or "Không thời hạn" for a card valid for life
//        13 father's name, mother's name (two UTF8Strings, empty when unknown)   16 old ID number
//        17 birth-registration place (our addition: the 2024 card prints it, no reader tag for it was found)
//      Field 10 (identification marks) is not part of the printed snapshot and is not written.

import { ValidationError } from '../errors.ts';
import { requireDate } from './card.dates.ts';
import type { PrintedCard } from './card.types.ts';
import { cons, der, derBefore, prim, text } from './der.ts';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const bytes = (...b: number[]) => Uint8Array.from(b);

function invalid(field: string, message: string, value?: unknown): ValidationError {
  return new ValidationError([{ field, rule: 'card.lds_format', message, value }]);
}

export function encodeDg1(mrz: readonly string[]): Uint8Array {
  const text = mrz.join('');
  if (!/^[A-Z0-9<]+$/.test(text) || ![72, 88, 90].includes(text.length)) {
    throw invalid('mrz', 'expected the MRZ lines of a TD1, TD2 or TD3 document (A-Z, 0-9, <)', mrz);
  }
  return der(cons(0x61, prim(0x5f1f, utf8.encode(text))));
}

const FACE_HEADER_LENGTH = 14;
const FACE_INFO_LENGTH = 20;
const IMAGE_INFO_LENGTH = 12;

/** The 46 bytes of the ISO/IEC 19794-5 record before the image (see the header comment); zero means unspecified. */
function faceRecordHead(jpegLength: number, width: number, height: number): Uint8Array {
  const head = new Uint8Array(FACE_HEADER_LENGTH + FACE_INFO_LENGTH + IMAGE_INFO_LENGTH);
  const v = new DataView(head.buffer);
  const dataLength = FACE_INFO_LENGTH + IMAGE_INFO_LENGTH + jpegLength;
  head.set([0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00], 0); // 'FAC\0' '010\0'
  v.setUint32(8, FACE_HEADER_LENGTH + dataLength);
  v.setUint16(12, 1); // one facial image
  v.setUint32(14, dataLength);
  // 18–33: no feature points, gender/eyes/hair/property mask/expression/pose unspecified (zeros).
  const img = FACE_HEADER_LENGTH + FACE_INFO_LENGTH;
  head[img] = 1; // full frontal
  head[img + 1] = 0; // JPEG
  v.setUint16(img + 2, width);
  v.setUint16(img + 4, height);
  head[img + 6] = 1; // 24-bit RGB
  head[img + 7] = 2; // digital still camera
  // device type and quality: unspecified (zeros).
  return head;
}

// The biometric header template never changes: ICAO header version 1.1, face, no subtype, SC 37 face image format.
const BIOMETRIC_HEADER = cons(
  0xa1,
  prim(0x80, bytes(0x01, 0x01)),
  prim(0x81, bytes(0x02)),
  prim(0x82, bytes(0x00)),
  prim(0x87, bytes(0x01, 0x01)),
  prim(0x88, bytes(0x00, 0x08)),
);
const ONE_INSTANCE = prim(0x02, bytes(0x01));

function dg2Tree(jpeg: Uint8Array, width: number, height: number) {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw invalid('photo', 'is not a JPEG image');
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) throw invalid(name, 'must be an integer from 1 to 65535', v);
  }
  const block = prim(0x5f2e, faceRecordHead(jpeg.length, width, height), jpeg);
  return cons(0x75, cons(0x7f61, ONE_INSTANCE, cons(0x7f60, BIOMETRIC_HEADER, block)));
}

export function encodeDg2(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  return der(dg2Tree(jpeg, width, height));
}

/** DG2 as two pieces, the bytes before the JPEG and the JPEG itself, whose concatenation is encodeDg2's output. */
export function encodeDg2Parts(jpeg: Uint8Array, width: number, height: number): [Uint8Array, Uint8Array] {
  return [derBefore(dg2Tree(jpeg, width, height), jpeg), jpeg];
}

const LIFELONG = 'Không thời hạn';

function vnDate(date: string): string {
  // A full date is the common case (every issue and expiry date): slices, not a split and a join per card.
  if (date.length === 10) return `${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  const [y, m, d] = date.split('-');
  return [d, m, y].filter((p) => p !== undefined).join('/');
}

function isoDate(s: string): string {
  return s.split('/').reverse().join('-');
}

const FIELD_NUMBERS = Array.from({ length: 32 }, (_, n) => prim(0x02, bytes(n)));

function field(n: number, ...values: string[]) {
  return cons(0x30, FIELD_NUMBERS[n]!, ...values.map((v) => text(0x0c, v)));
}

export function encodeDg13(c: PrintedCard): Uint8Array {
  requireDate(c.dateOfBirth, 'dateOfBirth', true);
  requireDate(c.issuedOn, 'issuedOn', false);
  if (c.expiresOn !== null) requireDate(c.expiresOn, 'expiresOn', false);
  const fields = [
    field(1, c.number),
    field(2, c.fullName.normalize('NFC')),
    field(3, vnDate(c.dateOfBirth)),
    field(4, c.sex === 'M' ? 'Nam' : 'Nữ'),
    field(5, c.nationalityName),
  ];
  const optional: [number, string | null][] = [
    [6, c.ethnicity],
    [7, c.religion],
    [8, c.hometown],
    [9, c.residence],
  ];
  for (const [n, v] of optional) if (v !== null) fields.push(field(n, v.normalize('NFC')));
  fields.push(field(11, vnDate(c.issuedOn)), field(12, c.expiresOn === null ? LIFELONG : vnDate(c.expiresOn)));
  if (c.fatherName !== null || c.motherName !== null) {
    fields.push(field(13, (c.fatherName ?? '').normalize('NFC'), (c.motherName ?? '').normalize('NFC')));
  }
  if (c.oldIdNumber !== null) fields.push(field(16, c.oldIdNumber));
  if (c.birthRegistrationPlace !== null) fields.push(field(17, c.birthRegistrationPlace.normalize('NFC')));
  return der(cons(0x6d, cons(0x30, ...fields)));
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** Reads the TLV at `at` within `b` (up to `limit`): multi-byte tags, short and long DER lengths. */
function readTlv(b: Uint8Array, at: number, limit: number, where: string): Tlv {
  let i = at;
  const bad = () => invalid(where, `malformed TLV at byte ${at}`);
  if (i >= limit) throw bad();
  let tag = b[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    do {
      if (i >= limit) throw bad();
      tag = tag * 256 + b[i]!;
    } while (b[i++]! & 0x80);
  }
  if (i >= limit) throw bad();
  let len = b[i++]!;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4 || i + count > limit) throw bad();
    len = 0;
    for (let k = 0; k < count; k++) len = len * 256 + b[i++]!;
  }
  if (i + len > limit) throw bad();
  return { tag, start: i, end: i + len };
}

function expectTlv(b: Uint8Array, at: number, limit: number, tag: number, where: string): Tlv {
  const t = readTlv(b, at, limit, where);
  if (t.tag !== tag)
    throw invalid(where, `expected tag ${tag.toString(16)} at byte ${at}, found ${t.tag.toString(16)}`);
  return t;
}

export function decodeDg1(b: Uint8Array): string[] {
  const outer = expectTlv(b, 0, b.length, 0x61, 'dg1');
  const mrz = expectTlv(b, outer.start, outer.end, 0x5f1f, 'dg1');
  const text = utf8Decoder.decode(b.subarray(mrz.start, mrz.end));
  const width = text.length === 90 ? 30 : text.length === 72 ? 36 : text.length === 88 ? 44 : 0;
  if (width === 0) throw invalid('dg1', `MRZ of ${text.length} characters is not TD1, TD2 or TD3`);
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines;
}

export function decodeDg13(b: Uint8Array): Partial<PrintedCard> {
  const outer = expectTlv(b, 0, b.length, 0x6d, 'dg13');
  const seq = expectTlv(b, outer.start, outer.end, 0x30, 'dg13');
  // Our encoder leaves out exactly the fields that are null, so absent ones read back as null.
  const out: Partial<PrintedCard> = {
    ethnicity: null,
    religion: null,
    hometown: null,
    residence: null,
    fatherName: null,
    motherName: null,
    oldIdNumber: null,
    birthRegistrationPlace: null,
  };
  for (let at = seq.start; at < seq.end; ) {
    const f = expectTlv(b, at, seq.end, 0x30, 'dg13');
    at = f.end;
    const num = expectTlv(b, f.start, f.end, 0x02, 'dg13');
    const n = b[num.start]!;
    const values: string[] = [];
    for (let v = num.end; v < f.end; ) {
      const s = expectTlv(b, v, f.end, 0x0c, 'dg13');
      values.push(utf8Decoder.decode(b.subarray(s.start, s.end)));
      v = s.end;
    }
    const v = values[0] ?? '';
    switch (n) {
      case 1:
        out.number = v;
        break;
      case 2:
        out.fullName = v;
        break;
      case 3:
        out.dateOfBirth = isoDate(v);
        break;
      case 4:
        out.sex = v === 'Nam' ? 'M' : 'F';
        break;
      case 5:
        out.nationalityName = v;
        break;
      case 6:
        out.ethnicity = v;
        break;
      case 7:
        out.religion = v;
        break;
      case 8:
        out.hometown = v;
        break;
      case 9:
        out.residence = v;
        break;
      case 11:
        out.issuedOn = isoDate(v);
        break;
      case 12:
        out.expiresOn = v === LIFELONG ? null : isoDate(v);
        break;
      case 13:
        out.fatherName = v === '' ? null : v;
        out.motherName = (values[1] ?? '') === '' ? null : values[1]!;
        break;
      case 16:
        out.oldIdNumber = v;
        break;
      case 17:
        out.birthRegistrationPlace = v;
        break;
      default:
        break; // fields we do not write (10, identification marks) are skipped, not refused
    }
  }
  return out;
}

import fc from 'fast-check';
import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import { buildMrz, mrzCheckDigit, parseMrz } from './mrz.ts';

// The real card of domain.md §4.4, whose check digits were verified by hand against ICAO 9303.
const SAMPLE: [string, string, string] = [
  'IDVNM0930470641001093047064<<2',
  '9301054M3301052VNM<<<<<<<<<<<8',
  'UNG<<HOANG<HIEP<<<<<<<<<<<<<<<',
];

describe('buildMrz', () => {
  it('writes the real sample card exactly', () => {
    const mrz = buildMrz({
      number: '001093047064',
      fullName: 'Ung Hoàng Hiệp',
      dateOfBirth: '1993-01-05',
      sex: 'M',
      expiresOn: '2033-01-05',
      nationality: 'VNM',
    });
    expect(mrz).toEqual(SAMPLE);
  });

  it('writes unknown day and month of a legacy birth date as fillers, accepted by an independent parser', () => {
    const base = { number: '001093047064', fullName: 'Ung Hoàng Hiệp', sex: 'M' as const, nationality: 'VNM' };
    const year = buildMrz({ ...base, dateOfBirth: '1993', expiresOn: '2033-01-01' });
    const month = buildMrz({ ...base, dateOfBirth: '1993-01', expiresOn: '2033-01-01' });
    expect(year[1].slice(0, 6)).toBe('93<<<<');
    expect(month[1].slice(0, 6)).toBe('9301<<');
    for (const m of [year, month]) {
      const r = parse(m);
      expect(r.valid, JSON.stringify(r.details.filter((d) => !d.valid))).toBe(true);
    }
  });

  it('writes a lifelong card expiry as six fillers with check digit 0, accepted by an independent parser', () => {
    const m = buildMrz({
      number: '079160001234',
      fullName: 'Đặng Thị Lựu',
      dateOfBirth: '1960-07-02',
      sex: 'F',
      expiresOn: null,
      nationality: 'VNM',
    });
    expect(m[1].slice(8, 15)).toBe('<<<<<<0');
    expect(m[2]).toBe('DANG<<THI<LUU<<<<<<<<<<<<<<<<<');
    const r = parse(m);
    expect(r.valid).toBe(true);
    expect(r.fields.expirationDate).toBe('<<<<<<');
    expect(parseMrz(m).checksValid).toBe(true);
  });

  it('refuses a malformed PIN or date, naming the field', () => {
    const ok = {
      number: '001093047064',
      fullName: 'A B',
      dateOfBirth: '1993-01-05',
      sex: 'M' as const,
      expiresOn: null,
      nationality: 'VNM',
    };
    expect(() => buildMrz({ ...ok, number: '12345' })).toThrow(/pin/);
    expect(() => buildMrz({ ...ok, dateOfBirth: '05/01/1993' })).toThrow(/dateOfBirth/);
    expect(() => buildMrz({ ...ok, dateOfBirth: '1993-02-30' })).toThrow(/dateOfBirth/);
    expect(() => buildMrz({ ...ok, expiresOn: '2033' })).toThrow(/expiresOn/);
  });
});

describe('mrzCheckDigit', () => {
  it('gives the digits of the real sample (7-3-1 weights)', () => {
    expect(mrzCheckDigit('093047064')).toBe(1);
    expect(mrzCheckDigit('001093047064')).toBe(2);
    expect(mrzCheckDigit('930105')).toBe(4);
    expect(mrzCheckDigit('330105')).toBe(2);
    expect(mrzCheckDigit('<<<<<<')).toBe(0);
  });
});

describe('parseMrz', () => {
  it('reads the real sample', () => {
    expect(parseMrz(SAMPLE)).toEqual({
      docNumber: '093047064',
      pin: '001093047064',
      dateOfBirth: '930105',
      sex: 'M',
      expiry: '330105',
      nationality: 'VNM',
      surname: 'UNG',
      givenNames: 'HOANG HIEP',
      checksValid: true,
    });
  });

  it('flags a changed character through the check digits', () => {
    const tampered = [SAMPLE[0], SAMPLE[1].replace('930105', '930106'), SAMPLE[2]];
    expect(parseMrz(tampered).checksValid).toBe(false);
  });

  it('refuses lines that are not TD1', () => {
    expect(() => parseMrz(SAMPLE.slice(0, 2))).toThrow(/mrz/);
    expect(() => parseMrz([SAMPLE[0], SAMPLE[1], 'ung<<hoang'])).toThrow(/three lines/);
  });
});

// Syllables with their MRZ spelling written out by hand, so the expected readback does not come from our code.
const SURNAMES: [string, string][] = [
  ['Nguyễn', 'NGUYEN'],
  ['Trần', 'TRAN'],
  ['Lê', 'LE'],
  ['Phạm', 'PHAM'],
  ['Đặng', 'DANG'],
  ['Huỳnh', 'HUYNH'],
  ['Vũ', 'VU'],
  ['Ung', 'UNG'],
  ['Đỗ', 'DO'],
  ['Bùi', 'BUI'],
];
const SYLLABLES: [string, string][] = [
  ['Thị', 'THI'],
  ['Văn', 'VAN'],
  ['Hoàng', 'HOANG'],
  ['Hiệp', 'HIEP'],
  ['Ngọc', 'NGOC'],
  ['Đức', 'DUC'],
  ['Thủy', 'THUY'],
  ['Quốc', 'QUOC'],
  ['Phương', 'PHUONG'],
  ['Xuân', 'XUAN'],
  ['Ánh', 'ANH'],
  ['Nguyệt', 'NGUYET'],
  ['Trường', 'TRUONG'],
  ['Khuê', 'KHUE'],
  ['Yến', 'YEN'],
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayArb = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

const cardArb = fc.record({
  surname: fc.constantFrom(...SURNAMES),
  given: fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 7 }),
  dob: dayArb,
  dobPrecision: fc.constantFrom(4, 7, 10),
  expiry: fc.option(dayArb, { nil: null }),
  sex: fc.constantFrom('M' as const, 'F' as const),
  serial: fc.integer({ min: 0, max: 999_999 }),
  province: fc.constantFrom('001', '079', '038', '096'),
});

describe('buildMrz (property: an independent parser accepts every zone and reads our fields back)', () => {
  it('holds for random names, partial birth dates, both sexes, dated and lifelong cards', () => {
    fc.assert(
      fc.property(cardArb, (c) => {
        const dobIso = iso(c.dob);
        const dateOfBirth = dobIso.slice(0, c.dobPrecision);
        const year = c.dob.getUTCFullYear();
        const pin = `${c.province}${(year >= 2000 ? 2 : 0) + (c.sex === 'F' ? 1 : 0)}${dobIso.slice(2, 4)}${pad(c.serial, 6)}`;
        const fullName = [c.surname[0], ...c.given.map((g) => g[0])].join(' ');
        const expiresOn = c.expiry === null ? null : iso(c.expiry);
        const lines = buildMrz({ number: pin, fullName, dateOfBirth, sex: c.sex, expiresOn, nationality: 'VNM' });

        const r = parse(lines);
        const invalid = r.details.filter((d) => !d.valid);
        expect(r.format).toBe('TD1');
        expect(r.valid, JSON.stringify({ lines, invalid })).toBe(true);
        for (const f of [
          'documentNumberCheckDigit',
          'birthDateCheckDigit',
          'expirationDateCheckDigit',
          'compositeCheckDigit',
        ]) {
          expect(r.details.find((d) => d.field === f)?.valid).toBe(true);
        }

        const yymmdd = (d: string) =>
          (d.slice(2, 4) + d.slice(5, 7).padEnd(2, '<') + d.slice(8, 10).padEnd(2, '<')).padEnd(6, '<');
        expect(r.fields.documentNumber).toBe(pin.slice(3));
        expect(r.fields.optional1?.slice(0, 12)).toBe(pin);
        expect(r.fields.birthDate).toBe(yymmdd(dateOfBirth));
        expect(r.fields.expirationDate).toBe(expiresOn === null ? '<<<<<<' : yymmdd(expiresOn));
        expect(r.fields.sex).toBe(c.sex === 'M' ? 'male' : 'female');
        expect(r.fields.nationality).toBe('VNM');
        expect(r.fields.lastName).toBe(c.surname[1]);
        const given = c.given.map((g) => g[1]).join(' ');
        const room = 30 - c.surname[1].length - 2;
        if (given.length <= room) {
          expect(r.fields.firstName).toBe(given);
        } else {
          // Truncated: a prefix of the given names that fills the line (less a dropped trailing separator).
          const read = r.fields.firstName ?? '';
          expect(given.startsWith(read)).toBe(true);
          expect(read.length).toBeGreaterThanOrEqual(room - 1);
          expect(lines[2]).toHaveLength(30);
        }

        const own = parseMrz(lines);
        expect(own.checksValid).toBe(true);
        expect(own.pin).toBe(pin);
      }),
      { numRuns: 500 },
    );
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centurySexDigit,
  checkPinAgainst,
  composePin,
  decodePin,
  PIN_RULE_LABELS_VI,
  type PinProvinceInfo,
  pinLookupFrom,
  randomSerial,
} from './pin.ts';

const csv = readFileSync(
  new URL('../../reference/codes/pin_birth_registration_province_codes.csv', import.meta.url),
  'utf8',
);
const rows: PinProvinceInfo[] = csv
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [pinCode, provinceCode, name, successorCode] = line.split(',') as [string, string, string, string];
    return { pinCode, provinceCode, name, successorCode };
  });
const lookup = pinLookupFrom(rows);

const sex = fc.constantFrom('M' as const, 'F' as const);
const province = fc.constantFrom(...rows);
const year = fc.integer({ min: 1900, max: 2399 });
const serial = fc.integer({ min: 0, max: 999_999 });

describe('reference data used by these tests', () => {
  it('has the 63 pre-2025 provinces', () => {
    expect(rows).toHaveLength(63);
    expect(lookup('001')).toEqual({ pinCode: '001', provinceCode: '01', name: 'Hà Nội', successorCode: '01' });
  });
});

describe('centurySexDigit', () => {
  it.each([
    [1900, 'M', 0],
    [1993, 'F', 1],
    [1999, 'M', 0],
    [2000, 'M', 2],
    [2024, 'F', 3],
    [2100, 'M', 4],
    [2199, 'F', 5],
    [2200, 'M', 6],
    [2301, 'F', 9],
    [2399, 'M', 8],
  ] as const)('%i %s → %i', (y, s, d) => {
    expect(centurySexDigit(y, s)).toBe(d);
  });

  it.each([1899, 2400, 1993.5, Number.NaN])('throws RangeError for %s', (y) => {
    expect(() => centurySexDigit(y, 'M')).toThrow(RangeError);
  });
});

describe('decodePin', () => {
  it('decodes the sample card 001093047064: Hà Nội, male, born 1993', () => {
    expect(decodePin('001093047064', lookup)).toEqual({
      pin: '001093047064',
      valid: true,
      reasons: [],
      provinceCode: '001',
      province: { pinCode: '001', provinceCode: '01', name: 'Hà Nội', successorCode: '01' },
      sex: 'M',
      century: 1900,
      birthYear: 1993,
      serial: '047064',
    });
  });

  it('decodes women and later centuries', () => {
    expect(decodePin('079305000001', lookup)).toMatchObject({ valid: true, sex: 'F', century: 2000, birthYear: 2005 });
    expect(decodePin('002999123456', lookup)).toMatchObject({ sex: 'F', century: 2300, birthYear: 2399 });
  });

  it('keeps pre-merger codes valid after 2025', () => {
    const r = decodePin('002190000001', lookup);
    expect(r.valid).toBe(true);
    expect(r.province).toMatchObject({ name: 'Hà Giang', provinceCode: '02', successorCode: '08' });
  });

  it.each([
    ['00109304706', 'a PIN is exactly 12 digits; found length 11'],
    ['0010930470645', 'a PIN is exactly 12 digits; found length 13'],
    ['0010x3047064', 'a PIN is exactly 12 digits; found non-digit "x" at position 5'],
    ['00109304706a4', 'a PIN is exactly 12 digits; found length 13 and non-digit "a" at position 12'],
    [' 00109304706', 'a PIN is exactly 12 digits; found non-digit " " at position 1'],
    ['００1093047064', 'a PIN is exactly 12 digits; found non-digit "０" at position 1'],
    ['', 'a PIN is exactly 12 digits; found length 0'],
  ])('rejects %j: %s', (pin, message) => {
    expect(decodePin(pin, lookup)).toEqual({ pin, valid: false, reasons: [{ rule: 'pin.format', message }] });
  });

  it('names an unknown birth-registration code but still decodes the rest', () => {
    const r = decodePin('003093047064', lookup);
    expect(r.valid).toBe(false);
    expect(r.reasons).toEqual([
      {
        rule: 'pin.province',
        message: 'digits 1–3 are 003, which is not a known birth-registration province or country code',
      },
    ]);
    expect(r).toMatchObject({ provinceCode: '003', sex: 'M', birthYear: 1993 });
    expect(r.province).toBeUndefined();
  });

  it('accepts a configured country code through the injected lookup', () => {
    const withAbroad = (code: string) =>
      code === '999' ? { pinCode: '999', provinceCode: '999', name: 'Abroad', successorCode: '999' } : lookup(code);
    expect(decodePin('999093047064', withAbroad).valid).toBe(true);
  });
});

describe('composePin', () => {
  it('builds the sample PIN', () => {
    expect(composePin('001', 1993, 'M', 47064)).toBe('001093047064');
    expect(composePin('079', 2005, 'F', 1)).toBe('079305000001');
  });

  it('rejects what cannot be encoded', () => {
    expect(() => composePin('01', 1993, 'M', 1)).toThrow(RangeError);
    expect(() => composePin('001', 1899, 'M', 1)).toThrow(RangeError);
    expect(() => composePin('001', 1993, 'M', 1_000_000)).toThrow(RangeError);
    expect(() => composePin('001', 1993, 'M', -1)).toThrow(RangeError);
    expect(() => composePin('001', 1993, 'M', 1.5)).toThrow(RangeError);
  });

  it('round-trips through decodePin', () => {
    fc.assert(
      fc.property(province, year, sex, serial, (p, y, s, n) => {
        const pin = composePin(p.pinCode, y, s, n);
        expect(pin).toMatch(/^\d{12}$/);
        const r = decodePin(pin, lookup);
        expect(r.valid).toBe(true);
        expect(r.birthYear).toBe(y);
        expect(r.sex).toBe(s);
        expect(r.province).toEqual(p);
        expect(Number(r.serial)).toBe(n);
      }),
    );
  });
});

describe('checkPinAgainst', () => {
  const man1993 = { dateOfBirth: '1993-01-05', sex: 'M' as const };

  it('finds nothing wrong with a matching record', () => {
    expect(checkPinAgainst('001093047064', man1993, lookup)).toEqual([]);
    expect(checkPinAgainst('001093047064', { ...man1993, dateOfBirth: '1993' }, lookup)).toEqual([]);
    expect(checkPinAgainst('001093047064', { ...man1993, dateOfBirth: '05/01/1993' }, lookup)).toEqual([]);
    expect(checkPinAgainst('001093047064', { ...man1993, birthRegistrationProvince: '01' }, lookup)).toEqual([]);
  });

  it('reports a sex contradiction', () => {
    expect(checkPinAgainst('001093047064', { dateOfBirth: '1993-01-05', sex: 'F' }, lookup)).toEqual([
      {
        rule: 'pin.century_sex',
        message: 'digit 4 is 0 (male, born 1900–1999) but the record says female, born 1993',
      },
    ]);
  });

  it('reports a century contradiction even when the last two digits agree', () => {
    expect(checkPinAgainst('001093047064', { dateOfBirth: '2093', sex: 'M' }, lookup)).toEqual([
      {
        rule: 'pin.century_sex',
        message: 'digit 4 is 0 (male, born 1900–1999) but the record says male, born 2093',
      },
    ]);
  });

  it('reports a year contradiction', () => {
    expect(checkPinAgainst('001093047064', { dateOfBirth: '1994-03', sex: 'M' }, lookup)).toEqual([
      { rule: 'pin.year', message: 'digits 5–6 are 93 but the birth year is 1994' },
    ]);
  });

  it('reports a birth year no PIN can encode as a century contradiction', () => {
    const reasons = checkPinAgainst('001093047064', { dateOfBirth: '1893', sex: 'M' }, lookup);
    expect(reasons.map((r) => r.rule)).toEqual(['pin.century_sex']);
    expect(reasons[0]!.message).toContain('born 1893');
  });

  it('accepts the pre-merger province or its successor, and rejects others', () => {
    const haGiang = { dateOfBirth: '1990', sex: 'F' as const };
    expect(checkPinAgainst('002190000001', { ...haGiang, birthRegistrationProvince: '08' }, lookup)).toEqual([]);
    expect(checkPinAgainst('002190000001', { ...haGiang, birthRegistrationProvince: '02' }, lookup)).toEqual([]);
    expect(checkPinAgainst('002190000001', { ...haGiang, birthRegistrationProvince: '01' }, lookup)).toEqual([
      {
        rule: 'pin.province',
        message:
          "digits 1–3 are 002 (Hà Giang, province 02, now 08) but the record's birth-registration province is 01",
      },
    ]);
  });

  it('lists format problems first and stops there', () => {
    expect(checkPinAgainst('00109304706', { dateOfBirth: '1994', sex: 'F' }, lookup)).toEqual([
      { rule: 'pin.format', message: 'a PIN is exactly 12 digits; found length 11' },
    ]);
  });

  it('reports an unknown province code before contradictions', () => {
    const rules = checkPinAgainst(
      '003093047064',
      { dateOfBirth: '1994', sex: 'F', birthRegistrationProvince: '01' },
      lookup,
    );
    expect(rules.map((r) => r.rule)).toEqual(['pin.province', 'pin.century_sex', 'pin.year']);
  });

  it('leaves an unreadable date of birth to the date validator', () => {
    expect(checkPinAgainst('001093047064', { dateOfBirth: 'unknown', sex: 'M' }, lookup)).toEqual([]);
  });

  it('accepts every PIN composed from the record, and flags the opposite sex', () => {
    fc.assert(
      fc.property(province, fc.integer({ min: 1900, max: 2399 }), sex, serial, (p, y, s, n) => {
        const pin = composePin(p.pinCode, y, s, n);
        const record = { dateOfBirth: `${y}`, sex: s, birthRegistrationProvince: p.successorCode };
        expect(checkPinAgainst(pin, record, lookup)).toEqual([]);
        const other = s === 'M' ? ('F' as const) : ('M' as const);
        expect(checkPinAgainst(pin, { ...record, sex: other }, lookup).map((r) => r.rule)).toEqual(['pin.century_sex']);
      }),
    );
  });

  it('flags a year off by a non-multiple of 100 in digits 5–6', () => {
    fc.assert(
      fc.property(
        province,
        fc.integer({ min: 1900, max: 2299 }),
        sex,
        serial,
        fc.integer({ min: 1, max: 99 }),
        (p, y, s, n, k) => {
          const pin = composePin(p.pinCode, y, s, n);
          const rules = checkPinAgainst(pin, { dateOfBirth: `${y + k}`, sex: s }, lookup).map((r) => r.rule);
          expect(rules).toContain('pin.year');
        },
      ),
    );
  });
});

describe('randomSerial and labels', () => {
  it('draws integers in 0..999999', () => {
    for (let i = 0; i < 1000; i++) {
      const n = randomSerial();
      expect(Number.isInteger(n) && n >= 0 && n <= 999_999).toBe(true);
    }
  });

  it('has a Vietnamese label for every rule code', () => {
    expect(Object.keys(PIN_RULE_LABELS_VI).sort()).toEqual([
      'pin.century_sex',
      'pin.format',
      'pin.province',
      'pin.year',
    ]);
  });
});

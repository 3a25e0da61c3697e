import { describe, expect, it } from 'vitest';
import { LinkConfigError, validateConfig } from '../../src/modules/linkage/engine/config.ts';
import { recogniseColumns } from '../../src/modules/linkage/engine/recognise.ts';

const typeOf = (h: string[], id = h[0]!) =>
  Object.fromEntries(recogniseColumns([h], id).config.fields.map((f) => [f.column ?? f.name, f.type]));

describe('recognising columns by name', () => {
  it('reads FEBRL-style English headers and keeps one column per place', () => {
    const h = [
      'rec_id',
      'given_name',
      'surname',
      'street_number',
      'address_1',
      'address_2',
      'suburb',
      'postcode',
      'state',
      'date_of_birth',
      'soc_sec_id',
    ];
    const r = recogniseColumns([h], 'rec_id');
    expect(typeOf(h)).toEqual({
      given_name: 'given',
      surname: 'surname',
      postcode: 'postcode',
      street_number: 'number',
      address_1: 'address',
      date_of_birth: 'date',
      soc_sec_id: 'id',
    });
    expect(r.ignored).toEqual([
      'address_2 (overlaps address_1)',
      'suburb (overlaps postcode)',
      'state (overlaps postcode)',
    ]);
    expect(r.config.blocking).toContainEqual(['soc_sec_id']);
    expect(r.config.blocking).toContainEqual(['surname:phonetic', 'date_of_birth']);
    expect(r.config.fields.find((f) => f.name === 'address_1')?.within).toBe('postcode');
    expect(() => validateConfig(r.config)).not.toThrow();
  });

  it('reads Vietnamese headers, with or without diacritics', () => {
    const h = ['stt', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'so_dien_thoai', 'ho_ten_cha', 'Địa chỉ'];
    expect(typeOf(h)).toEqual({
      'Họ và tên': 'fullname',
      'Ngày sinh': 'date',
      'Giới tính': 'sex',
      'Số CCCD': 'id',
      so_dien_thoai: 'phone',
      'Địa chỉ': 'address',
    });
    const c = recogniseColumns([h], 'stt').config;
    expect(c.blocking).toContainEqual(['ho_va_ten.given:phonetic', 'ngay_sinh']);
    expect(c.training).toContainEqual(['ngay_sinh']);
    expect(() => validateConfig(c)).not.toThrow();
  });

  it('prefers separate name columns to a full name, and one place to several', () => {
    const h = [
      'unique_id',
      'cluster',
      'full_name',
      'first_and_surname',
      'first_name',
      'surname',
      'dob',
      'birth_place',
      'postcode_fake',
      'gender',
      'occupation',
    ];
    const r = recogniseColumns([h], 'unique_id', ['cluster']);
    expect(r.config.fields.map((f) => f.name)).toEqual([
      'first_name',
      'surname',
      'dob',
      'postcode_fake',
      'gender',
      'occupation',
    ]);
    expect(r.ignored).toEqual([
      'first_and_surname',
      'full_name (overlaps first_name)',
      'birth_place (overlaps postcode_fake)',
    ]);
  });

  it('builds a date from day, month and year columns, and links on the columns both files share', () => {
    const c = recogniseColumns(
      [
        ['id', 'first_name', 'last_name', 'birth_day', 'birth_month', 'birth_year', 'email'],
        ['id', 'first_name', 'last_name', 'birth_year', 'birth_month', 'birth_day'],
      ],
      'id',
    ).config;
    expect(c.fields.map((f) => f.name)).toEqual(['first_name', 'last_name', 'dob']);
    expect(c.fields[2]!.columns).toEqual({ year: 'birth_year', month: 'birth_month', day: 'birth_day' });
  });
});

describe('config validation', () => {
  const ok = { fields: [{ name: 'given', type: 'given' }], blocking: [['given']] };
  it('accepts a minimal config and rejects bad ones with a one-line reason', () => {
    expect(validateConfig(ok)).toBeTruthy();
    const bad: [unknown, RegExp][] = [
      [[], /JSON object/],
      [{ ...ok, fields: [{ name: 'x', type: 'colour' }] }, /unknown type "colour"/],
      [{ ...ok, blocking: [['nope']] }, /names no comparison/],
      [{ ...ok, blocking: [['given:sideways']] }, /unknown transform/],
      [{ ...ok, threshold: 1.5 }, /threshold/],
      [
        {
          ...ok,
          fields: [
            { name: 'a', type: 'address', within: 'b' },
            { name: 'b', type: 'postcode' },
          ],
          blocking: [['a']],
        },
        /listed before it/,
      ],
    ];
    for (const [c, re] of bad) expect(() => validateConfig(c)).toThrow(re);
    expect(() => validateConfig([])).toThrow(LinkConfigError);
  });
});

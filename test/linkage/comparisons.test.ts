import { describe, expect, it } from 'vitest';
import { levelOf, levelsOf } from './helpers/pairs.ts';

describe('name levels, Vietnamese', () => {
  it('treats NFC/NFD, case and tone placement as exact, and lost diacritics or đ→d as exact folded', () => {
    expect(levelOf('given', 'Hòa', 'HOÀ')).toBe('exact');
    expect(levelOf('given', 'Thủy', 'Thuỷ'.normalize('NFD'))).toBe('exact');
    expect(levelOf('surname', 'Nguyễn', 'NGUYEN')).toBe('exact_folded');
    expect(levelOf('surname', 'Đặng', 'Dang')).toBe('exact_folded');
  });

  it('puts regional variants of one surname in the variant level', () => {
    expect(levelOf('surname', 'Hoàng', 'Huỳnh')).toBe('variant');
    expect(levelOf('surname', 'Vũ', 'Võ')).toBe('variant');
    expect(levelOf('surname', 'Huynh', 'HOANG')).toBe('variant');
    expect(levelOf('surname', 'Hoàng', 'Hoàng')).toBe('exact');
  });

  it('has token-set, one-edit, Jaro-Winkler and else levels, top-down', () => {
    expect(levelOf('given', 'Mary Ann', 'Ann Mary')).toBe('tokens');
    expect(levelOf('given', 'Tuấn Anh', 'Anh')).toBe('tokens');
    expect(levelOf('given', 'My', 'Ym')).toBe('one_edit');
    expect(levelOf('given', 'Trí', 'Tí')).toBe('one_edit');
    expect(levelOf('given', 'martha', 'marhtax')).toBe('jw_0.92');
    expect(levelOf('given', 'dwayne', 'duane')).toBe('jw_0.70');
    expect(levelOf('given', 'lan', 'minh')).toBe('else');
    expect(levelOf('given', '', 'minh')).toBe('null');
    expect(levelOf('given', 'unknown', 'minh')).toBe('null');
  });

  it('recognises given name and surname written in each other’s place', () => {
    const fields = [
      { name: 'given', type: 'given' as const, swapWith: 'surname' },
      { name: 'surname', type: 'surname' as const },
    ];
    expect(levelsOf(fields, { given: 'Isla', surname: 'Hall' }, { given: 'Hall', surname: 'Isla' }).given).toBe(
      'swapped',
    );
  });

  it('splits a full name into family, middle and given comparisons', () => {
    const l = levelsOf(
      [{ name: 'ho_ten', type: 'fullname' }],
      { ho_ten: 'Huỳnh Thị Thu Hà' },
      { ho_ten: 'Hoàng Thị Thu Hà' },
    );
    expect(l).toEqual({ 'ho_ten.family': 'variant', 'ho_ten.middle': 'exact', 'ho_ten.given': 'exact' });
  });
});

describe('date levels', () => {
  it('orders exact, one edit, day/month swap, within a month, same year, within 10 years, else', () => {
    expect(levelOf('date', '1985-03-07', '07/03/1985')).toBe('exact');
    expect(levelOf('date', '19850307', '19850308')).toBe('one_edit');
    expect(levelOf('date', '1985-03-07', '1958-03-07')).toBe('one_edit');
    expect(levelOf('date', '1985-03-09', '1985-09-03')).toBe('day_month_swap');
    expect(levelOf('date', '1985-03-28', '1985-04-20')).toBe('within_month');
    expect(levelOf('date', '1985-01-28', '1985-11-20')).toBe('same_year');
    expect(levelOf('date', '1985-01-28', '1991-11-20')).toBe('within_10_years');
    expect(levelOf('date', '1955-01-28', '1991-11-20')).toBe('else');
  });

  it('treats placeholders as null and never lets a partial date be exact', () => {
    expect(levelOf('date', '1900-01-01', '1985-03-07')).toBe('null');
    expect(levelOf('date', 'unknown', '1985-03-07')).toBe('null');
    expect(levelOf('date', '', '1985-03-07')).toBe('null');
    expect(levelOf('date', '1985', '1985-03-07')).toBe('same_year');
    expect(levelOf('date', '1985', '1985')).toBe('same_year');
    expect(levelOf('date', '03/1985', '1985-03')).toBe('same_year');
  });

  it('reads nn/nn/yyyy day first by default and month first on request, and dates from three columns', () => {
    expect(levelOf('date', '03/07/1985', '1985-07-03')).toBe('exact');
    expect(levelsOf([{ name: 'f', type: 'date' }], { f: '03/07/1985' }, { f: '1985-03-07' }, 'mdy').f).toBe('exact');
    const parts = [{ name: 'dob', type: 'date' as const, columns: { year: 'y', month: 'm', day: 'd' } }];
    expect(levelsOf(parts, { y: '1985', m: '3', d: '7' }, { y: '1985', m: '03', d: '07' }).dob).toBe('exact');
  });
});

describe('identifier, place and contact levels', () => {
  it('compares IDs exact, one edit, else', () => {
    expect(levelOf('id', '0791-2345 678', '07912345678')).toBe('exact');
    expect(levelOf('id', '079123456789', '079123465789')).toBe('one_edit');
    expect(levelOf('id', '079123456789', '001199999999')).toBe('else');
    expect(levelOf('id', '000000000', '079123456789')).toBe('null');
  });

  it('compares postcodes exact, close (one edit or prefix), else; and low-cardinality fields exact/else', () => {
    expect(levelOf('postcode', '2600', '2060')).toBe('close');
    expect(levelOf('postcode', 'SW1A 1AA', 'SW1A')).toBe('close');
    expect(levelOf('postcode', '2600', '4870')).toBe('else');
    expect(levelOf('sex', 'Nữ', 'F')).toBe('exact');
    expect(levelOf('sex', 'Nam', 'female')).toBe('else');
  });

  it('compares phones on their national number and e-mails by user', () => {
    expect(levelOf('phone', '+84 912 345 678', '0912345678')).toBe('exact');
    expect(levelOf('email', 'T.M39@brooks-sawyer.com', 't.m39@brooks-sawer.com')).toBe('same_user');
  });

  it('compares a street only within the same area', () => {
    const fields = [
      { name: 'unit', type: 'category' as const },
      { name: 'street', type: 'address' as const, within: 'unit' },
    ];
    expect(levelsOf(fields, { unit: '00004', street: 'Thôn 3' }, { unit: '00004', street: 'Thon 3' }).street).toBe(
      'exact',
    );
    expect(levelsOf(fields, { unit: '00004', street: 'Thôn 3' }, { unit: '00007', street: 'Thôn 3' }).street).toBe(
      'null',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { birthdayAt, dueFor, expiryFor, mustHaveCard, RENEWAL_AGES } from './renewal.ts';

// Expected values worked out by hand from Law 26/2023 Art 21 (renew at 14, 25, 40, 60; a card issued, renewed or
// reissued within two years before one of those ages is valid to the next one; none after 60) and domain.md §4.3,
// not from the code under test.

describe('expiryFor: born 2000-03-10', () => {
  const dob = '2000-03-10';
  const cases: [string, string, string | null][] = [
    ['at 5 (on request)', '2005-03-10', '2014-03-10'],
    ['at 11y364d: before the grace of 14', '2012-03-09', '2014-03-10'],
    ['at 12 exactly: two years before 14, lasts to 25', '2012-03-10', '2025-03-10'],
    ['at 13y364d: within two years before 14', '2014-03-09', '2025-03-10'],
    ['at 14 exactly', '2014-03-10', '2025-03-10'],
    ['at 22y364d: a day before the grace of 25', '2023-03-09', '2025-03-10'],
    ['at 23 exactly: two years before 25, lasts to 40', '2023-03-10', '2040-03-10'],
    ['at 23 and a day', '2023-03-11', '2040-03-10'],
    ['at 24', '2024-03-10', '2040-03-10'],
    ['at 25 exactly', '2025-03-10', '2040-03-10'],
    ['at 37y364d: before the grace of 40', '2038-03-09', '2040-03-10'],
    ['at 38 exactly: lasts to 60', '2038-03-10', '2060-03-10'],
    ['at 38y364d', '2039-03-09', '2060-03-10'],
    ['at 39', '2039-03-10', '2060-03-10'],
    ['at 58 less a day', '2058-03-09', '2060-03-10'],
    ['at 58 exactly: for life', '2058-03-10', null],
    ['at 60', '2060-03-10', null],
    ['at 61', '2061-05-01', null],
    ['at 85', '2085-12-31', null],
  ];
  it.each(cases)('issued %s (%s) → %s', (_label, issuedOn, expected) => {
    expect(expiryFor(dob, issuedOn)).toBe(expected);
  });

  it('refuses an issue date before birth, naming the field', () => {
    expect(() => expiryFor(dob, '1999-12-31')).toThrow(/issuedOn/);
    expect(() => expiryFor(dob, '10/03/2020')).toThrow(/issuedOn/);
    expect(() => expiryFor(dob, '2021-02-29')).toThrow(/issuedOn/);
    expect(() => expiryFor('2001-02-29', '2021-01-01')).toThrow(/dateOfBirth/);
  });
});

describe('expiryFor: the real card of domain.md §4.4', () => {
  it('born 1993-01-05 and issued in 2021 at 28, expires on the 40th birthday 2033-01-05', () => {
    expect(expiryFor('1993-01-05', '2021-04-01')).toBe('2033-01-05');
  });
});

describe('born on 29 February (2008-02-29): the age is reached on 1 March in a common year', () => {
  const dob = '2008-02-29';
  it('reaches 14 on 2022-03-01, since 2022 has no 29 February', () => {
    expect(birthdayAt(dob, 14)).toBe('2022-03-01');
    expect(mustHaveCard(dob, '2022-02-28')).toBe(false);
    expect(mustHaveCard(dob, '2022-03-01')).toBe(true);
  });
  it('keeps 29 February in leap years', () => {
    expect(birthdayAt(dob, 12)).toBe('2020-02-29');
    expect(birthdayAt(dob, 40)).toBe('2048-02-29');
  });
  const cases: [string, string | null][] = [
    ['2020-02-28', '2022-03-01'], // a day before the 12th birthday: expires at 14
    ['2020-02-29', '2033-03-01'], // 12th birthday, leap: within two years of 14, so to 25 (2033 is common)
    ['2031-02-28', '2033-03-01'], // 23 is reached on 2031-03-01: still expires at 25
    ['2031-03-01', '2048-02-29'], // 23rd birthday in a common year: to 40, whose day exists in 2048
    ['2046-02-28', '2048-02-29'],
    ['2046-03-01', '2068-02-29'], // 38 reached on 1 March 2046: to 60 (2068 is leap)
    ['2066-02-28', '2068-02-29'],
    ['2066-03-01', null], // 58 reached: for life
  ];
  it.each(cases)('issued %s → %s', (issuedOn, expected) => {
    expect(expiryFor(dob, issuedOn)).toBe(expected);
  });
});

describe('legacy partial dates of birth count from their first possible day', () => {
  it('YYYY: 1 January', () => {
    expect(expiryFor('1993', '2021-04-01')).toBe('2033-01-01');
    expect(mustHaveCard('2010', '2024-01-01')).toBe(true);
    expect(mustHaveCard('2010', '2023-12-31')).toBe(false);
  });
  it('YYYY-MM: the 1st of the month', () => {
    expect(expiryFor('1993-07', '2021-04-01')).toBe('2033-07-01');
  });
});

describe('mustHaveCard', () => {
  it('from the 14th birthday', () => {
    expect(mustHaveCard('2000-03-10', '2014-03-09')).toBe(false);
    expect(mustHaveCard('2000-03-10', '2014-03-10')).toBe(true);
  });
});

describe('dueFor', () => {
  const dob = '2000-03-10';
  it('no card, under 14: the first card, due on the 14th birthday', () => {
    expect(dueFor(dob, null, '2010-06-01')).toEqual({ dueOn: '2014-03-10', cause: 'first' });
  });
  it('no card, adult: the first card, overdue since the 14th birthday', () => {
    expect(dueFor(dob, null, '2030-06-01')).toEqual({ dueOn: '2014-03-10', cause: 'first' });
  });
  it('a card issued at 14 is due on its expiry, the 25th birthday', () => {
    expect(dueFor(dob, { issuedOn: '2014-03-10', expiresOn: '2025-03-10' }, '2024-01-01')).toEqual({
      dueOn: '2025-03-10',
      cause: 'age_25',
    });
  });
  it('a child card issued on request at 8 is due at 14', () => {
    expect(dueFor(dob, { issuedOn: '2008-05-01', expiresOn: '2014-03-10' }, '2012-01-01')).toEqual({
      dueOn: '2014-03-10',
      cause: 'age_14',
    });
  });
  it('a card expiring at 40 and one expiring at 60', () => {
    expect(dueFor(dob, { issuedOn: '2025-04-01', expiresOn: '2040-03-10' }, '2030-01-01')?.cause).toBe('age_40');
    expect(dueFor(dob, { issuedOn: '2039-04-01', expiresOn: '2060-03-10' }, '2045-01-01')?.cause).toBe('age_60');
  });
  it('an expired card stays due on its expiry day', () => {
    expect(dueFor(dob, { issuedOn: '2014-03-10', expiresOn: '2025-03-10' }, '2026-01-01')).toEqual({
      dueOn: '2025-03-10',
      cause: 'age_25',
    });
  });
  it('a card issued at 58 or later (for life): nothing due', () => {
    expect(dueFor(dob, { issuedOn: '2058-03-10', expiresOn: null }, '2070-01-01')).toBeNull();
  });
  it('someone not yet born: nothing due', () => {
    expect(dueFor('2030-01-01', null, '2026-12-08')).toBeNull();
  });
});

describe('RENEWAL_AGES', () => {
  it('are the ages of Law 26/2023 Art 21', () => {
    expect(RENEWAL_AGES).toEqual([14, 25, 40, 60]);
  });
});

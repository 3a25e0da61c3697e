import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  ageOn,
  compareIso,
  daysBetween,
  daysInMonth,
  firstDay,
  isAfter,
  isFullDate,
  isLeapYear,
  isPartialDate,
  isValidIsoDate,
  lastDay,
  parseDateInput,
  yearOf,
} from './dates.ts';

const fullDate = (minYear = 1800, maxYear = 2999) =>
  fc
    .record({ y: fc.integer({ min: minYear, max: maxYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.nat() })
    .map(({ y, m, d }) => {
      const day = (d % daysInMonth(y, m)) + 1;
      return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    });

// Date.UTC is an independent oracle for the calendar arithmetic (the production code avoids Date on purpose).
const viaDate = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('parseDateInput', () => {
  it.each([
    ['1993-01-05', '1993-01-05'],
    ['1993-01', '1993-01'],
    ['1993', '1993'],
    ['  1993-01-05\t', '1993-01-05'],
    ['1993-1-5', '1993-01-05'],
    ['05/01/1993', '1993-01-05'],
    ['5/1/1993', '1993-01-05'],
    ['01/1993', '1993-01'],
    ['1/1993', '1993-01'],
    ['05-01-1993', '1993-01-05'],
    ['05.01.1993', '1993-01-05'],
    ['01.1993', '1993-01'],
    ['29/02/2000', '2000-02-29'],
    ['1800', '1800'],
    ['31/12/2999', '2999-12-31'],
  ])('accepts %j as %s', (raw, value) => {
    expect(parseDateInput(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['31/02/1993', 'day 31 does not exist in February 1993'],
    ['29/02/1900', 'day 29 does not exist in February 1900'],
    ['29/02/1993', 'day 29 does not exist in February 1993'],
    ['31/04/2001', 'day 31 does not exist in April 2001'],
    ['1993-02-30', 'day 30 does not exist in February 1993'],
    ['0/1/1993', 'day 0 does not exist in January 1993'],
    ['13/1993', 'month 13 does not exist (months are 1–12)'],
    ['1993-13', 'month 13 does not exist (months are 1–12)'],
    ['01/13/1993', 'month 13 does not exist (months are 1–12)'],
    ['1993-00-10', 'month 0 does not exist (months are 1–12)'],
    ['1799', 'year 1799 is outside the accepted range 1800–2999'],
    ['01/01/3000', 'year 3000 is outside the accepted range 1800–2999'],
    ['', 'date is empty'],
    ['   ', 'date is empty'],
    ['05/01-1993', 'mixed separators in date "05/01-1993"'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(parseDateInput(raw)).toEqual({ ok: false, reason });
  });

  it.each(['5/1/93', '1993/01/05', '19930105', '123/1/1993', '1993-001', 'abc', '1993-01-05x', '1 993', '05//1993'])(
    'rejects the unrecognised shape %j and lists the accepted forms',
    (raw) => {
      const r = parseDateInput(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain('expected YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or MM/YYYY');
    },
  );

  it('round-trips every full date through firstDay', () => {
    fc.assert(
      fc.property(fullDate(), (d) => {
        expect(parseDateInput(firstDay(d))).toEqual({ ok: true, value: d });
      }),
    );
  });

  it('reads day-first input in every separator to the same ISO date', () => {
    fc.assert(
      fc.property(fullDate(), fc.constantFrom('/', '-', '.'), fc.boolean(), (iso, sep, padded) => {
        const [y, m, d] = iso.split('-') as [string, string, string];
        const dd = padded ? d : String(Number(d));
        const mm = padded ? m : String(Number(m));
        expect(parseDateInput(`${dd}${sep}${mm}${sep}${y}`)).toEqual({ ok: true, value: iso });
        expect(parseDateInput(`${mm}${sep}${y}`)).toEqual({ ok: true, value: `${y}-${m}` });
      }),
    );
  });

  it('only ever returns canonical dates within the accepted years', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (raw) => {
        const r = parseDateInput(raw);
        if (r.ok) {
          expect(isPartialDate(r.value)).toBe(true);
          expect(yearOf(r.value)).toBeGreaterThanOrEqual(1800);
          expect(yearOf(r.value)).toBeLessThanOrEqual(2999);
        } else expect(r.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('agrees with the Gregorian calendar on which day-first strings exist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1800, max: 2999 }),
        (d, m, y) => {
          const probe = new Date(Date.UTC(2000, m - 1, d));
          probe.setUTCFullYear(y);
          const exists = d >= 1 && probe.getUTCDate() === d;
          expect(parseDateInput(`${d}/${m}/${y}`).ok).toBe(exists);
        },
      ),
    );
  });
});

describe('calendar predicates', () => {
  it('applies the Gregorian leap rule', () => {
    expect([1900, 2000, 2024, 2100, 1996].map(isLeapYear)).toEqual([false, true, true, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
  });

  it('isValidIsoDate is strict about shape and calendar', () => {
    expect(isValidIsoDate('1993-01-05')).toBe(true);
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    for (const s of [
      '1993-1-05',
      '1993-01-5',
      '1993/01/05',
      '1993-02-29',
      '1993-13-01',
      '1993-00-10',
      '1993-01-00',
      '1993-01',
      ' 1993-01-05',
      '１９９３-01-05',
    ]) {
      expect(isValidIsoDate(s), s).toBe(false);
    }
  });

  it('isFullDate and isPartialDate distinguish the precisions', () => {
    expect(isFullDate('1993-01-05')).toBe(true);
    expect(isFullDate('1993-01')).toBe(false);
    expect(isFullDate('1993')).toBe(false);
    expect(['1993', '1993-01', '1993-01-05'].every(isPartialDate)).toBe(true);
    expect(['93', '1993-1', '1993-13', '1993-02-30', '05/01/1993'].some(isPartialDate)).toBe(false);
  });
});

describe('partial date bounds', () => {
  it.each([
    ['1993', '1993-01-01', '1993-12-31'],
    ['1993-02', '1993-02-01', '1993-02-28'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['1993-04', '1993-04-01', '1993-04-30'],
    ['1993-01-05', '1993-01-05', '1993-01-05'],
  ])('%s spans %s..%s', (d, first, last) => {
    expect(firstDay(d)).toBe(first);
    expect(lastDay(d)).toBe(last);
    expect(yearOf(d)).toBe(1993 + (d.startsWith('2024') ? 31 : 0));
  });

  it('throws on non-canonical input rather than guessing', () => {
    expect(() => firstDay('05/01/1993')).toThrow(RangeError);
    expect(() => lastDay('1993-13')).toThrow(RangeError);
    expect(() => yearOf('93')).toThrow(RangeError);
  });

  it('every full date lies within its year and month', () => {
    fc.assert(
      fc.property(fullDate(), (d) => {
        for (const coarse of [d.slice(0, 4), d.slice(0, 7)]) {
          expect(compareIso(firstDay(coarse), d)).toBeLessThanOrEqual(0);
          expect(compareIso(lastDay(coarse), d)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('ordering', () => {
  it('compares as the calendar does', () => {
    expect(compareIso('1993-01-05', '1993-01-06')).toBe(-1);
    expect(compareIso('1993-12-31', '1993-02-01')).toBe(1);
    expect(compareIso('1993-01-05', '1993-01-05')).toBe(0);
    expect(isAfter('2000-01-01', '1999-12-31')).toBe(true);
    expect(isAfter('1999-12-31', '2000-01-01')).toBe(false);
    expect(isAfter('2000-01-01', '2000-01-01')).toBe(false);
  });

  it('string order matches day order for full dates', () => {
    fc.assert(
      fc.property(fullDate(), fullDate(), (a, b) => {
        expect(compareIso(a, b)).toBe(Math.sign(daysBetween(b, a)));
      }),
    );
  });
});

describe('arithmetic', () => {
  it('addYears moves 29 February to 28 February in common years', () => {
    expect(addYears('2000-02-29', 1)).toBe('2001-02-28');
    expect(addYears('2000-02-29', 4)).toBe('2004-02-29');
    expect(addYears('2000-02-29', -100)).toBe('1900-02-28');
    expect(addYears('1993-01-05', 14)).toBe('2007-01-05');
    expect(() => addYears('1993-02-30', 1)).toThrow(RangeError);
    expect(() => addYears('1993-01-05', 0.5)).toThrow(RangeError);
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('1993-01-31', 1)).toBe('1993-02-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('1999-12-31', 1)).toBe('2000-01-01');
    expect(addDays('2000-01-01', -1)).toBe('1999-12-31');
    expect(addDays('1993-01-05', 0)).toBe('1993-01-05');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('addDays agrees with Date and inverts daysBetween', () => {
    fc.assert(
      fc.property(fullDate(1800, 2900), fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        const moved = addDays(d, n);
        expect(moved).toBe(viaDate(d, n));
        expect(daysBetween(d, moved)).toBe(n);
        expect(addDays(moved, -n)).toBe(d);
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['1993-01-05', '2007-01-04', 13],
    ['1993-01-05', '2007-01-05', 14],
    ['1993-01-05', '1993-01-05', 0],
    ['1993', '2007-01-01', 14],
    ['1993', '2006-12-31', 13],
    ['1993-06', '2007-05-31', 13],
    ['1993-06', '2007-06-01', 14],
    ['2000-02-29', '2001-02-27', 0],
    ['2000-02-29', '2001-02-28', 1],
    ['2000-02-29', '2004-02-28', 3],
    ['2000-02-29', '2004-02-29', 4],
    ['2000-05-01', '1999-05-01', -1],
  ])('born %s is %s years old on %s', (dob, on, age) => {
    expect(ageOn(dob, on)).toBe(age);
  });

  it('counts completed years exactly as addYears places anniversaries', () => {
    fc.assert(
      fc.property(fullDate(1800, 2800), fc.integer({ min: 0, max: 150 }), (dob, n) => {
        const anniversary = addYears(dob, n);
        expect(ageOn(dob, anniversary)).toBe(n);
        expect(ageOn(dob, addDays(anniversary, -1))).toBe(n - 1);
      }),
    );
  });

  it('uses the earliest possible birthday for partial dates', () => {
    fc.assert(
      fc.property(fullDate(1800, 2800), fullDate(1800, 2999), (dob, on) => {
        expect(ageOn(dob.slice(0, 4), on)).toBe(ageOn(firstDay(dob.slice(0, 4)), on));
        expect(ageOn(dob.slice(0, 4), on)).toBeGreaterThanOrEqual(ageOn(dob, on));
        expect(ageOn(dob.slice(0, 7), on)).toBeGreaterThanOrEqual(ageOn(dob, on));
      }),
    );
  });

  it('rejects a reference date that is not a full date', () => {
    expect(() => ageOn('1993', '2007')).toThrow(RangeError);
  });
});

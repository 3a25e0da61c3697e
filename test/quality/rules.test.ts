// The rules of "complete" and "alive" as pure functions: which fields are asked of whom, their weights, the
// five-year confirmation window and the over-110 boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOf,
  COMPLETENESS_RULES,
  completenessOf,
  confirmationCutoff,
  isConfirmed,
  isImplausiblyOld,
} from '../../src/modules/quality/quality.rules.ts';
import { blankState, type PersonState } from '../../src/modules/registry/person.model.ts';

const TODAY = '2026-06-01';
const place = { unitCode: '00004', unitDate: '2025-07-01', detail: '' };

function adult(): PersonState {
  return {
    ...blankState(),
    pin: '001090000001',
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '1990-01-01',
    placeOfBirth: place,
    birthRegistrationPlace: place,
    hometown: place,
    ethnicity: '01',
    nationalities: ['VN'],
    permanentResidence: { ...place, since: null, until: null },
    household: { code: 'H1', relationToHead: 'head' },
    phone: '0912345678',
  };
}

const asked = (s: PersonState) =>
  COMPLETENESS_RULES.filter((r) => !r.appliesTo || r.appliesTo(s, ageOf(s, TODAY))).map((r) => r.field);

describe('completeness rules', () => {
  it('asks an adult resident 10 required fields and 3 recommended ones', () => {
    const s = adult();
    expect(asked(s)).toEqual([
      'fullName',
      'pin',
      'dateOfBirth',
      'sex',
      'birthRegistrationPlace',
      'hometown',
      'ethnicity',
      'nationalities',
      'maritalStatus',
      'residence',
      'placeOfBirth',
      'household',
      'phone',
    ]);
    expect(completenessOf(s, ageOf(s, TODAY))).toEqual({ share: 1, missing: [] });
  });

  it("asks a child's parents and not a phone; a card-age teenager a phone and parents", () => {
    const child = { ...adult(), dateOfBirth: '2015-06-02' }; // 10 on TODAY
    expect(asked(child)).toContain('father');
    expect(asked(child)).toContain('mother');
    expect(asked(child)).not.toContain('phone');
    const teen = { ...adult(), dateOfBirth: '2012-06-01' }; // 14 today: card age, still a minor
    expect(asked(teen)).toEqual(expect.arrayContaining(['father', 'mother', 'phone']));
    const eighteen = { ...adult(), dateOfBirth: '2008-06-01' };
    expect(asked(eighteen)).not.toContain('father');
  });

  it('asks the spouse of a married person, and the household only of a permanent resident', () => {
    expect(asked({ ...adult(), maritalStatus: 'married' })).toContain('spouse');
    expect(asked({ ...adult(), maritalStatus: 'widowed' })).not.toContain('spouse');
    const temporary = {
      ...adult(),
      permanentResidence: null,
      temporaryResidence: { ...place, since: null, until: null },
    };
    expect(asked(temporary)).not.toContain('household');
    expect(completenessOf(temporary, 36).missing).toEqual([]); // a temporary residence is a residence
  });

  it('weighs a missing required field twice a recommended one, and a year-only birth date half', () => {
    const s = adult();
    expect(completenessOf({ ...s, hometown: null }, 36).share).toBeCloseTo(21 / 23, 12);
    expect(completenessOf({ ...s, phone: null }, 36).share).toBeCloseTo(22 / 23, 12);
    const partial = completenessOf({ ...s, dateOfBirth: '1990' }, 36);
    expect(partial.share).toBeCloseTo(22 / 23, 12);
    expect(partial.missing).toEqual(['dateOfBirth']);
    expect(completenessOf({ ...s, dateOfBirth: '1990-05' }, 36).share).toBeCloseTo(22 / 23, 12);
  });

  it('keeps every share between 0 and 1 and never asks age-gated fields when the age is unknown', () => {
    const fields = [
      'placeOfBirth',
      'hometown',
      'birthRegistrationPlace',
      'household',
      'phone',
      'father',
      'mother',
    ] as const;
    fc.assert(
      fc.property(fc.subarray([...fields]), fc.option(fc.integer({ min: 0, max: 120 })), (cleared, age) => {
        const s = adult() as unknown as Record<string, unknown>;
        for (const k of cleared) s[k] = null;
        const c = completenessOf(s as unknown as PersonState, age);
        return (
          c.share >= 0 && c.share <= 1 && (age !== null || !c.missing.some((m) => m === 'phone' || m === 'father'))
        );
      }),
    );
    const nothing = completenessOf(blankState(), null);
    expect(nothing.share).toBeGreaterThan(0); // sex and marital status always have a value
    expect(nothing.share).toBeLessThan(0.25);
  });
});

describe('confirmation and implausible ages', () => {
  it('confirms a record changed (recorded or valid) on or after the day five years before today', () => {
    const cutoff = confirmationCutoff(TODAY);
    expect(cutoff).toBe('2021-06-01');
    expect(isConfirmed('2021-06-01T00:00:00.000Z', '1990-01-01', cutoff)).toBe(true);
    expect(isConfirmed('2021-05-31T23:59:59.999Z', '1990-01-01', cutoff)).toBe(false);
    expect(isConfirmed('2019-01-01T00:00:00.000Z', '2021-06-01', cutoff)).toBe(true);
    expect(isConfirmed(null, null, cutoff)).toBe(false);
  });

  it('counts only persons certainly older than 110', () => {
    const born = (dob: string) => isImplausiblyOld({ ...adult(), dateOfBirth: dob }, TODAY);
    expect(born('1915-05-31')).toBe(true); // 111 yesterday
    expect(born('1915-06-01')).toBe(true); // 111 today
    expect(born('1915-06-02')).toBe(false); // 110 until tomorrow
    expect(born('1914')).toBe(true);
    expect(born('1915')).toBe(false); // born in 1915: perhaps only 110
    expect(born('1915-05')).toBe(true);
    expect(born('not a date')).toBe(false);
  });
});

// PINs agree with the person: century/sex digit, birth year, and a birth-registration province whose current
// successor holds the commune written in birth_registration_place (checked against the reference CSVs).
// Loops collect offenders and assert once, which keeps these tests fast.
import { describe, expect, it } from 'vitest';
import { generate, testRefs } from './helpers.ts';

const CUTOFF = '2025-07-01';

describe('generated PINs', () => {
  const { rows, truth } = generate({ people: 20_000, seed: 3, duplicates: 0.05, errors: 0.05 });
  const clean = rows.filter((r, i) => truth[i]!.rule === '' && r.pin !== '');
  const refs = testRefs();

  it('are 12 digits whose century/sex digit and year match the date of birth and sex', () => {
    expect(clean.length).toBeGreaterThan(19_000);
    const bad = clean.filter((r) => {
      const year = Number(r.date_of_birth.slice(0, 4));
      const digit = 2 * Math.floor((year - 1900) / 100) + (r.sex === 'Nữ' ? 1 : 0);
      return (
        !/^\d{12}$/.test(r.pin) ||
        Number(r.pin[3]) !== digit ||
        r.pin.slice(4, 6) !== String(year % 100).padStart(2, '0')
      );
    });
    expect(bad.map((r) => `${r.pin} ${r.date_of_birth} ${r.sex}`)).toEqual([]);
  });

  it('carry a birth-registration province whose successor is the province of birth_registration_place', () => {
    const bad = clean.filter((r) => {
      const old = r.pin.slice(1, 3);
      const place = refs.wardProvince.get(r.birth_registration_place);
      if (r.pin[0] !== '0' || place === undefined || refs.successor.get(old) !== place) return true;
      // Before the merger: a current commune with a predecessor in that pre-2025 province.
      if (r.date_of_birth < CUTOFF) return !refs.wardPredecessor.has(`${r.birth_registration_place}|${old}`);
      // After it: the current province's own code.
      return old !== place;
    });
    expect(bad.map((r) => `${r.pin} ${r.date_of_birth} ${r.birth_registration_place}`)).toEqual([]);
    expect(clean.some((r) => r.date_of_birth >= CUTOFF)).toBe(true);
  });

  it('use pre-2025 province codes beyond the 34 current ones for people born before the merger', () => {
    const olds = new Set(clean.filter((r) => r.date_of_birth < CUTOFF).map((r) => r.pin.slice(1, 3)));
    expect([...olds].filter((c) => !refs.currentProvinces.has(c)).length).toBeGreaterThan(10);
  });

  it('are unique per person, and a person keeps one PIN on every ballot that carries it', () => {
    const byPerson = new Map<string, string>();
    const owner = new Map<string, string>();
    const bad: string[] = [];
    rows.forEach((r, i) => {
      const t = truth[i]!;
      if (t.rule !== '' || r.pin === '') return;
      const known = byPerson.get(t.person_id);
      const who = owner.get(r.pin);
      if ((known && known !== r.pin) || (who && who !== t.person_id)) bad.push(`${t.ballot_id} ${r.pin}`);
      byPerson.set(t.person_id, r.pin);
      owner.set(r.pin, t.person_id);
    });
    expect(bad).toEqual([]);
    expect(byPerson.size).toBeGreaterThan(19_000);
  });

  it('give old 9-digit ID numbers only to people born before 2004, all distinct', () => {
    const ids = rows.filter((r, i) => truth[i]!.role === 'original' && truth[i]!.rule === '' && r.old_id_number !== '');
    expect(ids.length).toBeGreaterThan(2000);
    expect(ids.filter((r) => !/^\d{9}$/.test(r.old_id_number) || r.date_of_birth >= '2004')).toEqual([]);
    expect(new Set(ids.map((r) => r.old_id_number)).size).toBe(ids.length);
  });
});

// The truth file tells the truth: every ballot has a row, duplicates point at real persons, and every injected
// error breaks exactly the rule it names (checked by an independent rule checker), while no other ballot
// breaks any rule at all.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DC01_KEYS, type Dc01Row } from '../../src/domain/dc01.ts';
import { DUPLICATE_KINDS } from '../../src/modules/generator/duplicates.ts';
import { ERROR_RULES } from '../../src/modules/generator/error-injection.ts';
import { checkBallot } from './ballot-rules.ts';
import { generate, readCsv, testRefs, type Written, writeToTemp } from './helpers.ts';

const OPTS = { people: 20_000, seed: 7, duplicates: 0.1, errors: 0.08 };
const TODAY = '2026-05-01';

describe('truth file', () => {
  let w: Written;
  let rows: Record<string, string>[];
  let truth: Record<string, string>[];
  beforeAll(async () => {
    w = await writeToTemp(OPTS);
    rows = readCsv(w.out);
    truth = readCsv(w.truth);
  });
  afterAll(() => w.cleanup());

  it('has one row per ballot, in the same order, with the expected columns', () => {
    expect(readFileSync(w.truth, 'utf8').split('\n')[0]).toBe('ballot_id,person_id,role,kind,field,rule');
    expect(Object.keys(rows[0]!)).toEqual([...DC01_KEYS]);
    expect(truth.length).toBe(rows.length);
    expect(truth.map((t) => t.ballot_id)).toEqual(rows.map((r) => r.ballot_id));
    expect(new Set(rows.map((r) => r.ballot_id)).size).toBe(rows.length);
  });

  it('counts originals, duplicates and errors as the writer reports them', () => {
    const originals = truth.filter((t) => t.role === 'original');
    const duplicates = truth.filter((t) => t.role === 'duplicate');
    expect(originals.length).toBe(OPTS.people);
    expect(new Set(originals.map((t) => t.person_id)).size).toBe(OPTS.people);
    expect(duplicates.length).toBe(w.result.duplicates);
    expect(truth.filter((t) => t.rule !== '').length).toBe(w.result.errors);
    expect(originals.length + duplicates.length).toBe(w.result.ballots);
  });

  it('points every duplicate at an original that came earlier, with a known kind (one or two combined)', () => {
    const seen = new Set<string>();
    for (const t of truth) {
      if (t.role === 'original') {
        expect(t.kind).toBe('');
        seen.add(t.person_id!);
        continue;
      }
      expect(seen.has(t.person_id!)).toBe(true);
      const kinds = t.kind!.split(';');
      expect(kinds.length).toBeLessThanOrEqual(2);
      for (const k of kinds) expect(DUPLICATE_KINDS).toContain(k);
      if (kinds.length === 2) expect(kinds).not.toContain('exact');
    }
  });

  it('names a DC01 field and a known rule for every injected error, and nothing otherwise', () => {
    for (const t of truth) {
      if (t.rule === '') expect(t.field).toBe('');
      else {
        expect(ERROR_RULES).toContain(t.rule);
        expect(DC01_KEYS).toContain(t.field);
      }
    }
    // Every rule occurs at this size.
    expect(new Set(truth.map((t) => t.rule).filter(Boolean))).toEqual(new Set(ERROR_RULES));
  });

  it('makes each erroneous ballot break exactly its rule, and every other ballot break none', () => {
    const refs = testRefs();
    const bad: string[] = [];
    rows.forEach((r, i) => {
      const t = truth[i]!;
      const broken = checkBallot(r as Dc01Row, refs, TODAY);
      const found = broken.map((b) => `${b.field}:${b.rule}`).join(' ');
      if (
        t.rule === ''
          ? broken.length > 0
          : broken.some((b) => b.rule !== t.rule) || !broken.some((b) => b.field === t.field)
      ) {
        bad.push(`${t.ballot_id} (${t.kind || 'original'}) expected ${t.field}:${t.rule || '-'} found ${found || '-'}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('makes duplicates look like what their kind says', () => {
    const byPerson = new Map<string, Record<string, string>>();
    rows.forEach((r, i) => {
      if (truth[i]!.role === 'original' && truth[i]!.rule === '') byPerson.set(truth[i]!.person_id!, r);
    });
    let checked = 0;
    rows.forEach((d, i) => {
      const t = truth[i]!;
      const o = byPerson.get(t.person_id!);
      if (t.role !== 'duplicate' || t.rule !== '' || !o) return;
      checked++;
      const kinds = t.kind!.split(';');
      if (kinds[0] === 'exact') expect({ ...d, ballot_id: '' }).toEqual({ ...o, ballot_id: '' });
      if (kinds.includes('missing_pin')) expect(d.pin).toBe('');
      else expect(d.pin).toBe(o.pin);
      if (kinds.includes('swapped_day_month')) {
        expect(d.date_of_birth).toBe(
          `${o.date_of_birth!.slice(0, 4)}-${o.date_of_birth!.slice(8)}-${o.date_of_birth!.slice(5, 7)}`,
        );
      } else expect(d.date_of_birth).toBe(o.date_of_birth);
      if (kinds.includes('other_commune')) {
        expect(d.permanent_unit).not.toBe(o.permanent_unit);
        expect(testRefs().wardProvince.get(d.permanent_unit!)).toBe(testRefs().wardProvince.get(o.permanent_unit!));
        expect(d.relation_to_head).toBe('head');
        expect(d.household_code).not.toBe(o.household_code);
      } else expect(d.permanent_unit).toBe(o.permanent_unit);
      if (kinds.includes('no_diacritics')) expect(d.full_name).toMatch(/^[A-Za-z ]+$/);
      if (kinds.includes('typo')) expect(d.full_name).not.toBe(o.full_name);
      if (kinds.length === 1 && kinds[0] === 'typo')
        expect(editDistance(d.full_name!, o.full_name!)).toBeLessThanOrEqual(2);
      if (kinds.length === 1 && kinds[0] === 'no_diacritics') {
        expect(d.full_name).toBe(
          o
            .full_name!.normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/đ/g, 'd')
            .replace(/Đ/g, 'D'),
        );
      }
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it('keeps the file identical to the in-memory stream', () => {
    const mem = generate(OPTS).rows;
    expect(mem.length).toBe(rows.length);
    for (let i = 0; i < mem.length; i += 97) expect(rows[i]).toEqual(mem[i]);
  });
});

/** Damerau–Levenshtein distance restricted to adjacent transpositions (code points). */
function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[x.length]![y.length]!;
}

// Duplicate and error rates land near what was asked (duplicates per person, erroneous ballots per ballot),
// and zero means none.
import { describe, expect, it } from 'vitest';
import { generate } from './helpers.ts';

describe('generator rates', () => {
  it.each([
    { duplicates: 0.05, errors: 0.02 },
    { duplicates: 0.2, errors: 0.1 },
  ])('meets duplicates=$duplicates and errors=$errors within 10%', ({ duplicates, errors }) => {
    const { truth, stats } = generate({ people: 15_000, seed: 5, duplicates, errors });
    const dup = truth.filter((t) => t.role === 'duplicate').length;
    const err = truth.filter((t) => t.rule !== '').length;
    expect(stats.persons).toBe(15_000);
    expect(dup / stats.persons).toBeGreaterThan(duplicates * 0.9);
    expect(dup / stats.persons).toBeLessThan(duplicates * 1.1);
    expect(err / truth.length).toBeGreaterThan(errors * 0.9);
    expect(err / truth.length).toBeLessThan(errors * 1.1);
    // Errors fall on originals and duplicates alike.
    expect(truth.some((t) => t.role === 'duplicate' && t.rule !== '')).toBe(true);
  });

  it('makes no duplicates and no errors when the rates are zero', () => {
    const { truth, stats } = generate({ people: 3_000, seed: 5 });
    expect(stats).toMatchObject({ persons: 3_000, ballots: 3_000, duplicates: 0, errors: 0 });
    expect(truth.every((t) => t.role === 'original' && t.rule === '')).toBe(true);
  });

  it('generates exactly the number of persons asked for, even a single one', () => {
    expect(generate({ people: 1, seed: 9 }).stats).toMatchObject({ persons: 1, households: 1, ballots: 1 });
    expect(generate({ people: 7, seed: 9 }).rows.length).toBe(7);
  });
});

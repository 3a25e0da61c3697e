import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  damerauLevenshtein,
  jaro,
  jaroWinkler,
  tokenRelation,
  withinOneEdit,
} from '../../src/modules/linkage/engine/similarity.ts';

describe('Jaro-Winkler', () => {
  it('gives the published values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('nguyen', 'nguyen')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        (a, b) => Math.abs(jaroWinkler(a, b) - jaroWinkler(b, a)) < 1e-12,
      ),
    );
  });

  it('never lets the cheap bound decide differently from the full score', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdeghnotuy'), maxLength: 10 });
    fc.assert(
      fc.property(
        word,
        word,
        fc.constantFrom(0.7, 0.88, 0.92),
        (a, b, floor) => jaroWinkler(a, b, floor) >= floor === jaroWinkler(a, b) >= floor,
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Damerau-Levenshtein (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('19850307', '19850370')).toBe(1);
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('same', 'same')).toBe(0);
  });

  it('agrees with withinOneEdit on every pair', () => {
    const s = fc.string({ unit: fc.constantFrom(...'0123ab'), maxLength: 7 });
    fc.assert(
      fc.property(s, s, (a, b) => withinOneEdit(a, b) === damerauLevenshtein(a, b) <= 1),
      { numRuns: 3000 },
    );
  });
});

describe('token sets', () => {
  it('tells equal sets, subsets and the rest apart', () => {
    expect(tokenRelation(['mary', 'ann'], ['ann', 'mary'])).toBe('equal');
    expect(tokenRelation(['mary'], ['mary', 'ann'])).toBe('subset');
    expect(tokenRelation(['mary', 'jo'], ['mary', 'ann'])).toBe('none');
    expect(tokenRelation([], ['ann'])).toBe('none');
  });
});

import { describe, expect, it } from 'vitest';
import { aggregatePatterns, defaultM, runEm } from '../../src/modules/linkage/engine/em.ts';
import { createRng } from '../../src/modules/linkage/engine/random.ts';

/** Pairs drawn from a two-class model with known λ, m and u (level 0 = null is never drawn). */
function synthetic(lambda: number, m: number[][], u: number[][], n: number): Uint8Array {
  const rng = createRng(42);
  const k = m.length;
  const out = new Uint8Array(n * k);
  const draw = (probs: number[]) => {
    let r = rng.next();
    for (let l = 1; l < probs.length; l++) {
      r -= probs[l]!;
      if (r < 0) return l;
    }
    return probs.length - 1;
  };
  for (let p = 0; p < n; p++) {
    const match = rng.next() < lambda;
    for (let c = 0; c < k; c++) out[p * k + c] = draw(match ? m[c]! : u[c]!);
  }
  return out;
}

describe('EM for m with u fixed', () => {
  const m = [
    [0, 0.9, 0.07, 0.03],
    [0, 0.8, 0.15, 0.05],
    [0, 0.95, 0.05],
    [0, 0.7, 0.2, 0.1],
  ];
  const u = [
    [0, 0.01, 0.09, 0.9],
    [0, 0.02, 0.18, 0.8],
    [0, 0.3, 0.7],
    [0, 0.05, 0.15, 0.8],
  ];

  it('recovers known m and λ from a default start', () => {
    const levels = synthetic(0.1, m, u, 200_000);
    const patterns = aggregatePatterns(levels, m.length);
    expect(patterns.pairs).toBe(200_000);
    expect(patterns.size).toBeLessThanOrEqual(3 * 3 * 2 * 3);
    const em = runEm(patterns, {
      u,
      mInit: m.map((row) => defaultM(row.length)),
      active: m.map(() => true),
      lambda: 0.3,
    });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(0.1, 2);
    for (const [c, row] of m.entries())
      for (let l = 1; l < row.length; l++) expect(Math.abs(em.m[c]![l]! - row[l]!)).toBeLessThan(0.02);
  });

  it('leaves the m of a session’s blocking comparison untouched', () => {
    const levels = synthetic(0.2, m, u, 50_000);
    const init = m.map((row) => defaultM(row.length));
    const em = runEm(aggregatePatterns(levels, m.length), {
      u,
      mInit: init,
      active: [true, false, true, true],
      lambda: 0.3,
    });
    expect(em.m[1]).toEqual(init[1]);
    expect(Math.abs(em.m[0]![1]! - 0.9)).toBeLessThan(0.03);
  });
});

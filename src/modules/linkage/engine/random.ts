// A small seeded generator (mulberry32): sampling random pairs must be reproducible run to run, so that the same
// input and config give the same weights and the same pairs file.
import type { Prepared } from './prepare.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Random pairs, with replacement: any two records in a dedupe, one from each file in a link. */
export function randomPairs(
  p: Pick<Prepared, 'n' | 'nLeft' | 'link'>,
  count: number,
  rng: Rng,
): { left: Uint32Array; right: Uint32Array } {
  const left = new Uint32Array(count);
  const right = new Uint32Array(count);
  for (let x = 0; x < count; x++) {
    if (p.link) {
      left[x] = rng.int(p.nLeft);
      right[x] = p.nLeft + rng.int(p.n - p.nLeft);
    } else {
      const i = rng.int(p.n);
      let j = rng.int(p.n - 1);
      if (j >= i) j++;
      left[x] = Math.min(i, j);
      right[x] = Math.max(i, j);
    }
  }
  return { left, right };
}

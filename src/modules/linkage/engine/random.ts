// Random pairs for training: sampling must be reproducible run to run, so that the same input and config give the
// same weights and the same pairs file; the seeded generator is the project's one (src/lib/random.ts).
import { Rng } from '../../../lib/random.ts';
import type { Prepared } from './prepare.ts';

export type { Rng };

export function createRng(seed: number): Rng {
  return new Rng(seed);
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

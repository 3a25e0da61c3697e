// Weighted choice by cumulative sums and binary search: O(log n) per draw with no allocation, and it can also
// draw from a slice of the table (a truncated distribution), which the household builder needs for ages
// ("a child of a 30-year-old mother is 0–12 years old, distributed like the population pyramid").
import type { Rng } from '../../lib/random.ts';

export class Weighted<T> {
  readonly items: readonly T[];
  /** cum[i] = sum of weights[0..i-1]; cum[0] = 0, cum[n] = total. */
  private readonly cum: Float64Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new Error(`Weighted: ${items.length} items but ${weights.length} weights`);
    }
    this.items = items;
    this.cum = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`Weighted: bad weight ${w} for item ${i}`);
      this.cum[i + 1] = this.cum[i]! + w;
    }
    if (this.total <= 0) throw new Error('Weighted: all weights are zero');
  }

  /** Builds a table from [item, weight] pairs, the form used in the model files. */
  static of<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
    return new Weighted(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }

  get total(): number {
    return this.cum[this.items.length]!;
  }

  get size(): number {
    return this.items.length;
  }

  weightOf(i: number): number {
    return this.cum[i + 1]! - this.cum[i]!;
  }

  /** Index of the item whose cumulative interval holds `x` (0 ≤ x < total). */
  private locate(x: number): number {
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid + 1]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  index(rng: Rng): number {
    return this.locate(rng.float() * this.total);
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)]!;
  }

  /**
   * Index drawn from the items lo..hi (inclusive) only, in proportion to their weights. Falls back to a uniform
   * draw when that slice has no weight, so callers never have to special-case empty tails of a distribution.
   */
  indexIn(rng: Rng, lo: number, hi: number): number {
    const a = Math.max(0, lo);
    const b = Math.min(this.items.length - 1, hi);
    if (a > b) throw new Error(`Weighted.indexIn: empty range ${lo}..${hi}`);
    const from = this.cum[a]!;
    const span = this.cum[b + 1]! - from;
    if (span <= 0) return rng.between(a, b);
    const i = this.locate(from + rng.float() * span);
    return Math.min(b, Math.max(a, i));
  }
}

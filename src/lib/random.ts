// Seeded pseudo-random numbers, the one generator of the project (synthetic population, record-linkage sampling).
// Math.random cannot be seeded and crypto is slow, and the generator must give byte-identical files for the same
// seed and linkage the same weights for the same input, so we carry our own: sfc32 (Chris Doty-Humphrey's
// "small fast chaotic" generator, 128-bit state, passes PractRand), seeded through splitmix32 so that nearby
// seeds (1, 2, 3…) still start from unrelated states.

/** splitmix32 step: a good 32-bit mixer used only to expand a seed into sfc32's four words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * `stream` gives independent sequences from one seed (population, duplicates, errors), so that changing how
   * one part draws does not reshuffle the others more than necessary.
   */
  constructor(seed: number, stream = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_32) >>> 0;
    const st = { s: (lo ^ Math.imul(hi ^ (stream + 1), 0x27d4eb2d)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    // The first outputs of sfc32 are still correlated with the seed words: discard a few.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const t = (((a + b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / TWO_32;
  }

  /** Uniform in [0, 1) (the name samplers expect). */
  next(): number {
    return this.u32() / TWO_32;
  }

  /** Uniform integer in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }
}

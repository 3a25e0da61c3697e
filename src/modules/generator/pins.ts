// Personal identification numbers for generated people: PPP C YY RRRRRR (domain.md §3), with serials unique per
// prefix. Kept apart from src/domain/pin.ts on purpose: that one draws serials from crypto (unpredictable for a
// live registry), while a generator must be reproducible from its seed.
//
// Uniqueness without remembering every serial: the k-th PIN of a prefix gets serial P(k), where P is a keyed
// permutation of 0..999,999 (a small Feistel network). Distinct k give distinct serials, the serials look
// random, and the only state is one counter per prefix. Old 9-digit ID numbers use the same idea.

/** Century/sex digit: 0/1 for 1900s men/women, 2/3 for 2000s, and so on (odd = female). */
export function centurySexDigit(year: number, female: boolean): number {
  return 2 * Math.floor((year - 1900) / 100) + (female ? 1 : 0);
}

export function composePin(ppp: string, year: number, female: boolean, serial: number): string {
  const yy = year % 100;
  return `${ppp}${centurySexDigit(year, female)}${yy < 10 ? '0' : ''}${yy}${String(1_000_000 + serial).slice(1)}`;
}

function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A keyed bijection of 0..a·b−1: four Feistel rounds on (x div b, x mod b), each adding a keyed hash of one half
 * to the other modulo its size (the halves swap sizes every round, so unequal a and b work too).
 */
export function permute(x: number, a: number, b: number, key: number): number {
  let l = Math.floor(x / b); // in [0, a)
  let r = x % b; // in [0, b)
  for (let round = 0; round < 4; round++) {
    const size = round % 2 === 0 ? a : b; // the size of the half being replaced
    const next = (l + (mix(r ^ Math.imul(key + round, 0x9e3779b9)) % size)) % size;
    l = r;
    r = next;
  }
  return l * b + r;
}

const PREFIXES = 100_000; // PPP (≤ 099) × 1000 + C × 100 + YY

/**
 * Hands out serials never used before under the same PPP C YY prefix. Blocks generated apart share the run's
 * key and interleave their indexes (block b of n uses b, b+n, b+2n…), so no two blocks can meet.
 */
export class PinAllocator {
  private readonly issued = new Int32Array(PREFIXES);

  constructor(
    private readonly key: number,
    private readonly stride = 1,
    private readonly slot = 0,
  ) {}

  allocate(ppp: string, year: number, female: boolean): string {
    const digit = centurySexDigit(year, female);
    const prefix = Number(ppp) * 1000 + digit * 100 + (year % 100);
    if (prefix < 0 || prefix >= PREFIXES || digit > 9) throw new Error(`cannot encode a PIN for ${ppp}/${year}`);
    const k = this.issued[prefix]!;
    const index = k * this.stride + this.slot;
    if (index >= 1_000_000) throw new Error(`PIN serials exhausted for prefix ${ppp}${digit}${year % 100}`);
    this.issued[prefix] = k + 1;
    return composePin(ppp, year, female, permute(index, 1000, 1000, this.key ^ mix(prefix)));
  }

  /** Number of PINs handed out so far. */
  get count(): number {
    let n = 0;
    for (const v of this.issued) n += v;
    return n;
  }
}

/** Unique 9-digit numbers for the old identity card (CMND); a leading zero is allowed as on real cards. */
export class OldIdAllocator {
  private issued = 0;

  constructor(
    private readonly key: number,
    private readonly stride = 1,
    private readonly slot = 0,
  ) {}

  allocate(): string {
    const index = this.issued++ * this.stride + this.slot;
    if (index >= 1_000_000_000) throw new Error('old ID numbers exhausted');
    return String(1_000_000_000 + permute(index, 31_250, 32_000, this.key)).slice(1);
  }
}

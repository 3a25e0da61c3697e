// Personal identification numbers for generated people: PPP C YY RRRRRR (domain.md §3), with serials unique per
// prefix. Kept apart from src/domain/pin.ts on purpose: that one draws serials from crypto (unpredictable for a
// live registry), while a generator must be reproducible from its seed.
import type { Rng } from './prng.ts';

/** Century/sex digit: 0/1 for 1900s men/women, 2/3 for 2000s, and so on (odd = female). */
export function centurySexDigit(year: number, female: boolean): number {
  return 2 * Math.floor((year - 1900) / 100) + (female ? 1 : 0);
}

export function composePin(ppp: string, year: number, female: boolean, serial: number): string {
  const yy = year % 100;
  return `${ppp}${centurySexDigit(year, female)}${yy < 10 ? '0' : ''}${yy}${String(1_000_000 + serial).slice(1)}`;
}

/** Hands out serials never used before under the same PPP C YY prefix. */
export class PinAllocator {
  private readonly used = new Map<number, Set<number>>();

  allocate(rng: Rng, ppp: string, year: number, female: boolean): string {
    const key = Number(ppp) * 10_000 + centurySexDigit(year, female) * 100 + (year % 100);
    let set = this.used.get(key);
    if (!set) {
      set = new Set();
      this.used.set(key, set);
    }
    // Random serials stay fast while a prefix is far from full; a million people born in one province, year and
    // sex would be needed to exhaust one, so stop well before rejection sampling degrades.
    if (set.size >= 900_000) throw new Error(`PIN serials exhausted for prefix ${ppp}/${year}`);
    let serial = rng.int(1_000_000);
    while (set.has(serial)) serial = rng.int(1_000_000);
    set.add(serial);
    return composePin(ppp, year, female, serial);
  }

  /** Number of PINs handed out so far. */
  get count(): number {
    let n = 0;
    for (const s of this.used.values()) n += s.size;
    return n;
  }
}

/** Unique 9-digit numbers for the old identity card (CMND); a leading zero is allowed as on real cards. */
export class OldIdAllocator {
  private readonly used = new Set<number>();

  allocate(rng: Rng): string {
    let n = rng.int(1_000_000_000);
    while (this.used.has(n)) n = rng.int(1_000_000_000);
    this.used.add(n);
    return String(1_000_000_000 + n).slice(1);
  }
}

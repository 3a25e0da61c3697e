// Identifiers written on ballots, and how the run is cut into blocks.
//
// The population is generated in blocks of `blockSize` persons, each from its own random streams and with its
// own counters, so blocks can be generated in any order or in parallel (worker threads) and still give the
// same bytes. Only two numbers depend on earlier blocks — the ballot sequence and each province's household
// sequence — and they are assigned (or patched into fixed-width placeholders) when blocks are put in order.

/** Default block size: large enough for realistic duplicate spread, small enough to keep two cores busy. */
export const BLOCK_PERSONS = 20_000;

const BALLOT_DIGITS = 9;
const HOUSEHOLD_DIGITS = 8;

/** 'B' + 9-digit sequence, e.g. B000000001. */
export function ballotId(n: number): string {
  return `B${String(10 ** BALLOT_DIGITS + n).slice(1)}`;
}

/** 'H' + province code + 8-digit sequence within the province, e.g. H7900000001. */
export function householdCode(province: string, n: number): string {
  return `H${province}${String(10 ** HOUSEHOLD_DIGITS + n).slice(1)}`;
}

/** 'P' + 9-digit sequence: the true person behind a ballot (truth file only). */
export function personId(n: number): string {
  return `P${String(1_000_000_000 + n).slice(1)}`;
}

export function blockCount(people: number, blockSize: number): number {
  return Math.ceil(people / blockSize);
}

/** Byte positions of the two patched fields in a DC01 line ("B#########,Hpp########,…"). */
export const BALLOT_DIGITS_AT = 1;
export const HOUSEHOLD_DIGITS_AT = 1 + BALLOT_DIGITS + 1 + 3;

/** Writes `value` as `width` ASCII digits at `at` (used to patch placeholders in encoded lines). */
export function putDigits(buf: Uint8Array, at: number, value: number, width: number): void {
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    buf[at + i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  if (v !== 0) throw new Error(`${value} does not fit in ${width} digits`);
}

export { BALLOT_DIGITS, HOUSEHOLD_DIGITS };

/** Assigns final ballot ids and household codes to blocks taken in order. */
export class Numbering {
  private ballots = 0;
  private readonly householdBase = new Map<string, number>();

  nextBallot(): number {
    return ++this.ballots;
  }

  get ballotCount(): number {
    return this.ballots;
  }

  /** Global household number of a block's `local`-th household (1-based) in `province`. */
  household(province: string, local: number): number {
    return (this.householdBase.get(province) ?? 0) + local;
  }

  /** After a block: its household counts per province shift the next block's numbers. */
  endBlock(households: ReadonlyMap<string, number>): void {
    for (const [p, n] of households) this.householdBase.set(p, (this.householdBase.get(p) ?? 0) + n);
  }
}

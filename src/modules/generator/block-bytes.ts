// A block encoded as CSV bytes with placeholder ballot ids and household codes, plus where each line starts,
// so the blocks can be numbered and written in order by whoever collects them (the main thread).
import { BlockGenerator, type RunSettings } from './block.ts';
import { dc01Joined, truthJoined } from './csv.ts';
import {
  BALLOT_DIGITS,
  BALLOT_DIGITS_AT,
  ballotId,
  HOUSEHOLD_DIGITS,
  HOUSEHOLD_DIGITS_AT,
  householdCode,
  type Numbering,
  putDigits,
} from './numbering.ts';
import { MemorySink } from './utf8-sink.ts';

export interface EncodedBlock {
  index: number;
  dc01: Uint8Array;
  truth: Uint8Array | null;
  /** Byte offset of each ballot's line in dc01 and truth. */
  dc01Lines: Int32Array;
  truthLines: Int32Array | null;
  /** Per line: index of the household's province in ReferenceData.provinceCodes, and its block-local number. */
  lineProvince: Uint8Array;
  lineHousehold: Int32Array;
  /** [province, households numbered in this block]. */
  households: [string, number][];
  persons: number;
  ballots: number;
  duplicates: number;
  errors: number;
  householdCount: number;
}

const BALLOT_PLACEHOLDER = ballotId(0);

export function encodeBlock(run: RunSettings, index: number, withTruth: boolean): EncodedBlock {
  const gen = new BlockGenerator(run, index);
  const persons = Math.min(run.o.people - index * run.o.blockSize, run.o.blockSize);
  const lines = Math.ceil(persons * (1 + run.o.duplicates)) + 16;
  // Lines average about 330 bytes (names, addresses and PINs) and truth lines about 35.
  const dc01 = new MemorySink(lines * 360);
  const truth = withTruth ? new MemorySink(lines * 40) : null;
  const provinceIndex = new Map(run.ref.provinceCodes.map((c, i) => [c, i]));
  const placeholders = new Map(run.ref.provinceCodes.map((c) => [c, householdCode(c, 0)]));
  const cap = lines + 64;
  let dcLines = new Int32Array(cap);
  let truthLines = withTruth ? new Int32Array(cap) : null;
  let lineProvince = new Uint8Array(cap);
  let lineHousehold = new Int32Array(cap);
  let n = 0;
  for (const b of gen.generate()) {
    if (n === dcLines.length) {
      dcLines = grow(dcLines, new Int32Array(2 * n));
      truthLines = truthLines && grow(truthLines, new Int32Array(2 * n));
      lineProvince = grow(lineProvince, new Uint8Array(2 * n));
      lineHousehold = grow(lineHousehold, new Int32Array(2 * n));
    }
    b.row.ballot_id = BALLOT_PLACEHOLDER;
    b.row.household_code = placeholders.get(b.province)!;
    b.truth.ballot_id = BALLOT_PLACEHOLDER;
    dcLines[n] = dc01.offset;
    dc01.line(dc01Joined(b.row));
    if (truth && truthLines) {
      truthLines[n] = truth.offset;
      truth.line(truthJoined(b.truth));
    }
    lineProvince[n] = provinceIndex.get(b.province)!;
    lineHousehold[n] = b.household;
    n++;
  }
  return {
    index,
    dc01: dc01.bytes(),
    truth: truth ? truth.bytes() : null,
    dc01Lines: dcLines.subarray(0, n),
    truthLines: truthLines ? truthLines.subarray(0, n) : null,
    lineProvince: lineProvince.subarray(0, n),
    lineHousehold: lineHousehold.subarray(0, n),
    households: [...gen.households.counts],
    persons: gen.persons,
    ballots: gen.ballots,
    duplicates: gen.duplicates,
    errors: gen.errors,
    householdCount: gen.householdCount,
  };
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Writes the final ballot numbers and household codes into an encoded block, taking blocks in order. */
export function numberBlock(block: EncodedBlock, numbering: Numbering, provinceCodes: readonly string[]): void {
  const { dc01, truth, dc01Lines, truthLines, lineProvince, lineHousehold } = block;
  for (let i = 0; i < dc01Lines.length; i++) {
    const seq = numbering.nextBallot();
    const at = dc01Lines[i]!;
    putDigits(dc01, at + BALLOT_DIGITS_AT, seq, BALLOT_DIGITS);
    if (truth && truthLines) putDigits(truth, truthLines[i]! + BALLOT_DIGITS_AT, seq, BALLOT_DIGITS);
    const household = numbering.household(provinceCodes[lineProvince[i]!]!, lineHousehold[i]!);
    putDigits(dc01, at + HOUSEHOLD_DIGITS_AT, household, HOUSEHOLD_DIGITS);
  }
  numbering.endBlock(new Map(block.households));
}

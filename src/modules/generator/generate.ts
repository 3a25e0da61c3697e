// The synthetic population generator: DC01 ballots (originals, duplicates, injected errors) with the truth about
// each, as a stream of objects or written to CSV files. Deterministic: the same options give the same bytes,
// whatever the clock, the machine or the number of threads (see numbering.ts for how blocks make that so).
import type { Dc01Row } from '../../domain/dc01.ts';
import { BlockGenerator, runSettings } from './block.ts';
import { numberBlock } from './block-bytes.ts';
import { DC01_HEADER, TRUTH_HEADER, type TruthRow } from './csv.ts';
import { ballotId, householdCode, Numbering } from './numbering.ts';
import { type GenerateOptions, resolveOptions } from './options.ts';
import { defaultThreads, encodedBlocks } from './parallel.ts';
import { referenceData } from './reference-data.ts';
import { FileSink } from './utf8-sink.ts';

export type { TruthRow } from './csv.ts';
export type { GenerateOptions } from './options.ts';

export interface GeneratedBallot {
  /** Read-only: an original's row object is shared with its later duplicates until they copy it. */
  row: Dc01Row;
  truth: TruthRow;
}

export interface GenerateStats {
  ballots: number;
  persons: number;
  households: number;
  duplicates: number;
  errors: number;
}

/**
 * Ballots in file order: originals household by household, duplicates at random later points, some ballots
 * with an injected error. The generator's return value (the final `next()`) holds the counts.
 */
export function* generatePopulation(opts: GenerateOptions): Generator<GeneratedBallot, GenerateStats, undefined> {
  const ref = referenceData();
  const run = runSettings(ref, resolveOptions(opts, ref));
  const numbering = new Numbering();
  const stats: GenerateStats = { ballots: 0, persons: 0, households: 0, duplicates: 0, errors: 0 };
  for (let b = 0; b < run.blocks; b++) {
    const block = new BlockGenerator(run, b);
    for (const x of block.generate()) {
      const id = ballotId(numbering.nextBallot());
      x.row.ballot_id = id;
      x.row.household_code = householdCode(x.province, numbering.household(x.province, x.household));
      x.truth.ballot_id = id;
      yield { row: x.row, truth: x.truth };
    }
    numbering.endBlock(block.households.counts);
    stats.ballots += block.ballots;
    stats.persons += block.persons;
    stats.households += block.householdCount;
    stats.duplicates += block.duplicates;
    stats.errors += block.errors;
  }
  return stats;
}

export interface WriteOptions extends GenerateOptions {
  /** The ballots CSV (DC01_KEYS columns). */
  out: string;
  /** The truth CSV (ballot_id,person_id,role,kind,field,rule), when wanted. */
  truth?: string;
  /** Called after each block of persons is written, with persons done and persons asked for. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads; default one per core (at most 4) when there is more than one block. Output is the same. */
  threads?: number;
}

export interface WriteResult extends GenerateStats {
  ms: number;
}

export async function writePopulation(opts: WriteOptions): Promise<WriteResult> {
  const started = performance.now();
  // Validate before creating any file.
  const ref = referenceData();
  const run = runSettings(ref, resolveOptions(opts, ref));
  const { out: outPath, truth: truthPath, onProgress, threads, ...options } = opts;
  const out = new FileSink(outPath);
  const truth = truthPath ? new FileSink(truthPath) : undefined;
  out.plain(DC01_HEADER);
  truth?.plain(TRUTH_HEADER);
  const numbering = new Numbering();
  const stats: GenerateStats = { ballots: 0, persons: 0, households: 0, duplicates: 0, errors: 0 };
  const blocks = encodedBlocks(run, options, truth !== undefined, threads ?? defaultThreads(run.blocks));
  for await (const block of blocks) {
    numberBlock(block, numbering, ref.provinceCodes);
    out.bytes(block.dc01);
    if (truth && block.truth) truth.bytes(block.truth);
    stats.ballots += block.ballots;
    stats.persons += block.persons;
    stats.households += block.householdCount;
    stats.duplicates += block.duplicates;
    stats.errors += block.errors;
    onProgress?.(stats.persons, opts.people);
    if (out.mustWait) await out.drain();
    if (truth?.mustWait) await truth.drain();
  }
  await Promise.all([out.close(), truth?.close()]);
  return { ...stats, ms: Math.round(performance.now() - started) };
}

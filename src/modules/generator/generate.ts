// The synthetic population generator: a stream of DC01 ballots (originals, duplicates, injected errors) with
// the truth about each, and a writer that puts them into CSV files. Deterministic: the same options give the
// same bytes, whatever the clock or machine.
import type { Dc01Row } from '../../domain/dc01.ts';
import { DC01_HEADER, TRUTH_HEADER, type TruthRow, writeDc01, writeTruth } from './csv.ts';
import { makeDuplicate } from './duplicates.ts';
import { injectError, unknownUnitCodes } from './error-injection.ts';
import { parseIsoDay } from './gen-dates.ts';
import { FIRST_REF_DATE, type GenerateOptions, resolveOptions } from './options.ts';
import { HouseholdBuilder, type PersonRecord } from './people.ts';
import { PinAllocator } from './pins.ts';
import { HOUSEHOLD_SIZES } from './population-model.ts';
import { Rng } from './prng.ts';
import { referenceData } from './reference-data.ts';
import { Weighted } from './sampling.ts';
import { Utf8Sink } from './utf8-sink.ts';

export type { TruthRow } from './csv.ts';
export type { GenerateOptions } from './options.ts';

export interface GeneratedBallot {
  /** Read-only: rows may be shared with later duplicates until they are copied. */
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

/** Duplicates re-declare someone drawn uniformly from a sample of everyone generated so far (reservoir sampling). */
const RESERVOIR_SIZE = 20_000;

/**
 * Ballots in file order. Originals come household by household; duplicates follow at random later points.
 * The return value (from the iterator's final `next()`) holds the counts.
 */
export function* generatePopulation(opts: GenerateOptions): Generator<GeneratedBallot, GenerateStats, undefined> {
  const ref = referenceData();
  const o = resolveOptions(opts, ref);
  // Separate streams, so duplicates and errors draw without disturbing the population more than needed.
  const rng = new Rng(o.seed, 0);
  const dupRng = new Rng(o.seed, 1);
  const errRng = new Rng(o.seed, 2);
  const pins = new PinAllocator(new Rng(o.seed, 3));
  const cutoff = parseIsoDay(FIRST_REF_DATE)!;
  const builder = new HouseholdBuilder(ref, rng, { today: o.todayDay, refDate: o.refDate, cutoff }, pins);
  const provinces = new Weighted(
    ref.provinceCodes,
    ref.provinceCodes.map((c) => ref.provinces.get(c)!.wards.length),
  );
  const dupEnv = { rng: dupRng, ref, today: o.todayDay, newHouseholdCode: (p: string) => builder.nextHouseholdCode(p) };
  const errEnv = {
    rng: errRng,
    ref,
    pins,
    today: o.todayDay,
    unknownUnits: unknownUnitCodes(errRng, ref.knownCommuneCodes),
  };
  const stats: GenerateStats = { ballots: 0, persons: 0, households: 0, duplicates: 0, errors: 0 };
  const reservoir: PersonRecord[] = [];
  let dupDebt = 0;
  let errDebt = 0;

  // Rates are met by accumulating a jittered share per ballot (mean = the rate) and acting each time the total
  // passes 1: counts land within a few of rate × n, at irregular positions.
  const emit = (row: Dc01Row, p: PersonRecord, role: 'original' | 'duplicate', kind: string): GeneratedBallot => {
    stats.ballots++;
    let out = row;
    let field = '';
    let rule = '';
    if (o.errors > 0) {
      errDebt += o.errors >= 1 ? 1 : 2 * o.errors * errRng.float();
      if (errDebt >= 1) {
        errDebt -= 1;
        if (out === p.row) out = { ...row };
        const e = injectError(out, p, role === 'duplicate', errEnv);
        field = e.field;
        rule = e.rule;
        stats.errors++;
      }
    }
    const id = `B${String(1_000_000_000 + stats.ballots).slice(1)}`;
    out.ballot_id = id;
    return { row: out, truth: { ballot_id: id, person_id: p.personId, role, kind, field, rule } };
  };

  while (stats.persons < o.people) {
    const province = o.province ?? provinces.pick(rng);
    const size = Math.min(HOUSEHOLD_SIZES.pick(rng), o.people - stats.persons);
    const members = builder.build(province, size);
    stats.households++;
    for (const p of members) {
      stats.persons++;
      yield emit(p.row, p, 'original', '');
      if (reservoir.length < RESERVOIR_SIZE) reservoir.push(p);
      else {
        const j = dupRng.int(stats.persons);
        if (j < RESERVOIR_SIZE) reservoir[j] = p;
      }
      if (o.duplicates <= 0) continue;
      dupDebt += 2 * o.duplicates * dupRng.float();
      while (dupDebt >= 1) {
        dupDebt -= 1;
        const source = dupRng.pick(reservoir);
        const d = makeDuplicate(source, dupEnv);
        stats.duplicates++;
        yield emit(d.row, source, 'duplicate', d.kind);
      }
    }
  }
  return stats;
}

export interface WriteOptions extends GenerateOptions {
  /** The ballots CSV. */
  out: string;
  /** The truth CSV (ballot_id,person_id,role,kind,field,rule), when wanted. */
  truth?: string;
  /** Called every few thousand persons and at the end, with persons done and persons asked for. */
  onProgress?: (done: number, total: number) => void;
}

export interface WriteResult extends GenerateStats {
  ms: number;
}

const PROGRESS_EVERY = 10_000;

export async function writePopulation(opts: WriteOptions): Promise<WriteResult> {
  const started = performance.now();
  // Validate before creating any file: the generator itself only validates on its first step.
  resolveOptions(opts, referenceData());
  const gen = generatePopulation(opts);
  const out = new Utf8Sink(opts.out);
  const truth = opts.truth ? new Utf8Sink(opts.truth) : undefined;
  out.raw(DC01_HEADER);
  truth?.raw(TRUTH_HEADER);
  let persons = 0;
  let step = gen.next();
  while (!step.done) {
    const b = step.value;
    writeDc01(out, b.row);
    if (truth) writeTruth(truth, b.truth);
    if (b.truth.role === 'original' && ++persons % PROGRESS_EVERY === 0) opts.onProgress?.(persons, opts.people);
    if (out.mustWait) await out.drain();
    if (truth?.mustWait) await truth.drain();
    step = gen.next();
  }
  await Promise.all([out.close(), truth?.close()]);
  opts.onProgress?.(persons, opts.people);
  return { ...step.value, ms: Math.round(performance.now() - started) };
}

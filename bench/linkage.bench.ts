// Record-linkage benchmark: the whole pipeline (columns recognised by name, as `popreg link` does without a config)
// on the labelled FEBRL files and on a larger synthetic file built from FEBRL dataset2 (people made of fields drawn
// from different records, then duplicated with typos, blanks, swaps and date slips). Prints time per stage, the
// quality figures, and the rate of the comparison stage: single-threaded and on the worker pool, measured here.
// Run: npx tsx bench/linkage.bench.ts [--rows N] [--threads N]
import { availableParallelism } from 'node:os';
import { buildComparisons, computeLevels } from '../src/modules/linkage/engine/comparisons.ts';
import { expandUnits, type LinkConfig } from '../src/modules/linkage/engine/config.ts';
import { workerComputer } from '../src/modules/linkage/engine/levels.pool.ts';
import { prepare, type Table } from '../src/modules/linkage/engine/prepare.ts';
import { createRng, randomPairs } from '../src/modules/linkage/engine/random.ts';
import { recogniseColumns } from '../src/modules/linkage/engine/recognise.ts';
import { readTable } from '../src/modules/linkage/linkage.files.ts';
import { type LinkResult, runLinkage } from '../src/modules/linkage/linkage.service.ts';
import { synthesise } from '../test/linkage/helpers/perturb.ts';
import { argNumber, machine, timed, verdict } from './common.ts';

const rows = argNumber('rows', 100_000);
const threads = argNumber('threads', Math.min(8, availableParallelism()));
const data = new URL('../test/linkage/data/', import.meta.url);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

function configFor(t: Table, truth: string): LinkConfig {
  return recogniseColumns([t.header], t.header[0]!, [truth]).config;
}

function report(name: string, t: Table, r: LinkResult, ms: number): void {
  const e = r.evaluation!;
  const stages = Object.entries(r.timings)
    .map(([s, v]) => `${s} ${(v / 1000).toFixed(2)}`)
    .join(', ');
  console.log(
    `\n${name}: ${fmt(t.rows.length)} records, ${fmt(r.candidates.length)} candidate pairs, total ${(ms / 1000).toFixed(2)} s`,
  );
  console.log(`  stages (s): ${stages}`);
  console.log(
    `  compared ${fmt(r.compared.pairs)} pairs (candidates, random pairs for u, EM sessions) at ${fmt(r.compared.pairs / (r.compared.ms / 1000))} pairs/s on ${r.threads} thread(s)`,
  );
  console.log(
    `  ${fmt(e.truePairs)} true pairs; blocking recall ${(100 * e.blockingRecall).toFixed(2)}%; pairs at p ≥ ${r.threshold}: precision ${(100 * e.pairs.precision).toFixed(2)}%, recall ${(100 * e.pairs.recall).toFixed(2)}%, F1 ${e.pairs.f1.toFixed(4)}; clusters F1 ${e.clusters.f1.toFixed(4)}`,
  );
}

async function linkFile(name: string, t: Table, truth: string, opts: { threads?: number } = {}): Promise<LinkResult> {
  const { value, ms } = await timed(() =>
    runLinkage([t], configFor(t, truth), { truth: { column: truth }, threads: opts.threads ?? threads }),
  );
  report(name, t, value, ms);
  return value;
}

/** The comparison stage alone, on the candidates of `r` and on a million random pairs: one thread, then the pool. */
async function scoringRate(t: Table, r: LinkResult): Promise<void> {
  const prepared = prepare([t], expandUnits(r.config.fields), t.header[0]!, 'dmy');
  const comparisons = buildComparisons(prepared);
  const k = comparisons.length;
  const random = randomPairs(prepared, 1_000_000, createRng(5));
  const sets = [
    ['candidate pairs', r.candidates.left, r.candidates.right],
    ['random pairs', random.left, random.right],
  ] as const;
  const pool = workerComputer({ units: prepared.units, slots: prepared.slots }, threads, k);
  // Warm-up: workers started, data cloned and the comparison code compiled on every thread before timing.
  computeLevels(comparisons, random.left.subarray(0, 200_000), random.right.subarray(0, 200_000));
  await pool.compute(random.left.subarray(0, 400_000), random.right.subarray(0, 400_000));
  const rate = (n: number, ms: number) =>
    `${fmt(n / (ms / 1000))} pairs/s = ${fmt((n * k) / (ms / 1000))} field comparisons/s`;
  console.log(`\nscoring stage (comparison levels, ${k} comparisons per pair):`);
  for (const [label, left, right] of sets) {
    const one = await timed(() => computeLevels(comparisons, left, right));
    const many = await timed(() => pool.compute(left, right));
    console.log(`  ${fmt(left.length)} ${label}: 1 thread ${rate(left.length, one.ms)}`);
    console.log(
      `  ${' '.repeat(fmt(left.length).length + label.length + 1)}  ${threads} workers ${rate(left.length, many.ms)} (×${(one.ms / many.ms).toFixed(2)})`,
    );
  }
  await pool.close();
}

console.log(`linkage benchmark on ${machine()}; worker threads ${threads}`);
const d1 = readTable(new URL('febrl/dataset1.csv', data).pathname);
const r1 = await linkFile('FEBRL dataset1 (dedupe)', d1, 'rec_id');
const d2 = readTable(new URL('febrl/dataset2.csv', data).pathname);
await linkFile('FEBRL dataset2 (dedupe)', d2, 'rec_id');
const fake = readTable(new URL('splink/fake_1000.csv', data).pathname);
await linkFile('Splink fake_1000 (dedupe)', fake, 'cluster');
const synth = synthesise(d2, { rows, duplicateShare: 0.2, seed: 11 });
const rs = await linkFile(`synthetic ${fmt(rows)} rows from FEBRL dataset2 (dedupe)`, synth, 'rec_id');
await scoringRate(synth, rs);

const e1 = r1.evaluation!;
verdict(
  'linkage febrl dataset1',
  e1.pairs.f1 >= 0.95 && e1.blockingRecall >= 0.99,
  `F1 ${e1.pairs.f1.toFixed(4)}, blocking recall ${e1.blockingRecall.toFixed(4)}`,
);

// Acceptance 2: on generated Vietnamese data (`generate --people 20000 --duplicates 0.05 --errors 0.05`, then the
// registry load), the batch dedup reaches F1 ≥ 0.98 against the generator's truth file. Also: what the load does
// with duplicates (which of them reach the registry), the review queue the run fills, decisions remembered across
// runs, and the stored model and keys the incremental check uses. Runs on both databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { BatchReport } from '../../src/modules/dedup/dedup.batch.ts';
import { readTruth } from '../../src/modules/dedup/dedup.truth.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { type LoadReport, loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const GENERATOR_TODAY = '2026-05-01';
const ctx = cliContext();

describe(`registry dedup on generated data (${TEST_DIALECT})`, () => {
  let f: RegistryFixture;
  let dir: string;
  let truthFile: string;
  let ballots: string;
  let load: LoadReport;
  let report: BatchReport;

  beforeAll(async () => {
    // The registry's today is the generator's, so that its "date in the future" errors are refused as such.
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    dir = mkdtempSync(join(tmpdir(), 'popreg-dedup-'));
    ballots = join(dir, 'ballots.csv');
    truthFile = join(dir, 'truth.csv');
    await writePopulation({
      people: 20_000,
      duplicates: 0.05,
      errors: 0.05,
      seed: 1,
      out: ballots,
      truth: truthFile,
      today: GENERATOR_TODAY,
    });
    load = await loadBallotFile(f.services.registry, ctx, ballots);
    report = await f.services.dedup.runBatch(ctx, { truth: { file: truthFile } });
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.destroy();
  });

  it('loads originals and PIN-less duplicates; duplicates that repeat a PIN are refused by the load', async () => {
    const truth = await readTruth(truthFile);
    const duplicates = [...truth.values()].length - new Set(truth.values()).size;
    // Only duplicates declared without a PIN get a PIN of their own and become a second person in the registry.
    expect(load.pinsAllocated).toBeGreaterThan(50);
    expect(load.pinsAllocated).toBeLessThan(duplicates / 3);
    expect(load.duplicates).toBeGreaterThan(duplicates / 2);
  });

  it('reaches F1 ≥ 0.98 against the truth file (acceptance 2)', () => {
    const e = report.evaluation!;
    console.log(
      `[${TEST_DIALECT}] ${report.persons} persons, ${e.truePairs} true pairs, blocking recall ${e.blockingRecall.toFixed(4)}, ` +
        `precision ${e.pairs.precision.toFixed(4)}, recall ${e.pairs.recall.toFixed(4)}, F1 ${e.pairs.f1.toFixed(4)} ` +
        `(clusters F1 ${e.clusters.f1.toFixed(4)}); ${report.candidates} candidates; ${(report.totalMs / 1000).toFixed(1)} s`,
    );
    expect(report.labelled).toBe(report.persons);
    expect(e.truePairs).toBeGreaterThan(80);
    expect(e.pairs.f1).toBeGreaterThanOrEqual(0.98);
    expect(e.clusters.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('fills the review queue with the pairs at or above the review threshold, with their evidence', async () => {
    expect(report.pairsForReview).toBeGreaterThanOrEqual(report.pairsAtThreshold);
    expect(report.queue.open).toBe(report.pairsForReview);
    const page = await f.services.dedup.listPairs(ctx, { limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items[0]!.probability).toBeGreaterThanOrEqual(page.items[4]!.probability);
    const pair = await f.services.dedup.getPair(ctx, page.items[0]!.id);
    expect(pair.evidence.map((e) => e.comparison)).toEqual([
      'name.family',
      'name.middle',
      'name.given',
      'dob',
      'sex',
      'pin',
      'old_id',
      'phone',
      'commune',
    ]);
    const sum = pair.evidence.reduce((a, e) => a + e.weight, 0);
    const model = await f.services.dedup.model();
    expect(pair.matchWeight).toBeCloseTo(model!.model.priorWeight + sum, 1);
  });

  it('stores the model and every person’s blocking keys for the incremental check', async () => {
    const model = await f.services.dedup.model();
    expect(model?.runId).toBe(report.runId);
    expect(model?.model.comparisons.map((c) => c.name)).toContain('name.given');
    expect(report.linkKeys).toBeGreaterThan(report.persons * 3);
  });

  it('remembers decisions: a pair decided different is not proposed again until a person changes', async () => {
    const dedup = f.services.dedup;
    const [a, b] = (await dedup.listPairs(ctx, { limit: 2 })).items;
    await dedup.decide(ctx, a!.id, { decision: 'different', version: a!.version });
    await dedup.decide(ctx, b!.id, { decision: 'same', version: b!.version });
    const again = await dedup.runBatch(ctx, {});
    expect(again.queue.different).toBe(1);
    expect(again.queue.same).toBe(1);
    expect(again.queue.open).toBe(report.pairsForReview - 2);
    expect((await dedup.getPair(ctx, a!.id)).status).toBe('different');

    // A change to one of the two persons reopens the pair at the next run.
    const left = await f.services.registry.getPerson(ctx, a!.left.pin);
    await f.services.registry.update(
      ctx,
      a!.left.pin,
      { changes: { phone: '0912345678' }, reason: 'số điện thoại mới' },
      left.version,
    );
    await dedup.idle();
    await dedup.runBatch(ctx, {});
    const reopened = await dedup.getPair(ctx, a!.id);
    expect(reopened.status).toBe('open');
    expect(reopened.left.scoredVersion).toBe(left.version + 1);
    expect(reopened.version).toBeGreaterThan(a!.version + 1);
  });
});

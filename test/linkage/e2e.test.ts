// The whole engine on labelled files, with the configuration recognised from the column names.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/modules/linkage/engine/prepare.ts';
import { recogniseColumns } from '../../src/modules/linkage/engine/recognise.ts';
import { readTable } from '../../src/modules/linkage/linkage.files.ts';
import { type LinkOptions, runLinkage } from '../../src/modules/linkage/linkage.service.ts';
import { DATA } from './data.ts';

function link(tables: Table[], truth: string, opts: LinkOptions = {}) {
  const config = recogniseColumns(
    tables.map((t) => t.header),
    tables[0]!.header[0]!,
    [truth],
  ).config;
  return runLinkage(tables, config, { truth: { column: truth }, ...opts });
}

describe('FEBRL dataset1, dedupe', () => {
  it('finds the duplicates: F1 ≥ 0.95 with blocking recall ≥ 0.99', async () => {
    const r = await link([readTable(DATA.febrl1)], 'rec_id', { threads: 1 });
    const e = r.evaluation!;
    expect(e.truePairs).toBe(500);
    expect(e.blockingRecall).toBeGreaterThanOrEqual(0.99);
    expect(e.pairs.f1).toBeGreaterThanOrEqual(0.95);
    expect(e.clusters.f1).toBeGreaterThanOrEqual(0.95);
    // λ is learned, not assumed: 500 matches among 499,500 pairs.
    expect(r.training.lambda).toBeGreaterThan(0.5e-3);
    expect(r.training.lambda).toBeLessThan(2e-3);
    // Every comparison learned its m in some EM session.
    expect(r.model.comparisons.every((c) => c.sessions > 0)).toBe(true);
  });

  it('gives the same scores on worker threads as on one thread', async () => {
    const t = readTable(DATA.febrl1);
    const one = await link([t], 'rec_id', { threads: 1, uSamplePairs: 100_000 });
    const two = await link([t], 'rec_id', { threads: 2, workerMinPairs: 0, uSamplePairs: 100_000 });
    expect(two.threads).toBe(2);
    expect(Array.from(two.levels)).toEqual(Array.from(one.levels));
    expect(Array.from(two.scores.probability)).toEqual(Array.from(one.scores.probability));
  });

  it('links the originals to their duplicates as two files, pairing only across them', async () => {
    const t = readTable(DATA.febrl1);
    const a = { ...t, name: 'org.csv', rows: t.rows.filter((r) => r[0]!.endsWith('-org')) };
    const b = { ...t, name: 'dup.csv', rows: t.rows.filter((r) => !r[0]!.endsWith('-org')) };
    const r = await link([a, b], 'rec_id', { threads: 1 });
    expect(r.prepared.link).toBe(true);
    expect(
      Array.from(r.candidates.left).every((i, x) => i < a.rows.length && r.candidates.right[x]! >= a.rows.length),
    ).toBe(true);
    expect(r.evaluation!.pairs.f1).toBeGreaterThanOrEqual(0.95);
  });
});

describe('other labelled files (regression guards, figures in docs/linkage.md)', () => {
  it('FEBRL dataset2', async () => {
    const e = (await link([readTable(DATA.febrl2)], 'rec_id', { threads: 1 })).evaluation!;
    expect(e.blockingRecall).toBeGreaterThanOrEqual(0.99);
    expect(e.pairs.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('Splink fake_1000 (heavily corrupted, clusters of up to 7 records)', async () => {
    const e = (await link([readTable(DATA.fake1000)], 'cluster', { threads: 1 })).evaluation!;
    expect(e.pairs.precision).toBeGreaterThanOrEqual(0.98);
    expect(e.pairs.f1).toBeGreaterThanOrEqual(0.8);
    expect(e.clusters.f1).toBeGreaterThanOrEqual(0.9);
  });
});

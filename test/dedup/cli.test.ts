// `popreg dedup …` as a user runs it: the batch run with its report and quality figures, the queue, one pair, a
// decision, a merge and its undoing, the precision table; bad input fails with a one-line reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPopreg } from '../helpers/cli.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';

const TODAY = '2026-05-01';

function popreg(args: string[]) {
  return runPopreg(args, { POPREG_TODAY: TODAY });
}

describe(`popreg dedup on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let dir: string;
  const db = () => ['--db', t.url];

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'popreg-dedup-cli-'));
    expect((await popreg(['init', ...db()])).code).toBe(0);
    const gen = await popreg([
      'generate',
      ...['--people', '2000', '--province', '01', '--seed', '4', '--duplicates', '0.1', '--errors', '0.05'],
      ...['--out', join(dir, 'b.csv'), '--truth', join(dir, 't.csv')],
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    const load = await popreg(['load', join(dir, 'b.csv'), ...db()]);
    expect(load.code, load.stderr).toBe(0);
  }, 240_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.destroy();
  });

  it('runs the batch and prints blocking, model, pairs, clusters, times, rate and the quality figures', async () => {
    const r = await popreg([
      'dedup',
      ...['--truth', join(dir, 't.csv'), '--truth-ballots', join(dir, 'b.csv')],
      ...db(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const text of [
      'blocking rule',
      'name.given & dob',
      'candidate pairs:',
      'level weights (bits):',
      'at p ≥ 0.5 (review queue',
      'clusters at p ≥ 0.9',
      'time: read',
      'comparisons/s',
      'labels:',
      'pairs at p ≥ 0.9: precision',
    ]) {
      expect(r.stdout).toContain(text);
    }
    const f1 = Number(/pairs at p ≥ 0\.9: precision [\d.]+%, recall [\d.]+%, F1 ([\d.]+)/.exec(r.stdout)?.[1]);
    expect(f1).toBeGreaterThan(0.9);
    const json = await popreg(['dedup', '--json', ...db()]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ runId: 2, threshold: 0.9, reviewThreshold: 0.5 });
  }, 240_000);

  it('lists, shows and decides pairs, merges and unmerges, and prints precision', async () => {
    const list = await popreg(['dedup', 'pairs', '--limit', '3', '--json', ...db()]);
    expect(list.code, list.stderr).toBe(0);
    const [a, b] = JSON.parse(list.stdout).items;
    const table = await popreg(['dedup', 'pairs', '--limit', '3', ...db()]);
    expect(table.stdout).toContain(a.left.pin);
    const show = await popreg(['dedup', 'show', String(a.id), ...db()]);
    expect(show.stdout).toContain(`pair ${a.id} (open`);
    expect(show.stdout).toContain('name.given');
    const decide = await popreg(['dedup', 'decide', String(a.id), 'different', ...db()]);
    expect(decide.code, decide.stderr).toBe(0);
    expect(decide.stdout).toContain(`pair ${a.id}: different`);
    const merge = await popreg(['dedup', 'merge', b.left.pin, b.right.pin, '--pair', String(b.id), '--json', ...db()]);
    expect(merge.code, merge.stderr).toBe(0);
    const m = JSON.parse(merge.stdout);
    expect(m).toMatchObject({ survivorPin: b.left.pin, retiredPin: b.right.pin });
    const unmerge = await popreg(['dedup', 'unmerge', String(m.id), ...db()]);
    expect(unmerge.code, unmerge.stderr).toBe(0);
    expect(unmerge.stdout).toContain(`merge ${m.id}: ${b.right.pin} merged into ${b.left.pin}`);
    expect(unmerge.stdout).toContain('undone by cli');
    const precision = await popreg(['dedup', 'precision', ...db()]);
    expect(precision.stdout).toContain('95% interval');
    expect(precision.stdout).toMatch(/0\.99-1\s+1\s+0\s+1\s+0\.00%/);
  }, 120_000);

  it('fails with a one-line reason on bad input', async () => {
    const threshold = await popreg(['dedup', '--threshold', '2', ...db()]);
    expect(threshold.code).not.toBe(0);
    expect(threshold.stderr.trim().split('\n')).toHaveLength(1);
    expect(threshold.stderr).toContain('--threshold: must be a probability between 0 and 1');
    const decision = await popreg(['dedup', 'decide', '1', 'maybe', ...db()]);
    expect(decision.stderr).toContain("DECISION: must be 'same' or 'different' [enum]");
    const missing = await popreg(['dedup', 'show', '999999', ...db()]);
    expect(missing.stderr).toContain('DEDUP.PAIR_NOT_FOUND');
    const truth = await popreg(['dedup', '--truth', join(dir, 'none.csv'), ...db()]);
    expect(truth.stderr).toContain('none.csv');
  }, 120_000);
});

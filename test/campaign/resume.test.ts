// Acceptance 2 at CI size: `popreg import` of a 20,000-row file is killed with SIGKILL at random points (during the
// structure check and after it has committed some batches), then run again until it finishes. The registry of
// ballots must then hold every ballot of the file exactly once, with the same counts, ballots and issues as a clean
// import of the same file (into another campaign of the same database).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { ImportOutcome } from '../../src/modules/campaign/intake/campaign.import.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, type Generated, generateFile } from './helpers/import.ts';

const ROOT = join(import.meta.dirname, '../..');
const BATCH = 1000;
const KILLS = 4;

function startImport(file: string, url: string): ChildProcess {
  // node itself (not npx) so that SIGKILL reaches the process that writes.
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--campaign', 'RESUME', '--batch-size', String(BATCH)],
    {
      cwd: ROOT,
      env: { ...process.env, POPREG_TODAY: GENERATOR_TODAY, POPREG_DB: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`import killed and resumed on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let g: Generated;
  let clean: ImportOutcome;
  const kills: string[] = [];

  const job = () =>
    f.t.db.selectFrom('import_job').selectAll().where('campaign_code', '=', 'RESUME').executeTakeFirst();

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    g = await generateFile({ people: 19_700, seed: 12, errors: 0.03, duplicates: 0.02 });
    await f.t.db
      .insertInto('campaign')
      .values([
        { code: 'RESUME', name: 'killed and resumed', started_on: '2026-01-01', created_at: '2026-01-01T00:00:00Z' },
        { code: 'CLEAN', name: 'clean import', started_on: '2026-01-01', created_at: '2026-01-01T00:00:00Z' },
      ])
      .execute();
    clean = await f.services.campaignImport.importFile(
      cliContext(),
      { campaign: 'CLEAN', form: 'DC01', path: g.file, fileName: 'clean.csv' },
      { batchSize: BATCH },
    );
  }, 180_000);
  afterAll(async () => {
    g.cleanup();
    await f.destroy();
  });

  it('holds each ballot exactly once after several SIGKILLs and resumes', async () => {
    expect(g.truth.length).toBeGreaterThanOrEqual(20_000);
    let lastDone = -1;
    for (let k = 0; k < KILLS; k++) {
      const child = startImport(g.file, f.t.url);
      const done = exited(child);
      // The first kill lands as early as possible (during the structure check if caught); later ones after the run
      // has committed one to three more batches, at a random moment inside the next one.
      const target = k === 0 ? 0 : lastDone + BATCH * (1 + Math.floor(Math.random() * 3));
      let finished = false;
      void done.then(() => (finished = true));
      for (;;) {
        const j = await job();
        if (finished) break;
        if (j && (k === 0 ? true : j.status === 'importing' && j.rows_done >= target)) break;
        await sleep(k === 0 ? 5 : 40);
      }
      if (finished) break;
      await sleep(Math.floor(Math.random() * 250));
      child.kill('SIGKILL');
      const r = await done;
      const j = await job();
      kills.push(`${r.signal ?? r.code} at ${j?.status} rows_done=${j?.rows_done}`);
      expect(j!.rows_done).toBeGreaterThanOrEqual(Math.max(lastDone, 0));
      lastDone = j!.rows_done;
    }
    console.info('kills:', kills);
    expect(kills.filter((x) => x.startsWith('SIGKILL')).length).toBeGreaterThanOrEqual(3);
    // Run to the end (a run that finds the job done says so and adds nothing).
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await exited(startImport(g.file, f.t.url));
      expect(r.code, r.out).toBe(0);
      if ((await job())!.status === 'done') break;
    }
    const j = (await job())!;
    expect(j.status).toBe('done');
    expect(j.runner).toBeNull();
    expect(j.rows_done).toBe(g.truth.length);
    expect(j.ballots_added).toBe(clean.job.ballotsAdded);
    expect(j.rows_with_errors).toBe(clean.job.rowsWithErrors);
    expect(j.ballots_added + j.ballots_skipped + j.rows_with_errors).toBe(g.truth.length);
    expect(
      await f.t.db.selectFrom('import_job').select('id').where('campaign_code', '=', 'RESUME').execute(),
    ).toHaveLength(1);
  }, 600_000);

  it('has the same ballots, duplicates links and issues as the clean import', async () => {
    const ballots = async (campaign: string) =>
      f.t.db
        .selectFrom('ballot')
        .select(['id', 'ballot_ref', 'row_no', 'issues', 'duplicate_of', 'warning_count', 'data'])
        .where('campaign_code', '=', campaign)
        .orderBy('row_no')
        .execute();
    const resumed = await ballots('RESUME');
    const reference = await ballots('CLEAN');
    expect(resumed.length).toBe(reference.length);
    expect(new Set(resumed.map((b) => b.ballot_ref)).size).toBe(resumed.length);
    const refOf = (rows: typeof resumed) => new Map(rows.map((b) => [Number(b.id), b.ballot_ref]));
    const rRef = refOf(resumed);
    const cRef = refOf(reference);
    resumed.forEach((b, i) => {
      const c = reference[i]!;
      expect(b.ballot_ref).toBe(c.ballot_ref);
      expect(b.row_no).toBe(c.row_no);
      expect(b.data).toBe(c.data);
      expect(b.issues).toBe(c.issues);
      expect(b.duplicate_of === null ? null : rRef.get(Number(b.duplicate_of))).toBe(
        c.duplicate_of === null ? null : cRef.get(Number(c.duplicate_of)),
      );
    });
    // Every row of the file is a ballot or has its errors reported, once.
    const issues = async (campaign: string) => {
      const jobId = (
        await f.t.db
          .selectFrom('import_job')
          .select('id')
          .where('campaign_code', '=', campaign)
          .executeTakeFirstOrThrow()
      ).id;
      return (
        await f.t.db
          .selectFrom('import_issue')
          .select(['row_no', 'field', 'rule'])
          .where('job_id', '=', jobId)
          .orderBy('row_no')
          .orderBy('id')
          .execute()
      ).map((x) => `${x.row_no} ${x.field} ${x.rule}`);
    };
    expect(await issues('RESUME')).toEqual(await issues('CLEAN'));
  });
});

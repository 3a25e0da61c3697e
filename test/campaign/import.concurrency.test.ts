// Two files sharing most of their ballots, imported at the same time into the same campaign: each ballot is stored
// once (the unique ballot ref decides, and the batch that loses counts the ballot as skipped), the counters of the
// two jobs add up, and no issue line points at a ballot that was not stored.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import {
  type BallotInsert,
  openBallotWriter,
} from '../../src/modules/campaign/intake/campaign.ballots.write.repository.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, type Generated, generateFile } from './helpers/import.ts';

describe(`concurrent imports of overlapping files on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let g: Generated;

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    g = await generateFile({ people: 3000, seed: 31, errors: 0.02, duplicates: 0.02 });
  }, 60_000);
  afterAll(async () => {
    g.cleanup();
    await f.destroy();
  });

  it('stores every ballot once and accounts for every row of both files', async () => {
    const lines = readFileSync(g.file, 'utf8').trimEnd().split('\n');
    const header = lines[0]!;
    const body = lines.slice(1);
    // A: the first 80% of the rows; B: the last 80% (60% shared), so both write the shared part at about the same time.
    const a = join(g.dir, 'a.csv');
    const b = join(g.dir, 'b.csv');
    const cut = Math.floor(body.length * 0.2);
    writeFileSync(a, `${header}\n${body.slice(0, body.length - cut).join('\n')}\n`);
    writeFileSync(b, `${header}\n${body.slice(cut).join('\n')}\n`);
    const run = (path: string) =>
      f.services.campaignImport.importFile(
        cliContext(),
        { campaign: 'DA896', form: 'DC01', path, fileName: path },
        { batchSize: 150 },
      );
    const [ra, rb] = await Promise.all([run(a), run(b)]);
    for (const r of [ra, rb]) {
      expect(r.job.status).toBe('done');
      expect(r.job.ballotsAdded + r.job.ballotsSkipped + r.job.rowsWithErrors).toBe(r.job.rowsDone);
    }
    const db = f.t.db;
    const ballots = await db.selectFrom('ballot').select(['id', 'ballot_ref']).execute();
    const refs = new Set(ballots.map((x) => x.ballot_ref));
    expect(refs.size).toBe(ballots.length);
    const valid = new Set(g.truth.filter((t) => t.rule === '').map((t) => t.ballot_id));
    expect(refs).toEqual(valid);
    expect(ra.job.ballotsAdded + rb.job.ballotsAdded).toBe(valid.size);
    // The shared rows: stored by one job, skipped by the other.
    const shared = g.truth.slice(cut, body.length - cut).filter((t) => t.rule === '').length;
    expect(ra.job.ballotsSkipped + rb.job.ballotsSkipped).toBe(shared);
    // Every issue line of a stored ballot points at a stored ballot.
    const ids = new Set(ballots.map((x) => Number(x.id)));
    const linked = await db.selectFrom('import_issue').select('ballot_id').where('ballot_id', 'is not', null).execute();
    for (const i of linked) expect(ids.has(Number(i.ballot_id))).toBe(true);
    const dups = await db.selectFrom('ballot').select('duplicate_of').where('duplicate_of', 'is not', null).execute();
    for (const d of dups) expect(ids.has(Number(d.duplicate_of))).toBe(true);
  }, 120_000);

  it('writer: a batch holding a ballot stored meanwhile keeps the new ones and counts that one as skipped', async () => {
    const db = f.t.db;
    const at = new Date().toISOString();
    const job = await db
      .insertInto('import_job')
      .values({
        campaign_code: 'DA896',
        form: 'DC01',
        file_name: 'w.csv',
        file_sha256: 'writer-test',
        file_format: 'csv',
        file_bytes: 1,
        status: 'importing',
        rows_total: 3,
        error: null,
        created_by: 'test',
        unit_scope: null,
        runner: 'writer-test',
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ballot = (ref: string, duplicateOf: BallotInsert['duplicateOf'] = null): BallotInsert => ({
      ref,
      rowNo: 2,
      unitCode: null,
      provinceCode: null,
      pin: null,
      fullName: 'Thử Nghiệm',
      nameFolded: 'thu nghiem',
      dob: '2000-01-01',
      warningCount: 0,
      issues: '[]',
      duplicateOf,
      personId: null,
      data: new TextEncoder().encode(JSON.stringify({ ballot_id: ref })),
    });
    const writer = openBallotWriter(f.t.db);
    const base = {
      jobId: Number(job.id),
      campaign: 'DA896',
      form: 'DC01',
      createdBy: 'test',
      at,
      skipped: 0,
      rowsWithErrors: 0,
      runner: 'writer-test',
    };
    const issue = (b: number) => ({
      rowNo: 2 + b,
      ballot: b,
      unitCode: null,
      provinceCode: null,
      principle: 'clean',
      severity: 'warning',
      field: 'pin',
      rule: 'clean.duplicate_in_file',
      messageVi: 'x',
      messageEn: 'x',
      value: null,
    });
    expect(await writer.write({ ...base, ballots: [ballot('W-1')], issues: [], rowsDone: 1 })).toEqual({
      added: 1,
      conflicts: 0,
    });
    // W-1 again (as if written by another process since the batch was checked), then two new ones, the last pointing
    // at the first of the batch.
    const r = await writer.write({
      ...base,
      ballots: [ballot('W-1'), ballot('W-2'), ballot('W-3', { row: 1 })],
      issues: [issue(0), issue(1), issue(2)],
      rowsDone: 4,
    });
    expect(r).toEqual({ added: 2, conflicts: 1 });
    const stored = await db
      .selectFrom('ballot')
      .select(['id', 'ballot_ref', 'duplicate_of'])
      .where('ballot_ref', 'like', 'W-%')
      .orderBy('ballot_ref')
      .execute();
    expect(stored.map((x) => x.ballot_ref)).toEqual(['W-1', 'W-2', 'W-3']);
    expect(Number(stored[2]!.duplicate_of)).toBe(Number(stored[1]!.id));
    const lines = await db
      .selectFrom('import_issue')
      .select(['ballot_id'])
      .where('job_id', '=', Number(job.id))
      .execute();
    expect(lines.map((x) => Number(x.ballot_id)).sort()).toEqual([Number(stored[1]!.id), Number(stored[2]!.id)].sort());
    const j = await db.selectFrom('import_job').selectAll().where('id', '=', Number(job.id)).executeTakeFirstOrThrow();
    expect(j).toMatchObject({ rows_done: 4, ballots_added: 3, ballots_skipped: 1 });
    // A runner that no longer holds the job writes nothing.
    await expect(
      writer.write({ ...base, runner: 'someone-else', ballots: [ballot('W-4')], issues: [], rowsDone: 5 }),
    ).rejects.toThrow(/another process/);
    expect(await db.selectFrom('ballot').select('id').where('ballot_ref', '=', 'W-4').execute()).toEqual([]);
  });
});

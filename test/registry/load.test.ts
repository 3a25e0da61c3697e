// `popreg load`: a generated file with injected duplicates and errors goes in; every bad row is reported with the
// injected rule; loading again adds nothing; bad files are refused before anything is written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { openBulkWriter } from '../../src/modules/registry/registry.bulk.repository.ts';
import { loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const GENERATOR_TODAY = '2026-05-01';
const ctx = cliContext();

describe(`bulk load on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let dir: string;
  let file: string;
  let truth: { ballot_id: string; person_id: string; role: string; kind: string; field: string; rule: string }[];
  const count = async (table: 'person' | 'person_change' | 'person_pin' | 'household') =>
    Number(
      (
        await f.t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    dir = mkdtempSync(join(tmpdir(), 'popreg-load-'));
    file = join(dir, 'ballots.csv');
    await writePopulation({
      people: 3000,
      province: '40',
      seed: 11,
      duplicates: 0.05,
      errors: 0.05,
      out: file,
      truth: join(dir, 'truth.csv'),
      today: GENERATOR_TODAY,
    });
    truth = parse(readFileSync(join(dir, 'truth.csv'), 'utf8'), { columns: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.destroy();
  });

  it('loads valid rows, skips duplicates and reports every injected error with its rule', async () => {
    const r = await loadBallotFile(f.services.registry, ctx, file, { batchSize: 500, maxProblems: 100_000 });
    expect(r.rows).toBe(truth.length);
    expect(r.loaded + r.duplicates + r.invalid).toBe(r.rows);
    expect(await count('person')).toBe(r.loaded);
    expect(await count('person_change')).toBe(r.loaded);
    expect(await count('person_pin')).toBe(r.loaded);
    const problemsByBallot = new Map<string, Set<string>>();
    for (const p of r.problems) {
      const set = problemsByBallot.get(p.ballotId) ?? new Set();
      set.add(p.rule);
      problemsByBallot.set(p.ballotId, set);
    }
    // The loader checks each record on its own; parent-age checks need the family and belong to the campaign import.
    const injected = truth.filter((t) => t.rule && t.rule !== 'parent.age');
    expect(injected.length).toBeGreaterThan(50);
    for (const t of injected) {
      expect(problemsByBallot.get(t.ballot_id), `${t.ballot_id} ${t.field} ${t.rule}`).toBeDefined();
      expect([...problemsByBallot.get(t.ballot_id)!], `${t.ballot_id} ${t.field}`).toContain(t.rule);
    }
    // No clean original is refused.
    const clean = new Set(truth.filter((t) => !t.rule).map((t) => t.ballot_id));
    for (const b of problemsByBallot.keys()) expect(clean.has(b), b).toBe(false);
    // Exact re-declarations with the same PIN never enter twice.
    const exact = truth.filter((t) => t.role === 'duplicate' && t.kind.split(';').includes('exact') && !t.rule);
    expect(r.duplicates).toBeGreaterThanOrEqual(exact.length);
  });

  it('adds nothing when the same file is loaded again', async () => {
    const before = [await count('person'), await count('person_change'), await count('household')];
    const r = await loadBallotFile(f.services.registry, ctx, file, { batchSize: 700 });
    expect(r.loaded).toBe(0);
    expect([await count('person'), await count('person_change'), await count('household')]).toEqual(before);
  });

  it('makes loaded persons readable and searchable', async () => {
    const row = await f.t.db
      .selectFrom('person')
      .select(['pin', 'full_name'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const view = await f.services.registry.getPerson(ctx, row.pin);
    expect(view.state.fullName).toBe(row.full_name);
    expect(view.state.permanentResidence?.unitCode).toMatch(/^\d{5}$/);
    const found = await f.services.registry.search(ctx, {
      name: row.full_name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase(),
    });
    expect(found.items.map((i) => i.pin)).toContain(row.pin);
    const history = await f.services.registry.history(ctx, row.pin);
    expect(history.entries[0]!.sourceDocument).toMatch(/^DC01 B\d+$/);
  });

  it('refuses unknown headers naming the expected ones, and an empty file, writing nothing', async () => {
    const before = await count('person');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'ho_ten,ngay_sinh\nAn,1990-01-01\n');
    await expect(loadBallotFile(f.services.registry, ctx, bad)).rejects.toMatchObject({
      violations: [
        expect.objectContaining({ rule: 'file.unknown_header', message: expect.stringContaining('full_name') }),
      ],
    });
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(loadBallotFile(f.services.registry, ctx, empty)).rejects.toMatchObject({
      violations: [expect.objectContaining({ rule: 'file.empty' })],
    });
    expect(await count('person')).toBe(before);
  });

  it('accepts Vietnamese header labels and reports a row with the wrong number of columns', async () => {
    const vi = join(dir, 'vi.csv');
    writeFileSync(vi, '\uFEFF"Họ, chữ đệm và tên khai sinh","Ngày, tháng, năm sinh"\n"Lê Văn Tám",1990-01-01,extra\n');
    const r = await loadBallotFile(f.services.registry, ctx, vi);
    expect(r.invalid).toBe(1);
    expect(r.problems[0]).toMatchObject({ rule: 'file.columns', row: 2 });
  });

  it('hands out person ids that no concurrent reservation shares', async () => {
    const writer = openBulkWriter(f.t.db);
    const taken: number[] = [];
    for (let round = 0; round < 5; round++) {
      const blocks = await Promise.all(Array.from({ length: 8 }, () => writer.reserveIds(300)));
      for (const ids of blocks) {
        expect(ids).toHaveLength(300);
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
        taken.push(...ids);
      }
    }
    expect(new Set(taken).size).toBe(taken.length);
    const max = Math.max(...taken);
    const after = await writer.reserveIds(1);
    expect(after[0]).toBeGreaterThan(max);
  });
});

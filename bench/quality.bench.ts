// Quality-score benchmark at N persons (default 1,000,000) on SQLite: `refresh` (stream every living person,
// re-run the registry's validation, completeness, confirmation, open pairs per unit, store the snapshot) against
// a baseline measured in the same run: a bare full scan of the person table that JSON-parses every state
// (SELECT count(*), then one pass of SELECT data), the least any computation over every record has to do.
// Also times `report` (the API's answer from the stored snapshot).
// Run: npx tsx bench/quality.bench.ts [--people N] [--workers N] [--db sqlite:<path of a loaded registry>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { connect, sqlitePathOf } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { NO_AUDIT } from '../src/domain/audit.ts';
import { SYSTEM_CONTEXT } from '../src/domain/context.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { autoWorkers } from '../src/modules/quality/quality.scan.ts';
import { QualityService } from '../src/modules/quality/quality.service.ts';
import { loadBallotFile } from '../src/modules/registry/registry.load.ts';
import { createServices } from '../src/services.ts';
import { argNumber, machine, median, timed, verdict } from './common.ts';

const TODAY = '2026-06-01';
/** Target: scoring every person costs at most this many times the bare scan. */
const MAX_RATIO = 4;

function argText(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const people = argNumber('people', 1_000_000);
/** The main thread alone, then the product's default ('auto': a worker per spare core, at most two). */
const runs: (number | 'auto')[] = argText('workers') !== undefined ? [argNumber('workers', 1)] : [0, 'auto'];
const given = argText('db');
const dir = mkdtempSync(join(tmpdir(), 'popreg-quality-bench-'));

/** Open duplicate pairs as a deduplication run would leave them: about one per 1,000 persons, and a finished run. */
function seedPairs(path: string): number {
  const db = new BetterSqlite3(path);
  try {
    if ((db.prepare('SELECT count(*) AS n FROM dedup_run').get() as { n: number }).n > 0) return 0;
    const now = new Date().toISOString();
    const run = db
      .prepare(
        `INSERT INTO dedup_run (kind, started_at, finished_at, threshold, started_by) VALUES ('batch', ?, ?, 0.9, 'bench')`,
      )
      .run(now, now).lastInsertRowid;
    const persons = db
      .prepare('SELECT id, version, res_unit, res_province FROM person WHERE id % 1000 IN (1, 2) ORDER BY id')
      .all() as { id: number; version: number; res_unit: string | null; res_province: string | null }[];
    const insert = db.prepare(
      `INSERT INTO dedup_pair (person_l, person_r, version_l, version_r, unit_l, unit_r, province_l, province_r,
         probability, match_weight, evidence, status, found_by, run_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0.95, 12, '[]', 'open', 'batch', ?, ?, ?)`,
    );
    let n = 0;
    db.transaction(() => {
      for (let i = 0; i + 1 < persons.length; i += 2) {
        const [l, r] = [persons[i]!, persons[i + 1]!];
        insert.run(
          l.id,
          r.id,
          l.version,
          r.version,
          l.res_unit,
          r.res_unit,
          l.res_province,
          r.res_province,
          run,
          now,
          now,
        );
        n++;
      }
    })();
    return n;
  } finally {
    db.close();
  }
}

function baselineScan(path: string): { persons: number; ms: number } {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const t = performance.now();
    const count = db.prepare('SELECT count(*) AS n FROM person').get() as { n: number };
    let alive = 0;
    for (const [status, data] of db.prepare('SELECT status, data FROM person').raw().iterate() as Iterable<
      [string, string]
    >) {
      if (JSON.parse(data) && status === 'alive') alive++;
    }
    if (alive > count.n) throw new Error('the scan saw more persons than the count');
    return { persons: alive, ms: performance.now() - t };
  } finally {
    db.close();
  }
}

try {
  let url = given;
  if (!url) {
    url = `sqlite:${join(dir, 'q.db')}`;
    const csv = join(dir, 'people.csv');
    const gen = await timed(() => writePopulation({ people, seed: 42, out: csv, today: TODAY }));
    console.log(`generated ${gen.value.ballots} ballots in ${(gen.ms / 1000).toFixed(1)} s`);
    const db = connect(url);
    await migrateToLatest(db);
    const s = createServices(db, loadConfig({ db: url }, { POPREG_TODAY: TODAY }));
    await s.reference.load();
    const load = await timed(() => loadBallotFile(s.registry, SYSTEM_CONTEXT, csv));
    console.log(`loaded ${load.value.loaded} persons in ${(load.ms / 1000).toFixed(1)} s`);
    await db.destroy();
  }
  const db = connect(url);
  await migrateToLatest(db);
  await db.destroy();
  const path = sqlitePathOf(url);
  const pairs = seedPairs(path);
  if (pairs > 0) console.log(`seeded ${pairs} open duplicate pairs and a finished deduplication run`);

  const services = createServices(connect(url), loadConfig({ db: url }, { POPREG_TODAY: TODAY }));
  await services.reference.catalog();
  const persons = Number(
    (
      await services.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  console.log(`quality benchmark: ${persons.toLocaleString('en')} persons on ${machine()}`);

  // Warm the page cache once so that neither side pays for the first read from disk.
  baselineScan(path);
  const base = [baselineScan(path), baselineScan(path)];
  const baseMs = median(base.map((b) => b.ms));
  console.log(
    `baseline: count + full scan + JSON.parse of ${base[0]!.persons.toLocaleString('en')} states: ${(baseMs / 1000).toFixed(2)} s`,
  );

  let last = 0;
  for (const workers of runs) {
    const quality = new QualityService({
      db: services.db,
      reference: services.reference,
      audit: NO_AUDIT,
      today: () => TODAY,
      workers,
    });
    const run = await timed(() => quality.refresh(SYSTEM_CONTEXT));
    last = run.ms;
    const n = workers === 'auto' ? autoWorkers(persons) : workers;
    const how = `${workers === 'auto' ? 'default, ' : ''}${n === 0 ? 'main thread only' : `${n} worker thread${n > 1 ? 's' : ''}`}`;
    console.log(
      `refresh (${how}): ${run.value.persons.toLocaleString('en')} persons in ${(run.ms / 1000).toFixed(2)} s; ratio ${(run.ms / baseMs).toFixed(2)}× the bare scan`,
    );
    const reads: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await timed(() => quality.report(SYSTEM_CONTEXT, { by: i % 2 ? 'commune' : 'province' }));
      reads.push(r.ms);
    }
    console.log(`report from the snapshot (provinces / all 3,321 communes): median ${median(reads).toFixed(1)} ms`);
  }
  const ratio = last / baseMs;
  verdict(
    'quality refresh',
    ratio <= MAX_RATIO,
    `${(last / 1000).toFixed(1)} s at ${persons.toLocaleString('en')} persons = ${ratio.toFixed(2)}× the bare scan (${(baseMs / 1000).toFixed(1)} s; target ≤ ${MAX_RATIO}×)`,
  );
  await services.db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

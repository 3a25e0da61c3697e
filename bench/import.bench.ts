// Import benchmark: `popreg import` of N generated DC01 rows (default 1,000,000, with 1% injected errors and 2%
// duplicates) from CSV with full validation, against the raw insert of exactly the ballot rows it stored, in the
// same run:
//  - SQLite: the import (structure check, validation, lookups, ballots, issues, job cursor) against better-sqlite3
//    prepared inserts of the same rows into the same table with the same indexes, in transactions of the same size;
//    target ratio ≥ 0.5, and peak RSS of the importing process < 512 MB.
//  - PostgreSQL (when POPREG_BENCH_PG is an admin URL; scripts/pg-temp.mjs can start a server): the import (COPY)
//    against a raw COPY of the same rows into the same table; target ratio ≥ 0.5.
// The import runs in a child process so its peak memory is its own. The baseline's time counts only the inserts
// (its rows are read back from the imported table beforehand, chunk by chunk).
// Run: npx tsx bench/import.bench.ts [--people N] [--batch N] [--only sqlite|postgres]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { copyInto } from '../src/db/copy.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { cliContext } from '../src/domain/context.ts';
import { BALLOT_COLUMNS } from '../src/modules/campaign/intake/campaign.ballots.sqlite.repository.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { createServices } from '../src/services.ts';
import { argNumber, machine, timed, verdict } from './common.ts';

const TODAY = '2026-05-01';
const CHUNK = 50_000;

interface ChildResult {
  ms: number;
  rows: number;
  added: number;
  rowsWithErrors: number;
  maxRssMb: number;
}

// ---- the child: one import through the service, as `popreg import` runs it

async function child(url: string, file: string, batch: number): Promise<void> {
  const db = connect(url);
  const s = createServices(db, loadConfig({ db: url }, { POPREG_TODAY: TODAY }));
  await s.reference.catalog();
  const t = performance.now();
  const r = await s.campaignImport.importFile(
    cliContext(),
    { campaign: 'DA896', form: 'DC01', path: file, fileName: file },
    { batchSize: batch },
  );
  const ms = performance.now() - t;
  await db.destroy();
  const out: ChildResult = {
    ms,
    rows: r.job.rowsDone,
    added: r.job.ballotsAdded,
    rowsWithErrors: r.job.rowsWithErrors,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(out));
}

function runChild(url: string, file: string, batch: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', url, file, String(batch)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`import child exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

async function prepared(url: string): Promise<void> {
  const db = connect(url);
  await migrateToLatest(db);
  await createServices(db, loadConfig({ db: url }, { POPREG_TODAY: TODAY })).reference.load();
  await db.destroy();
}

// ---- SQLite

async function sqliteBench(dir: string, file: string, batch: number): Promise<void> {
  const a = join(dir, 'import.db');
  await prepared(`sqlite:${a}`);
  const imp = await runChild(`sqlite:${a}`, file, batch);
  const rate = imp.rows / (imp.ms / 1000);
  console.log(
    `sqlite import: ${imp.rows} rows (${imp.added} ballots, ${imp.rowsWithErrors} rows with errors) in ` +
      `${(imp.ms / 1000).toFixed(1)} s = ${Math.round(rate)} rows/s, peak RSS ${Math.round(imp.maxRssMb)} MB`,
  );

  const b = join(dir, 'raw.db');
  const dbB = connect(`sqlite:${b}`);
  await migrateToLatest(dbB);
  await dbB.destroy();
  const src = new BetterSqlite3(a, { readonly: true });
  const read = src
    .prepare(`SELECT id, ${BALLOT_COLUMNS.join(', ')} FROM ballot WHERE id > ? ORDER BY id LIMIT ?`)
    .raw();
  const raw = new BetterSqlite3(b);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('cache_size = -65536');
  const ins = raw.prepare(
    `INSERT INTO ballot (${BALLOT_COLUMNS.join(', ')}) VALUES (${BALLOT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const tx = raw.transaction((rows: unknown[][], from: number, to: number) => {
    for (let i = from; i < to; i++) ins.run(rows[i]);
  });
  let after = 0;
  let insertMs = 0;
  let n = 0;
  for (;;) {
    const withIds = read.all(after, CHUNK) as unknown[][];
    if (withIds.length === 0) break;
    after = Number(withIds[withIds.length - 1]![0]);
    const rows = withIds.map((r) => r.slice(1));
    const t = performance.now();
    for (let i = 0; i < rows.length; i += batch) tx(rows, i, Math.min(rows.length, i + batch));
    insertMs += performance.now() - t;
    n += rows.length;
  }
  src.close();
  raw.close();
  const rawRate = n / (insertMs / 1000);
  const ratio = insertMs / imp.ms;
  console.log(
    `sqlite raw insert of the same ${n} ballot rows: ${(insertMs / 1000).toFixed(1)} s = ${Math.round(rawRate)} rows/s`,
  );
  console.log(
    `sqlite ratio import/raw: ${ratio.toFixed(2)} (import ${Math.round(rate)} rows/s vs raw ${Math.round(rawRate)})`,
  );
  verdict('import sqlite throughput', ratio >= 0.5, `ratio ${ratio.toFixed(2)} (target ≥ 0.50)`);
  verdict('import peak memory', imp.maxRssMb < 512, `peak RSS ${Math.round(imp.maxRssMb)} MB (target < 512 MB)`);
}

// ---- PostgreSQL

async function createPgDatabase(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `popreg_bench_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

async function postgresBench(admin: string, file: string, batch: number): Promise<void> {
  const a = await createPgDatabase(admin);
  const b = await createPgDatabase(admin);
  try {
    await prepared(a.url);
    const imp = await runChild(a.url, file, batch);
    const rate = imp.rows / (imp.ms / 1000);
    console.log(
      `postgres import: ${imp.rows} rows (${imp.added} ballots) in ${(imp.ms / 1000).toFixed(1)} s = ` +
        `${Math.round(rate)} rows/s, peak RSS ${Math.round(imp.maxRssMb)} MB`,
    );
    const dbB = connect(b.url);
    await migrateToLatest(dbB);
    await dbB.destroy();
    const src = new pg.Client({ connectionString: a.url });
    const dst = new pg.Pool({ connectionString: b.url, max: 1 });
    await src.connect();
    const client = await dst.connect();
    let after = 0;
    let copyMs = 0;
    let n = 0;
    for (;;) {
      const r = await src.query({
        text: `SELECT id, ${BALLOT_COLUMNS.join(', ')} FROM ballot WHERE id > $1 ORDER BY id LIMIT $2`,
        values: [after, CHUNK],
        rowMode: 'array',
      });
      const rows = r.rows as unknown[][];
      if (rows.length === 0) break;
      const t = performance.now();
      for (let i = 0; i < rows.length; i += batch) {
        await client.query('BEGIN');
        await copyInto(client, 'ballot', ['id', ...BALLOT_COLUMNS], rows.slice(i, i + batch));
        await client.query('COMMIT');
      }
      copyMs += performance.now() - t;
      n += rows.length;
      after = Number(rows[rows.length - 1]![0]);
    }
    client.release();
    await dst.end();
    await src.end();
    const ratio = copyMs / imp.ms;
    console.log(
      `postgres raw COPY of the same ${n} ballot rows: ${(copyMs / 1000).toFixed(1)} s = ${Math.round(n / (copyMs / 1000))} rows/s`,
    );
    console.log(`postgres ratio import/raw COPY: ${ratio.toFixed(2)}`);
    verdict('import postgres throughput', ratio >= 0.5, `ratio ${ratio.toFixed(2)} (target ≥ 0.50)`);
  } finally {
    await a.drop();
    await b.drop();
  }
}

// ---- main

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
} else {
  const people = argNumber('people', 1_000_000);
  const batch = argNumber('batch', 1000);
  const dir = mkdtempSync(join(tmpdir(), 'popreg-bench-import-'));
  try {
    console.log(
      `import benchmark: ${people.toLocaleString('en')} persons on ${machine()}; load average ` +
        `${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${cpus().length} cores`,
    );
    const file = join(dir, 'ballots.csv');
    const gen = await timed(() => writePopulation({ people, seed: 42, errors: 0.01, duplicates: 0.02, out: file }));
    console.log(`generated ${gen.value.ballots} ballots in ${(gen.ms / 1000).toFixed(1)} s`);
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    if (only !== undefined && only !== 'sqlite' && only !== 'postgres')
      throw new Error(`--only must be sqlite or postgres, not "${only}"`);
    if (only !== 'postgres') await sqliteBench(dir, file, batch);
    const pgUrl = process.env.POPREG_BENCH_PG;
    if (only === 'sqlite') console.log('postgres: skipped (--only sqlite)');
    else if (pgUrl) await postgresBench(pgUrl, file, batch);
    else console.log('postgres: skipped (set POPREG_BENCH_PG to an admin URL; scripts/pg-temp.mjs can start one)');
    console.log(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Registry benchmarks at N persons (default 1,000,000):
//  1. load: `popreg load` of a generated file into SQLite, against a raw better-sqlite3 insert of exactly the rows
//     it wrote (same tables, same indexes, same batch size), measured in the same run; target ratio ≥ 0.5.
//  2. lookups on the loaded database: PIN lookup (median < 1 ms) and name search (median < 5 ms) through the
//     service, with a raw prepared SELECT as the baseline.
// Run: npx tsx bench/registry.bench.ts [--people N] [--lookups N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { NO_AUDIT } from '../src/domain/audit.ts';
import { SYSTEM_CONTEXT } from '../src/domain/context.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { loadBallotFile } from '../src/modules/registry/registry.load.ts';
import { createServices } from '../src/services.ts';
import { argNumber, machine, median, percentile, timed, verdict } from './common.ts';

const people = argNumber('people', 1_000_000);
const lookups = argNumber('lookups', 2000);
const dir = mkdtempSync(join(tmpdir(), 'popreg-bench-'));
const ctx = SYSTEM_CONTEXT;

try {
  console.log(`registry benchmark: ${people.toLocaleString('en')} persons on ${machine()}`);
  const csv = join(dir, 'people.csv');
  const gen = await timed(() => writePopulation({ people, seed: 42, out: csv }));
  console.log(`generated ${gen.value.ballots} ballots in ${(gen.ms / 1000).toFixed(1)} s`);

  // --- 1. load through the product ---
  const urlA = `sqlite:${join(dir, 'a.db')}`;
  const dbA = connect(urlA);
  await migrateToLatest(dbA);
  const services = createServices(dbA, loadConfig({ db: urlA }, { POPREG_TODAY: '2026-05-01' }));
  await services.reference.load();
  await services.reference.catalog();
  const load = await timed(() => loadBallotFile(services.registry, ctx, csv));
  const oursRps = load.value.loaded / (load.ms / 1000);
  console.log(
    `popreg load: ${load.value.loaded} persons in ${(load.ms / 1000).toFixed(1)} s (${Math.round(oursRps)}/s)`,
  );

  // --- baseline: the same rows, raw prepared inserts, same indexes, same batches ---
  const raw = new BetterSqlite3(join(dir, 'a.db'), { readonly: true });
  const tables = ['household', 'person', 'person_change', 'person_pin'] as const;
  const rows = Object.fromEntries(tables.map((t) => [t, raw.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][]]));
  const columns = Object.fromEntries(
    tables.map((t) => [
      t,
      raw
        .prepare(`SELECT * FROM ${t} LIMIT 1`)
        .columns()
        .map((c) => c.name),
    ]),
  );
  raw.close();
  const urlB = `sqlite:${join(dir, 'b.db')}`;
  const dbB = connect(urlB);
  await migrateToLatest(dbB);
  await dbB.destroy();
  const b = new BetterSqlite3(join(dir, 'b.db'));
  b.pragma('journal_mode = WAL');
  b.pragma('synchronous = NORMAL');
  b.pragma('cache_size = -65536');
  const stmts = Object.fromEntries(
    tables.map((t) => [
      t,
      b.prepare(`INSERT INTO ${t} (${columns[t]!.join(', ')}) VALUES (${columns[t]!.map(() => '?').join(', ')})`),
    ]),
  );
  const batch = 20_000;
  const insertBatch = b.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      stmts.person!.run(rows.person![i]!);
      stmts.person_change!.run(rows.person_change![i]!);
      stmts.person_pin!.run(rows.person_pin![i]!);
    }
  });
  const insertHouseholds = b.transaction(() => {
    for (const r of rows.household!) stmts.household!.run(r);
  });
  const base = await timed(() => {
    insertHouseholds();
    for (let i = 0; i < rows.person!.length; i += batch) insertBatch(i, Math.min(i + batch, rows.person!.length));
  });
  b.close();
  const rawRps = rows.person!.length / (base.ms / 1000);
  const ratio = oursRps / rawRps;
  console.log(`raw better-sqlite3 insert of the same rows: ${(base.ms / 1000).toFixed(1)} s (${Math.round(rawRps)}/s)`);
  verdict('load ratio', ratio >= 0.5, `popreg load reaches ${(ratio * 100).toFixed(0)}% of raw inserts (target ≥ 50%)`);

  // --- 2. lookups at N persons ---
  const sample = raw && new BetterSqlite3(join(dir, 'a.db'), { readonly: true });
  const picks = sample.prepare(`SELECT pin, full_name FROM person ORDER BY random() LIMIT ${lookups}`).all() as {
    pin: string;
    full_name: string;
  }[];
  const rawPin = sample.prepare('SELECT data FROM person WHERE pin = ?');
  const rawName = sample.prepare(
    'SELECT pin, full_name FROM person WHERE name_folded GLOB ? ORDER BY name_folded, id LIMIT 51',
  );
  const t = (fn: () => unknown) => {
    const s = performance.now();
    fn();
    return performance.now() - s;
  };
  const pinRaw = picks.map((p) => t(() => JSON.parse((rawPin.get(p.pin) as { data: string }).data)));
  // The same service without an audit trail, to price the audit entry every read writes.
  const unaudited = createServices(dbA, loadConfig({ db: urlA }, { POPREG_TODAY: '2026-05-01' }), {
    registryAudit: NO_AUDIT,
  });
  const timeReads = async (svc: typeof services) => {
    const out: number[] = [];
    for (const p of picks) {
      const s = performance.now();
      await svc.registry.getPerson(ctx, p.pin);
      out.push(performance.now() - s);
    }
    return out;
  };
  await timeReads(unaudited); // warm-up
  const pinSvc = await timeReads(unaudited);
  const pinAudited = await timeReads(services);
  const pinSvcAgain = await timeReads(unaudited);
  const auditRatio = median(pinAudited) / median([...pinSvc, ...pinSvcAgain]);
  const { foldName } = await import('../src/domain/names.ts');
  const nameRaw = picks.map((p) => t(() => rawName.all(`${foldName(p.full_name)}*`)));
  const nameSvc: number[] = [];
  for (const p of picks) {
    const s = performance.now();
    await services.registry.search(ctx, { name: p.full_name });
    nameSvc.push(performance.now() - s);
  }
  sample.close();
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(3)} ms, p95 ${percentile(xs, 95).toFixed(3)} ms`;
  console.log(
    `PIN lookup   service (no audit): ${fmt(pinSvc)}; raw SELECT: ${fmt(pinRaw)}; ratio ${(median(pinSvc) / median(pinRaw)).toFixed(1)}×`,
  );
  console.log(
    `name search  service: ${fmt(nameSvc)}; raw SELECT: ${fmt(nameRaw)}; ratio ${(median(nameSvc) / median(nameRaw)).toFixed(1)}×`,
  );
  console.log(
    `PIN lookup with audit: ${fmt(pinAudited)}; ratio to the same read without audit ${auditRatio.toFixed(2)}×`,
  );
  verdict(
    'audited read',
    auditRatio <= 2,
    `reading a person with auditing costs ${auditRatio.toFixed(2)}× the read without (target ≤ 2×)`,
  );
  verdict(
    'PIN lookup',
    median(pinSvc) < 1,
    `median ${median(pinSvc).toFixed(3)} ms at ${people} persons (target < 1 ms)`,
  );
  verdict(
    'name search',
    median(nameSvc) < 5,
    `median ${median(nameSvc).toFixed(3)} ms at ${people} persons (target < 5 ms)`,
  );
  await dbA.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

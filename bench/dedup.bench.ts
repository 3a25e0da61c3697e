// Registry deduplication benchmark: `DedupService.runBatch` end to end (read the persons, standardise, block,
// compare, train, score, cluster, write the review queue and the blocking keys) on generated registries of 100,000
// and 1,000,000 persons (`generate --duplicates 0.05 --errors 0.05`, then `popreg load`, into SQLite files).
// Each size is generated and loaded once in a child process and reused by later runs (--dir); each batch run goes
// in a fresh child process, so that its peak memory (maxRSS) is its own. Baseline measured in the same run: a bare
// scan of the same person columns (what any full pass over the registry costs), printed as a ratio.
// Target: 1M persons in ≤ 120 s with peak memory < 4 GB on this 2-core machine.
// Run: npx tsx bench/dedup.bench.ts [--sizes 100000,1000000] [--dir DIR] [--threads N]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { SYSTEM_CONTEXT } from '../src/domain/context.ts';
import type { BatchReport } from '../src/modules/dedup/dedup.batch.ts';
import { eachLinkRow } from '../src/modules/dedup/dedup.repository.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { loadBallotFile } from '../src/modules/registry/registry.load.ts';
import { createServices } from '../src/services.ts';
import { machine, verdict } from './common.ts';

const TODAY = '2026-05-01';
const BUDGET_S = 120;
const BUDGET_RSS = 4 * 2 ** 30;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const dir = arg('dir') ?? join(tmpdir(), 'popreg-dedup-bench');
const sizes = (arg('sizes') ?? '100000,1000000').split(',').map(Number);
const threads = arg('threads');
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function open(n: number) {
  const url = `sqlite:${join(dir, `registry-${n}.db`)}`;
  const db = connect(url);
  await migrateToLatest(db);
  return { db, services: createServices(db, loadConfig({ db: url }, { POPREG_TODAY: TODAY })) };
}

/** Child stage: generate and load a registry of n persons (once; kept for later runs). */
async function prepareStage(n: number): Promise<void> {
  const csv = join(dir, `ballots-${n}.csv`);
  await writePopulation({ people: n, duplicates: 0.05, errors: 0.05, seed: 1, out: csv, today: TODAY });
  const { db, services } = await open(n);
  await services.reference.load();
  await services.reference.catalog();
  const r = await loadBallotFile(services.registry, SYSTEM_CONTEXT, csv);
  console.log(JSON.stringify({ persons: r.loaded }));
  await db.destroy();
}

/** Child stage: the baseline scan and one batch run on a clean queue; prints JSON with the report and maxRSS. */
async function runStage(n: number): Promise<void> {
  const { db, services } = await open(n);
  await services.reference.catalog();
  for (const t of ['person_merge', 'dedup_pair', 'dedup_run', 'person_link_key'])
    await sql`DELETE FROM ${sql.table(t)}`.execute(db);
  const t0 = performance.now();
  let chars = 0;
  await eachLinkRow(db, false, (r) => {
    chars += r[2].length;
  });
  const scanMs = performance.now() - t0;
  const cpu0 = process.cpuUsage();
  const report = await services.dedup.runBatch(SYSTEM_CONTEXT, threads ? { threads: Number(threads) } : {});
  const cpu = process.cpuUsage(cpu0);
  const { model: _m, training: _t, ...rest } = report;
  console.log(
    JSON.stringify({
      report: rest,
      scanMs,
      chars,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
  );
  await db.destroy();
}

function child(stage: string, n: number): string {
  return execFileSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      new URL(import.meta.url).pathname,
      '--stage',
      stage,
      '--n',
      String(n),
      '--dir',
      dir,
      ...(threads ? ['--threads', threads] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 },
  );
}

interface RunResult {
  report: Omit<BatchReport, 'model' | 'training'>;
  scanMs: number;
  cpuMs: number;
  maxRss: number;
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  console.log(`dedup benchmark on ${machine()}; data in ${dir}; load average at start ${load()}`);
  const results = new Map<number, RunResult>();
  for (const n of sizes) {
    if (!existsSync(join(dir, `registry-${n}.db`)) || !existsSync(join(dir, `ballots-${n}.csv`))) {
      const t = performance.now();
      const out = JSON.parse(child('prepare', n).trim().split('\n').pop()!);
      console.log(
        `generated and loaded ${fmt(out.persons)} persons in ${((performance.now() - t) / 1000).toFixed(0)} s (kept for later runs)`,
      );
    }
    const r: RunResult = JSON.parse(child('run', n).trim().split('\n').pop()!);
    results.set(n, r);
    const rep = r.report;
    const s = (k: keyof typeof rep.timings) => ((rep.timings[k] ?? 0) / 1000).toFixed(2);
    const total = rep.totalMs / 1000;
    console.log(
      `\n${fmt(n)} generated persons: ${fmt(rep.persons)} in the registry, ${fmt(rep.candidates)} candidate pairs, ${fmt(rep.pairsForReview)} pairs queued`,
    );
    console.log(
      `  stages (s): read ${s('read')}, standardise ${s('standardise')}, block ${s('block')}, compare ${s('compare')}, train ${s('train')}, score ${s('score')}, cluster ${s('cluster')}, write pairs ${s('write pairs')}, write keys ${s('write keys')}`,
    );
    console.log(
      `  total ${total.toFixed(1)} s wall (${(r.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${(r.maxRss / 2 ** 30).toFixed(2)} GiB; ${fmt(rep.compared.pairs)} pairs compared at ${fmt(rep.compared.pairs / (rep.compared.ms / 1000))} comparisons/s on ${rep.threads} thread(s); ${fmt(rep.persons / total)} persons/s`,
    );
    console.log(
      `  baseline: a bare scan of the same columns takes ${(r.scanMs / 1000).toFixed(2)} s; the whole run is ×${(rep.totalMs / r.scanMs).toFixed(1)} a scan`,
    );
  }
  const small = results.get(100_000);
  const big = results.get(1_000_000);
  if (small && big) {
    const t = big.report.totalMs / small.report.totalMs;
    const c = big.report.candidates / Math.max(1, small.report.candidates);
    console.log(
      `\ngrowth 100k → 1M (×${(big.report.persons / small.report.persons).toFixed(1)} persons): time ×${t.toFixed(2)}, candidates ×${c.toFixed(2)}, peak RSS ×${(big.maxRss / small.maxRss).toFixed(2)}`,
    );
  }
  console.log(`load average at end ${load()}`);
  if (big) {
    const s = big.report.totalMs / 1000;
    verdict(
      'dedup 1M',
      s <= BUDGET_S && big.maxRss < BUDGET_RSS,
      `${s.toFixed(1)} s (budget ${BUDGET_S} s), peak RSS ${(big.maxRss / 2 ** 30).toFixed(2)} GiB (budget 4 GiB)`,
    );
  }
}

const stage = arg('stage');
if (stage === 'prepare') await prepareStage(Number(arg('n')));
else if (stage === 'run') await runStage(Number(arg('n')));
else await main();

// Generator benchmark: writes N persons (default 1,000,000) with 5% duplicates, 2% errors and a truth file to a
// temporary folder, and checks the 30-second target. As a baseline measured in the same run, it rewrites the
// same number of bytes with a plain file stream, so the ratio shows the cost of generating over raw I/O on
// this (shared, variable) machine.
// Run: npx tsx bench/generate.bench.ts [--people N] [--threads N]

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { writePopulation } from '../src/modules/generator/generate.ts';

const TARGET_SECONDS = 30;

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const n = Number(
    String(process.argv[i + 1])
      .replaceAll('_', '')
      .replaceAll(',', ''),
  );
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number`);
  return n;
}

/** Writes `total` bytes by repeating `chunk`, the way the generator's writer hands chunks to the stream. */
async function rawWrite(path: string, chunk: Buffer, total: number): Promise<number> {
  const started = performance.now();
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  for (let written = 0; written < total; written += chunk.length) {
    if (!out.write(chunk.subarray(0, Math.min(chunk.length, total - written)))) await once(out, 'drain');
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return performance.now() - started;
}

const people = arg('people') ?? 1_000_000;
const threads = arg('threads');
const dir = mkdtempSync(join(tmpdir(), 'popreg-bench-generate-'));
const gb = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
try {
  console.log(
    `machine: ${cpus().length} cores (${availableParallelism()} usable, ${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ` +
      `${gb(totalmem())} GiB memory (${gb(freemem())} free), Node ${process.versions.node}`,
  );
  console.log(`generate: ${people.toLocaleString('en')} persons, duplicates 0.05, errors 0.02, with truth file`);
  const out = join(dir, 'ballots.csv');
  const truth = join(dir, 'truth.csv');
  const cpuBefore = process.cpuUsage();
  const result = await writePopulation({ people, seed: 1, duplicates: 0.05, errors: 0.02, out, truth, threads });
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = result.ms / 1000;
  const bytes = statSync(out).size + statSync(truth).size;

  // Baseline: the same number of bytes through a plain write stream, 1 MiB at a time.
  const chunk = readFileSync(out).subarray(0, 1 << 20);
  const rawMs = await rawWrite(join(dir, 'raw.bin'), Buffer.from(chunk), bytes);

  console.log(`threads: ${threads ?? 'default (one per core, at most 4)'}`);
  console.log(
    `time: ${seconds.toFixed(1)} s for ${result.ballots.toLocaleString('en')} ballots ` +
      `(${result.households.toLocaleString('en')} households, ${result.duplicates.toLocaleString('en')} duplicates, ` +
      `${result.errors.toLocaleString('en')} errors), ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `rate: ${Math.round(people / seconds).toLocaleString('en')} persons/s, ` +
      `${Math.round(result.ballots / seconds).toLocaleString('en')} ballots/s, ${(bytes / 2 ** 20 / seconds).toFixed(1)} MiB/s`,
  );
  // CPU time of all threads: steadier than wall time when other processes compete for the cores.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`cpu: ${cpuSeconds.toFixed(1)} s user+system over all threads; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    `baseline: raw write of the same bytes ${(rawMs / 1000).toFixed(2)} s; generate/raw = ${(result.ms / rawMs).toFixed(1)}×`,
  );
  // The 30 s target is for one million persons; scale it for other sizes.
  const target = (TARGET_SECONDS * people) / 1_000_000;
  const pass = seconds <= target;
  console.log(`${pass ? 'PASS' : 'FAIL'}: ${seconds.toFixed(1)} s against a target of ${target.toFixed(1)} s`);
  if (!pass) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

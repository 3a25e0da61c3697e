// Intake benchmark: a generated DC01 file of N persons (default 1,000,000, about 300 MB) is checked
// (checkBallotFile) and read (readBallotBatches), each in its own process so its peak RSS is its own. Baselines
// measured in the same run on the same file: papaparse streaming in array mode (the `popreg load` path of ADR 0002,
// rows counted, nothing built) and a process that only loads the module (the RSS floor of node + tsx).
// Targets: check + read of 1,000,000 rows in well under 30 s on 2 cores; check under ~150 MB peak RSS.
// Run: npx tsx bench/intake.bench.ts [--people N]
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argNumber, machine, timed, verdict } from './common.ts';

interface Phase {
  ms: number;
  cpuMs: number;
  rows: number;
  rssMb: number;
}

async function child(phase: string, file: string): Promise<Phase> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  let rows = 0;
  if (phase === 'check') {
    const { checkBallotFile } = await import('../src/modules/intake/index.ts');
    rows = (await checkBallotFile(file, { form: 'DC01' })).rows;
  } else if (phase === 'read') {
    const { readBallotBatches } = await import('../src/modules/intake/index.ts');
    for await (const batch of readBallotBatches(file, { form: 'DC01' })) rows += batch.length;
  } else if (phase === 'papaparse') {
    const { default: Papa } = await import('papaparse');
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(createReadStream(file, { encoding: 'utf8' }) as unknown as NodeJS.ReadableStream, {
        header: false,
        skipEmptyLines: 'greedy',
        step: () => {
          rows++;
        },
        complete: () => resolve(),
        error: reject,
      });
    });
    rows--; // the header
  } else {
    await import('../src/modules/intake/index.ts');
  }
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - t,
    cpuMs: (used.user + used.system) / 1000,
    rows,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function run(phase: string, file: string): Phase {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--phase', phase, '--file', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`${phase} failed with code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Phase;
}

const phaseArg = process.argv.indexOf('--phase');
if (phaseArg >= 0) {
  const file = process.argv[process.argv.indexOf('--file') + 1]!;
  console.log(JSON.stringify(await child(process.argv[phaseArg + 1]!, file)));
} else {
  const people = argNumber('people', 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'popreg-bench-intake-'));
  try {
    console.log(`intake benchmark: ${people.toLocaleString('en')} persons on ${machine()}`);
    const { writePopulation } = await import('../src/modules/generator/generate.ts');
    const file = join(dir, 'ballots.csv');
    const gen = await timed(() => writePopulation({ people, seed: 42, out: file }));
    const mb = statSync(file).size / 2 ** 20;
    console.log(`generated ${gen.value.ballots} ballots, ${mb.toFixed(0)} MiB, in ${(gen.ms / 1000).toFixed(1)} s`);
    const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
    // Twice: the first run also fills tsx's transform cache, which inflates its RSS.
    const idle = [run('idle', file), run('idle', file)].sort((a, b) => a.rssMb - b.rssMb)[0]!;
    const papa = run('papaparse', file);
    const check = run('check', file);
    const read = run('read', file);
    const line = (name: string, p: Phase) =>
      console.log(
        `${name.padEnd(34)} ${(p.ms / 1000).toFixed(2).padStart(6)} s (cpu ${(p.cpuMs / 1000).toFixed(2)} s), ` +
          `${Math.round(p.rows / (p.ms / 1000)).toLocaleString('en')} rows/s, peak RSS ${p.rssMb.toFixed(0)} MB [${load()}]`,
      );
    console.log(`module loaded only (RSS floor): peak RSS ${idle.rssMb.toFixed(0)} MB`);
    line('papaparse array rows (baseline)', papa);
    line('checkBallotFile', check);
    line('readBallotBatches', read);
    console.log(
      `ratios to papaparse: check ${(check.ms / papa.ms).toFixed(2)}× its time, read ${(read.ms / papa.ms).toFixed(2)}×`,
    );
    const rowsOk = check.rows === people && read.rows === people && papa.rows === people;
    verdict('intake rows', rowsOk, `check ${check.rows}, read ${read.rows}, papaparse ${papa.rows} of ${people}`);
    const perMillion = ((check.ms + read.ms) / 1000) * (1_000_000 / people);
    verdict(
      'intake speed',
      perMillion < 30,
      `check + read ${perMillion.toFixed(1)} s per million rows (target < 30 s)`,
    );
    verdict(
      'intake check memory',
      check.rssMb < 150,
      `check peak RSS ${check.rssMb.toFixed(0)} MB, ${(check.rssMb - idle.rssMb).toFixed(0)} MB above the module alone (target < 150 MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

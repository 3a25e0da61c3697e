// `npm run bench`: runs every benchmark in bench/ (or those named: npm run bench -- registry audit), one after
// another, each in its own process, and repeats their PASS/FAIL lines at the end. Extra --flags are passed on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--') && !/^\d/.test(a));
const flags = args.filter((a) => !names.includes(a));
const all = readdirSync(new URL('../bench/', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = names.length ? all.filter((f) => names.some((n) => f.startsWith(n))) : all;
const verdicts = [];
for (const file of chosen) {
  console.log(`\n=== bench/${file} ===`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', `bench/${file}`, ...flags], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout ?? '');
  for (const line of (r.stdout ?? '').split('\n')) if (/^(PASS|FAIL) /.test(line)) verdicts.push(`${file}: ${line}`);
  if (r.status !== 0) verdicts.push(`${file}: FAIL exited with code ${r.status}`);
}
console.log('\n=== summary ===');
for (const v of verdicts) console.log(v);

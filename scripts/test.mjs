// `npm test`: first the static checks of `npm run check` (types of src, test, bench and web; lint; the layer rules
// of docs/ARCHITECTURE.md), then the whole test suite once per database: SQLite, then PostgreSQL. Pure test files
// (no database; see pure-tests.mjs) run on the SQLite pass only.
// PostgreSQL: POPREG_TEST_PG (an admin URL) if set, else a throwaway cluster started here.
// Prints one closing line: "tests: N passed, N failed", where each static check counts as one test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from './check.mjs';
import { findPgBin, startTempPostgres } from './pg-temp.mjs';
import { pureTestFiles } from './pure-tests.mjs';

const extraArgs = process.argv.slice(2);
const outDir = mkdtempSync(join(tmpdir(), 'popreg-test-'));
let passed = 0;
let failed = 0;

console.log('=== static checks (npm run check) ===');
const checks = await runChecks();
const failedChecks = checks.filter((c) => !c.ok).map((c) => c.name);
passed += checks.length - failedChecks.length;
failed += failedChecks.length;

function runSuite(label, env, vitestArgs = []) {
  const outputFile = join(outDir, `${label}.json`);
  console.log(`\n=== test suite on ${label} ===`);
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${outputFile}`,
      ...vitestArgs,
      ...extraArgs,
    ],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  let counted = false;
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed += report.numPassedTests;
    failed +=
      report.numFailedTests + (report.numTotalTestSuites > 0 && !report.success && report.numFailedTests === 0 ? 1 : 0);
    counted = true;
    console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  } catch {
    // no report: the run itself broke
  }
  if (!counted || r.status !== 0) {
    if (!counted) failed += 1;
    return false;
  }
  return true;
}

const sqliteOk = runSuite('sqlite', { POPREG_TEST_DB: 'sqlite' });

let pgOk = true;
let pg = null;
let pgUrl = process.env.POPREG_TEST_PG;
if (!pgUrl) {
  if (findPgBin()) {
    pg = await startTempPostgres();
    pgUrl = pg.url;
  } else {
    console.error(
      'PostgreSQL not found: install it (apt-get install postgresql) or set POPREG_TEST_PG; the suite must pass on both databases',
    );
    pgOk = false;
    failed += 1;
  }
}
if (pgUrl) {
  try {
    // The pure files already ran on the SQLite pass; a run limited to pure files finds nothing more to do here.
    const pure = await pureTestFiles().catch((err) => {
      console.log(`\ncould not tell the pure test files apart (${err.message}): every file runs on PostgreSQL too`);
      return [];
    });
    if (pure.length) console.log(`\n${pure.length} pure test files (no database) ran on SQLite only`);
    const skipPure = [...pure.map((f) => `--exclude=${f}`), '--passWithNoTests'];
    pgOk = runSuite('postgres', { POPREG_TEST_DB: 'postgres', POPREG_TEST_PG: pgUrl }, skipPure);
  } finally {
    pg?.stop();
  }
}

if (failedChecks.length) console.log(`\nfailed static checks (run \`npm run check\`): ${failedChecks.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(sqliteOk && pgOk && failed === 0 ? 0 : 1);

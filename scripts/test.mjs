// Runs the whole test suite once per database: SQLite, then PostgreSQL.
// PostgreSQL: POPREG_TEST_PG (an admin URL) if set, else a throwaway cluster started here.
// Prints one closing line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPgBin, startTempPostgres } from './pg-temp.mjs';

const extraArgs = process.argv.slice(2);
const outDir = mkdtempSync(join(tmpdir(), 'popreg-test-'));
let passed = 0;
let failed = 0;

function runSuite(label, env) {
  const outputFile = join(outDir, `${label}.json`);
  console.log(`\n=== test suite on ${label} ===`);
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`, ...extraArgs],
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
    pgOk = runSuite('postgres', { POPREG_TEST_DB: 'postgres', POPREG_TEST_PG: pgUrl });
  } finally {
    pg?.stop();
  }
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(sqliteOk && pgOk && failed === 0 ? 0 : 1);

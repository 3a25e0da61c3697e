// `npm run check`: the static checks that `npm test` runs before its suites, runnable alone.
//   types (src, test, bench)  tsc -p tsconfig.json --noEmit
//   types (web)               tsc -p web/tsconfig.json --noEmit
//   lint                      biome check (the files listed in biome.json)
//   layers                    dependency-cruiser with .dependency-cruiser.cjs (the rules of docs/ARCHITECTURE.md)
//   queries                   no query built outside repositories and src/db (queries.mjs)
// Each check runs in its own process (the queries scan in this one), two at a time; a failing check prints its
// findings under its name.
// Prints one closing line: "checks: N passed, N failed"; exits 1 when any check failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { queriesOutsideRepositories } from './queries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** dependency-cruiser's JSON report exits 0 whatever it found: the verdict is read from its summary. */
function layersPassed(stdout) {
  const summary = parseJson(stdout)?.summary;
  // A cruise that saw no file (a path or config gone wrong) proves nothing: it fails too.
  return Boolean(summary) && summary.error === 0 && summary.totalCruised > 0;
}

/** Lists dependency-cruiser's violations grouped by rule, each rule with the reason given in the config once. */
function describeLayers(stdout) {
  const result = parseJson(stdout);
  if (!result) return stdout;
  if (result.summary.totalCruised === 0) return '  no file was cruised: check the paths and .dependency-cruiser.cjs';
  const reasons = new Map((result.summary.ruleSetUsed?.forbidden ?? []).map((rule) => [rule.name, rule.comment ?? '']));
  const byRule = new Map();
  for (const v of result.summary.violations) {
    const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name ?? c)].join(' → ')})` : '';
    const lines = byRule.get(v.rule.name) ?? [];
    lines.push(`    ${v.from} → ${v.to}${cycle}`);
    byRule.set(v.rule.name, lines);
  }
  const out = [];
  for (const [rule, lines] of byRule) {
    out.push(`  rule ${rule} (.dependency-cruiser.cjs): ${reasons.get(rule) ?? ''}`, ...lines);
  }
  out.push(
    `  ${result.summary.violations.length} violation(s) in ${result.summary.totalCruised} files; see docs/ARCHITECTURE.md`,
  );
  return out.join('\n');
}

/**
 * tsc with an incremental cache in node_modules/.cache: a second run re-checks only what changed (a clean clone,
 * as on CI, pays the whole first run).
 */
const tsc = (project, cacheName) => [
  '-p',
  project,
  '--noEmit',
  '--pretty',
  'false',
  '--incremental',
  '--tsBuildInfoFile',
  `node_modules/.cache/popreg-check/${cacheName}.tsbuildinfo`,
];

export const CHECKS = [
  { name: 'types (src, test, bench)', command: bin('tsc'), args: tsc('tsconfig.json', 'server') },
  { name: 'types (web)', command: bin('tsc'), args: tsc('web/tsconfig.json', 'web') },
  {
    name: 'layers',
    command: bin('depcruise'),
    args: ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    passed: layersPassed,
    describe: describeLayers,
  },
  { name: 'queries', run: queriesCheck },
  { name: 'lint', command: bin('biome'), args: ['check', '--colors=off', '--max-diagnostics=50'] },
];

/** The scan of queries.mjs: query builders and SQL text outside repositories and src/db. */
function queriesCheck() {
  const found = queriesOutsideRepositories(root);
  const why =
    '  only *.repository.ts files and src/db/ write SQL (docs/ARCHITECTURE.md); move these into a repository:';
  return { ok: found.length === 0, findings: [why, ...found.map((f) => `    ${f}`)].join('\n') };
}

function runOne(check) {
  const started = performance.now();
  if (check.run) {
    const { ok, findings } = check.run();
    return Promise.resolve({ name: check.name, ok, seconds: (performance.now() - started) / 1000, findings });
  }
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const finish = (code, error) => {
      const seconds = (performance.now() - started) / 1000;
      const ok = code === 0 && !error && (check.passed ? check.passed(stdout) : true);
      const findings = error ? String(error) : (check.describe ?? ((s) => s))(stdout) + stderr;
      resolve({ name: check.name, ok, seconds, findings: ok ? '' : findings.trimEnd() });
    };
    child.on('error', (err) => finish(null, err));
    child.on('close', (code) => finish(code));
  });
}

/**
 * Runs every check (at most two at once: the machine is shared with the test suites) and prints each verdict as
 * it ends, with the findings of a failed one. Returns the verdicts in the order of CHECKS.
 */
export async function runChecks(checks = CHECKS) {
  const parallel = Math.max(1, Math.min(2, availableParallelism()));
  const verdicts = new Array(checks.length);
  let next = 0;
  async function lane() {
    while (next < checks.length) {
      const i = next++;
      const v = await runOne(checks[i]);
      verdicts[i] = v;
      console.log(`check ${v.name}: ${v.ok ? 'ok' : 'FAILED'} (${v.seconds.toFixed(1)} s)`);
      if (!v.ok) console.log(`${v.findings}\n`);
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return verdicts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const verdicts = await runChecks();
  const failed = verdicts.filter((v) => !v.ok);
  if (failed.length) console.log(`\nfailed checks: ${failed.map((v) => v.name).join(', ')}`);
  console.log(`checks took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`\nchecks: ${verdicts.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

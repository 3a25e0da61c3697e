// Which test files are pure (touch no database), so that `npm test` runs them once, on the SQLite pass only.
// A test file is pure when nothing it imports, directly or not, reaches a database connection (src/db/connect.ts
// or test/helpers/db.ts), and neither it nor a test helper it imports starts other processes or threads or reads
// the engine from the environment (either could reach a database without an import). Anything in doubt counts as
// impure and simply runs on both engines, as every test did before.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');

const CONNECTS = /^(src\/db\/connect\.ts|test\/helpers\/db\.ts)$/;
const REACHES_OUT = /POPREG_TEST|TEST_DIALECT|child_process|worker_threads|startWorker|spawn|execFile|fork\(/;

/** Relative paths of the pure test files under src/ and test/, sorted. */
export async function pureTestFiles() {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(
      ['src', 'test'],
      { ...config.options, exclude: { path: '\\.md$' }, includeOnly: '^(src|test)/', validate: false },
      undefined,
      {},
    );
    const imports = new Map(result.output.modules.map((m) => [m.source, m.dependencies]));
    const verdicts = new Map();
    const impure = (file, stack = new Set()) => {
      if (verdicts.has(file)) return verdicts.get(file);
      if (stack.has(file)) return false; // a cycle: the other files on it decide
      stack.add(file);
      const deps = imports.get(file) ?? [];
      const verdict =
        CONNECTS.test(file) ||
        deps.some((d) => d.couldNotResolve) ||
        (file.startsWith('test/') && REACHES_OUT.test(readFileSync(file, 'utf8'))) ||
        deps.some((d) => impure(d.resolved, stack));
      stack.delete(file);
      verdicts.set(file, verdict);
      return verdict;
    };
    return [...imports.keys()].filter((f) => f.endsWith('.test.ts') && !impure(f)).sort();
  } finally {
    process.chdir(cwd);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of await pureTestFiles()) console.log(file);
}

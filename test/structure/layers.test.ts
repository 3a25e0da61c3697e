// The layer rules of .dependency-cruiser.cjs (checked by `npm run check`, so by `npm test`) fire on a small
// throwaway tree that breaks each of them once, and stay quiet on the imports the architecture allows. Without
// this, a rule whose pattern stopped matching (a renamed folder, a tool upgrade) would pass silently forever.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config: { options: ICruiseOptions; forbidden: { name: string; comment?: string }[] } = createRequire(
  import.meta.url,
)('../../.dependency-cruiser.cjs');

/** One file per line: path → source. Each comment says what the import is there to show. */
const FIXTURE: Record<string, string> = {
  // domain-is-pure: the domain reaches into a module
  'src/domain/rules.ts': "import { serveA } from '../modules/a/a.service.ts';\nexport const r = serveA;\n",
  // allowed: the domain uses the domain, and node:crypto (random numbers are not I/O)
  'src/domain/pin.ts':
    "import { randomInt } from 'node:crypto';\nimport { r } from './rules.ts';\nexport const p = [r, randomInt];\n",
  // domain-has-no-io: the domain reads a file
  'src/domain/codes.ts': "import { readFileSync } from 'node:fs';\nexport const codes = readFileSync;\n",

  // no-other-modules-repository: module a calls module b's repository, for a value and for a type
  'src/modules/a/a.service.ts': [
    "import type { Kysely } from 'kysely';", // allowed: the Db types may be imported anywhere
    "import { rowsB } from '../b/b.repository.ts';",
    "import { serveB } from '../b/b.service.ts';", // allowed: another module's service
    "import { rowsA } from './a.repository.ts';", // allowed: its own repository
    'export const serveA = (db: Kysely<unknown>) => [db, rowsA, rowsB, serveB];',
  ].join('\n'),
  'src/modules/a/a.view.ts': "import type { BRow } from '../b/b.repository.ts';\nexport type View = BRow;\n",
  // sql-only-in-repositories: a service file builds a query
  'src/modules/a/a.query.ts': "import { sql } from 'kysely';\nexport const q = sql`select 1`;\n",
  'src/modules/a/a.repository.ts': "import { sql } from 'kysely';\nexport const rowsA = sql`select 1`;\n",
  // routes-and-cli-call-services: a route reads a repository; a CLI command names a repository's type
  'src/modules/a/a.routes.ts': "import { rowsA } from './a.repository.ts';\nexport const route = rowsA;\n",
  'src/modules/a/a.cli.ts': "import type { rowsA } from './a.repository.ts';\nexport type Cli = typeof rowsA;\n",
  // allowed: the CLI entry point calls a service
  'src/cli/main.ts': "import { serveA } from '../modules/a/a.service.ts';\nexport const main = serveA;\n",
  // routes-and-cli-call-services: a shared CLI helper reads a repository
  'src/cli/helpers.ts': "import { rowsB } from '../modules/b/b.repository.ts';\nexport const h = rowsB;\n",

  'src/modules/b/b.repository.ts':
    "import pg from 'pg';\nexport const rowsB = pg;\nexport interface BRow { id: number }\n",
  'src/modules/b/b.service.ts': "import { rowsB } from './b.repository.ts';\nexport const serveB = rowsB;\n",
  // allowed: src/db touches the drivers
  'src/db/connect.ts': "import BetterSqlite3 from 'better-sqlite3';\nexport const open = BetterSqlite3;\n",

  // no-cycles: two files that need each other at run time
  'src/modules/c/one.ts': "import { two } from './two.ts';\nexport const one = () => two;\n",
  'src/modules/c/two.ts': "import { one } from './one.ts';\nexport const two = () => one;\n",
  // allowed: a cycle closed by `import type` only (a use case naming the type of its service)
  'src/modules/c/c.service.ts': "import { birth } from './c.birth.ts';\nexport class CService { b = birth; }\n",
  'src/modules/c/c.birth.ts':
    "import type { CService } from './c.service.ts';\nexport const birth = (s?: CService) => s;\n",
  // imports-resolve: an import of a file that is not there
  'src/modules/c/broken.ts': "import { gone } from './gone.ts';\nexport const b = gone;\n",

  // lib-is-below-modules: a shared helper knows a module
  'src/lib/helper.ts': "import { serveB } from '../modules/b/b.service.ts';\nexport const helper = serveB;\n",
};

/** What must be reported, as "rule: from → to"; nothing else may be. */
const EXPECTED = [
  'domain-has-no-io: src/domain/codes.ts → fs',
  'domain-is-pure: src/domain/rules.ts → src/modules/a/a.service.ts',
  'imports-resolve: src/modules/c/broken.ts → ./gone.ts',
  'lib-is-below-modules: src/lib/helper.ts → src/modules/b/b.service.ts',
  'no-cycles: src/modules/c/one.ts → src/modules/c/two.ts', // a cycle is reported once, from its first file
  'no-other-modules-repository: src/modules/a/a.service.ts → src/modules/b/b.repository.ts',
  'no-other-modules-repository: src/modules/a/a.view.ts → src/modules/b/b.repository.ts',
  'routes-and-cli-call-services: src/cli/helpers.ts → src/modules/b/b.repository.ts',
  'routes-and-cli-call-services: src/modules/a/a.cli.ts → src/modules/a/a.repository.ts',
  'routes-and-cli-call-services: src/modules/a/a.routes.ts → src/modules/a/a.repository.ts',
  'sql-only-in-repositories: src/modules/a/a.query.ts → node_modules/kysely',
];

let dir: string;
let violations: string[];

/** "rule: from → to", with a package reduced to node_modules/<name> (its entry file differs by version). */
function describeViolation(v: IViolation): string {
  const to = v.to.replace(/^.*?node_modules\/((@[^/]+\/)?[^/]+).*$/, 'node_modules/$1');
  return `${v.rule.name}: ${v.from} → ${to}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'popreg-layers-'));
  for (const [path, source] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  // The fixture resolves packages (kysely, pg, better-sqlite3) from the repository's own node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const { output } = await cruise(['src'], {
    ...config.options,
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden } as ICruiseOptions['ruleSet'],
  });
  violations = (output as ICruiseResult).summary.violations.map(describeViolation).sort();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('report exactly the imports the architecture forbids in the fixture tree', () => {
    expect(violations).toEqual(EXPECTED);
  });

  it.each(config.forbidden.map((rule) => rule.name))('rule %s fires at least once', (name) => {
    expect(violations.some((v) => v.startsWith(`${name}: `))).toBe(true);
  });

  it('every rule says why it exists', () => {
    for (const rule of config.forbidden) expect(rule.comment?.length ?? 0, rule.name).toBeGreaterThan(40);
  });
});

// The "queries" check of `npm run check` (scripts/queries.mjs) finds a query built outside a repository, which the
// import rules cannot see when the file imports the Db type only, and accepts the places allowed to write SQL.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queriesOutsideRepositories } from '../../scripts/queries.mjs';

const dirs: string[] = [];

function scan(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'popreg-queries-'));
  dirs.push(dir);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return queriesOutsideRepositories(dir);
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('queries outside repositories', () => {
  it('names each line of a service that builds a query', () => {
    const found = scan({
      'src/modules/a/a.service.ts': [
        "import type { Db } from '../../db/database.ts';",
        'export async function names(db: Db) {',
        "  const rows = await db.selectFrom('person').selectAll().execute();",
        '  await db',
        "    .updateTable('person')",
        '    .execute();',
        '  await sql`select 1`.execute(db);',
        "  handle.prepare('SELECT * FROM person');",
        '  return rows;',
        '}',
      ].join('\n'),
    });
    expect(found).toEqual([
      "src/modules/a/a.service.ts:3: const rows = await db.selectFrom('person').selectAll().execute();",
      "src/modules/a/a.service.ts:5: .updateTable('person')",
      'src/modules/a/a.service.ts:7: await sql`select 1`.execute(db);',
      "src/modules/a/a.service.ts:8: handle.prepare('SELECT * FROM person');",
    ]);
  });

  it('accepts repositories, src/db, tests, comments and look-alikes', () => {
    const found = scan({
      'src/modules/a/a.repository.ts': "export const q = (db) => db.selectFrom('person');\n",
      'src/db/migrations/001.ts': 'export const up = (db) => sql`create table x ()`.execute(db);\n',
      'src/modules/a/a.test.ts': "const rows = db.selectFrom('person');\n",
      'src/modules/a/a.service.ts': [
        "// Reads with db.selectFrom('person') in the repository.",
        'const out = preparer.prepare(cells, read + 1);',
        'const m = /x/.exec(text);',
      ].join('\n'),
    });
    expect(found).toEqual([]);
  });
});

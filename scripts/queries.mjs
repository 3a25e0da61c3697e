// "Only *.repository.ts files and src/db/ write SQL" (docs/ARCHITECTURE.md), the half that imports cannot show:
// a service may import the Db type only (allowed) and still build a query on the handle it is given. This scan
// finds query builders and SQL strings in any other file of src/. Run by `npm run check` as "queries".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files allowed to write SQL, relative to the repository root. */
export const MAY_WRITE_SQL = /(\.repository\.ts$|^src\/db\/)/;

/** A Kysely query builder call, the `sql` tag, or a driver call given SQL text (better-sqlite3, pg). */
const QUERY =
  /\.(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\(|\bsql(<[^>]*>)?`|\.(prepare|query|exec)\(\s*['"`]\s*(select|insert|update|delete|with|create|alter|drop|copy|pragma)\b/i;

/** Every line of src/ (outside repositories, src/db and tests) that builds a query, as "file:line: text". */
export function queriesOutsideRepositories(root) {
  const found = [];
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const file = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (MAY_WRITE_SQL.test(file)) continue;
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (QUERY.test(line) && !/^\s*(\/\/|\*)/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

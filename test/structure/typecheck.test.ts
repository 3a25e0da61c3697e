// `npm run check` type-checks with two projects: tsconfig.json (the server, its tests, benchmarks and scripts in
// TypeScript) and web/tsconfig.json (the browser app). Every TypeScript file of the repository must belong to one
// of them, or a type error in it would never be reported (test/ and web/ went unchecked that way before).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The files a tsconfig puts in its program (from its include and exclude lists), relative to the root. */
function filesOf(project: string): Set<string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, project),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${project}`);
  return new Set(parsed.fileNames.map((f) => relative(root, f)));
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.includes('node_modules'));
}

describe('type-check coverage', () => {
  it('tsconfig.json covers every TypeScript file of src, test and bench', () => {
    const covered = filesOf('tsconfig.json');
    const missing = ['src', 'test', 'bench'].flatMap(sourcesUnder).filter((f) => !covered.has(f));
    expect(missing).toEqual([]);
  });

  it('web/tsconfig.json covers every TypeScript file of the web app', () => {
    const covered = filesOf('web/tsconfig.json');
    const missing = sourcesUnder('web/src').filter((f) => !covered.has(f));
    expect(missing).toEqual([]);
    expect(covered.has('web/vite.config.ts')).toBe(true);
  });
});

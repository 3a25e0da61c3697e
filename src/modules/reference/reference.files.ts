// Finding and reading the shipped reference files (reference/ at the package root).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/**
 * The package's reference/ folder. Walks up from this file because it runs both as src/modules/reference/*.ts
 * (tsx, tests) and as dist/modules/reference/*.js (installed bin), which sit at different depths.
 */
export function findReferenceDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'reference', 'adminunits'))) return join(dir, 'reference');
    const up = dirname(dir);
    if (up === dir) throw new Error(`reference data folder not found above ${from}`);
    dir = up;
  }
}

/** Reads a CSV file with a header row; fails naming the file when an expected column is missing. */
export function readCsv<K extends string>(dir: string, file: string, columns: readonly K[]): Record<K, string>[] {
  const rows = parse(readFileSync(join(dir, file), 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const first = rows[0];
  const missing = first ? columns.filter((c) => !(c in first)) : columns;
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return rows as Record<K, string>[];
}

export function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

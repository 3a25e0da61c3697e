// Intake-side test helpers: generated ballot files with their truth, and reads of what an import left behind.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../../src/db/database.ts';
import { type WriteOptions, writePopulation } from '../../../src/modules/generator/generate.ts';

export const GENERATOR_TODAY = '2026-05-01';

export interface TruthRow {
  ballot_id: string;
  person_id: string;
  role: string;
  kind: string;
  field: string;
  rule: string;
}

export interface Generated {
  dir: string;
  file: string;
  truth: TruthRow[];
  rows: Record<string, string>[];
  cleanup(): void;
}

/** A generated DC01 file (and its truth) in a fresh temporary folder. */
export async function generateFile(
  opts: Omit<WriteOptions, 'out' | 'truth'>,
  name = 'ballots.csv',
): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'popreg-import-'));
  const file = join(dir, name);
  const truthPath = join(dir, 'truth.csv');
  await writePopulation({ today: GENERATOR_TODAY, ...opts, out: file, truth: truthPath, threads: 1 });
  return {
    dir,
    file,
    truth: parse(readFileSync(truthPath, 'utf8'), { columns: true }) as TruthRow[],
    rows: parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function tableCount(db: Db, table: 'ballot' | 'import_issue' | 'import_job'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ballotsOf(db: Db, jobId?: number) {
  let q = db.selectFrom('ballot').selectAll();
  if (jobId !== undefined) q = q.where('job_id', '=', jobId);
  return q.orderBy('id').execute();
}

export async function issuesOf(db: Db, jobId: number) {
  return db.selectFrom('import_issue').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
}

/** The ballot_id column of a stored ballot's data. */
export function ballotIdOf(b: { data: string }): string {
  return (JSON.parse(b.data) as Record<string, string>).ballot_id ?? '';
}

// Test helpers for the generator: reference data read straight from the CSV files (independently of the
// generator's own loader), generated ballots kept in memory, and CSV files written to a temporary folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Dc01Row } from '../../src/domain/dc01.ts';
import {
  type GenerateOptions,
  type GenerateStats,
  generatePopulation,
  type TruthRow,
  type WriteOptions,
  type WriteResult,
  writePopulation,
} from '../../src/modules/generator/generate.ts';

const REF = join(import.meta.dirname, '..', '..', 'reference');

export function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

export interface TestRefs {
  /** Current ward code → current province code. */
  wardProvince: Map<string, string>;
  /** Pre-2025 province code → current successor. */
  successor: Map<string, string>;
  /** "currentWard|oldProvince" for every predecessor link in the ward mapping. */
  wardPredecessor: Set<string>;
  currentProvinces: Set<string>;
  ethnicities: Set<string>;
  religions: Set<string>;
}

let refs: TestRefs | undefined;

export function testRefs(): TestRefs {
  if (refs) return refs;
  const wardProvince = new Map(
    readCsv(join(REF, 'adminunits/wards_current_3321.csv')).map((r) => [r.code!, r.province_code!]),
  );
  const successor = new Map(
    readCsv(join(REF, 'codes/pin_birth_registration_province_codes.csv')).map((r) => [
      r.gso_province_code!,
      r.successor_gso_code_2025!,
    ]),
  );
  const wardPredecessor = new Set(
    readCsv(join(REF, 'adminunits/mapping_old_to_new_wards.csv')).map(
      (r) => `${r.new_ward_code}|${r.old_province_code}`,
    ),
  );
  const currentProvinces = new Set(readCsv(join(REF, 'adminunits/provinces_current_34.csv')).map((r) => r.code!));
  const ethnicities = new Set(readCsv(join(REF, 'codes/ethnic_groups_gso.csv')).map((r) => r.code!));
  const religions = new Set(['00', ...readCsv(join(REF, 'codes/religions_gso_1019-2008.csv')).map((r) => r.code!)]);
  refs = { wardProvince, successor, wardPredecessor, currentProvinces, ethnicities, religions };
  return refs;
}

export interface Generated {
  rows: Dc01Row[];
  truth: TruthRow[];
  stats: GenerateStats;
}

const cache = new Map<string, Generated>();

/** All ballots of a run, in memory (cached per options within a test file). */
export function generate(opts: GenerateOptions): Generated {
  const key = JSON.stringify(opts);
  const hit = cache.get(key);
  if (hit) return hit;
  const rows: Dc01Row[] = [];
  const truth: TruthRow[] = [];
  const it = generatePopulation(opts);
  let step = it.next();
  while (!step.done) {
    rows.push({ ...step.value.row });
    truth.push({ ...step.value.truth });
    step = it.next();
  }
  const out = { rows, truth, stats: step.value };
  cache.set(key, out);
  return out;
}

export interface Written {
  dir: string;
  out: string;
  truth: string;
  result: WriteResult;
  cleanup(): void;
}

/** Writes a run to a fresh temporary folder. */
export async function writeToTemp(opts: Omit<WriteOptions, 'out' | 'truth'>): Promise<Written> {
  const dir = mkdtempSync(join(tmpdir(), 'popreg-gen-'));
  const out = join(dir, 'ballots.csv');
  const truth = join(dir, 'truth.csv');
  const result = await writePopulation({ ...opts, out, truth });
  return { dir, out, truth, result, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function isoDayValid(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Birth year encoded in a well-formed PIN (century from digit 4, year from digits 5–6). */
export function pinYear(pin: string): number {
  return 1900 + 100 * Math.floor(Number(pin[3]) / 2) + Number(pin.slice(4, 6));
}

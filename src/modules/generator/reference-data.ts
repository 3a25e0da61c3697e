// The reference files the generator draws from (reference/ at the package root), read once per process and
// indexed for the lookups the generator makes millions of times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { findReferenceDir } from '../reference/reference.files.ts';
import type { NameLists } from './names-model.ts';
import { Weighted } from './sampling.ts';

export interface CurrentProvince {
  code: string;
  name: string;
  /** Commune-level units (xã, phường, đặc khu) of the current province, by code. */
  wards: readonly string[];
  /** Pre-2025 provinces merged into it. */
  oldProvinces: readonly string[];
}

export interface ReferenceData {
  provinces: ReadonlyMap<string, CurrentProvince>;
  /** Current province codes in ascending order. */
  provinceCodes: readonly string[];
  /** Current province per current ward code. */
  wardProvince: ReadonlyMap<string, string>;
  /** Wards that are phường (urban); xã and đặc khu are not. */
  urbanWards: ReadonlySet<string>;
  /** Current ward → pre-2025 provinces holding at least one of its predecessor communes. */
  wardOldProvinces: ReadonlyMap<string, readonly string[]>;
  /** Pre-2025 province → current wards with a predecessor commune in it (birth-registration places). */
  birthRegistrationWards: ReadonlyMap<string, readonly string[]>;
  /** Pre-2025 province → its current successor. */
  successor: ReadonlyMap<string, string>;
  /** Pre-2025 provinces weighted by their number of communes (a stand-in for population). */
  oldProvinceWeights: Weighted<string>;
  /** Every commune code that exists now or existed before 2025 (an "unknown" code must avoid all of them). */
  knownCommuneCodes: ReadonlySet<string>;
  ethnicityCodes: ReadonlySet<string>;
  religionCodes: ReadonlySet<string>;
  /** [surname, % share] from surnames_top14.csv; "Hoàng/Huỳnh" style pairs are kept as written. */
  topSurnames: readonly (readonly [string, number])[];
  names: NameLists;
}

/**
 * Rows of a reference CSV as objects. These files carry no quoted fields, so a plain split does (several times
 * faster than a full parser, and every worker thread loads them); anything with a quote goes to csv-parse.
 */
function csv(dir: string, file: string): Record<string, string>[] {
  const text = readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '');
  if (text.includes('"')) return parse(text, { columns: true, skip_empty_lines: true });
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = lines[0]?.split(',') ?? [];
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]!] = cells[i] ?? '';
    return row;
  });
}

function listOf(map: Map<string, string[]>, key: string): string[] {
  let l = map.get(key);
  if (!l) {
    l = [];
    map.set(key, l);
  }
  return l;
}

/**
 * The names lists write some Đ as U+00D0 (Icelandic Eth, "Ð") instead of U+0110: fix that, keep the
 * two-word "Middle Given" lines only (three lines carry a surname or a double given name), drop repeats.
 */
function readNamePairs(dir: string, file: string): (readonly [string, string])[] {
  const seen = new Set<string>();
  const out: (readonly [string, string])[] = [];
  for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
    const line = raw.replaceAll('\u00d0', '\u0110').trim().normalize('NFC');
    const words = line.split(/\s+/);
    if (words.length !== 2 || seen.has(line)) continue;
    seen.add(line);
    out.push([words[0]!, words[1]!]);
  }
  return out;
}

export function loadReferenceData(dir: string = findReferenceDir()): ReferenceData {
  const successor = new Map<string, string>();
  const oldOf = new Map<string, string[]>();
  for (const r of csv(dir, 'adminunits/mapping_old_to_new_provinces.csv')) {
    successor.set(r.old_province_code!, r.new_province_code!);
    listOf(oldOf, r.new_province_code!).push(r.old_province_code!);
  }

  const wardProvince = new Map<string, string>();
  const urbanWards = new Set<string>();
  const wardsOf = new Map<string, string[]>();
  for (const r of csv(dir, 'adminunits/wards_current_3321.csv')) {
    wardProvince.set(r.code!, r.province_code!);
    if (r.unit_type === 'Phường') urbanWards.add(r.code!);
    listOf(wardsOf, r.province_code!).push(r.code!);
  }

  const provinces = new Map<string, CurrentProvince>();
  for (const r of csv(dir, 'adminunits/provinces_current_34.csv')) {
    const code = r.code!;
    provinces.set(code, { code, name: r.name!, wards: wardsOf.get(code) ?? [], oldProvinces: oldOf.get(code) ?? [] });
  }

  // Only links that are coherent: the old province is known, merged into the new ward's province, and the new
  // ward code exists in the current list (two mapping codes differ from GSO's, see PROVENANCE.md).
  const wardOld = new Map<string, string[]>();
  const regWards = new Map<string, string[]>();
  for (const r of csv(dir, 'adminunits/mapping_old_to_new_wards.csv')) {
    const oldP = r.old_province_code!;
    const ward = r.new_ward_code!;
    if (!oldP || successor.get(oldP) !== r.new_province_code || wardProvince.get(ward) !== r.new_province_code)
      continue;
    const olds = listOf(wardOld, ward);
    if (!olds.includes(oldP)) olds.push(oldP);
    const wards = listOf(regWards, oldP);
    if (!wards.includes(ward)) wards.push(ward);
  }

  const known = new Set<string>(wardProvince.keys());
  const oldCount = new Map<string, number>();
  for (const r of csv(dir, 'adminunits/wards_pre2025_10035.csv')) {
    known.add(r.code!);
    oldCount.set(r.province_code!, (oldCount.get(r.province_code!) ?? 0) + 1);
  }
  const oldCodes = [...successor.keys()].filter((c) => (regWards.get(c)?.length ?? 0) > 0).sort();

  return {
    provinces,
    provinceCodes: [...provinces.keys()].sort(),
    wardProvince,
    urbanWards,
    wardOldProvinces: wardOld,
    birthRegistrationWards: regWards,
    successor,
    oldProvinceWeights: new Weighted(
      oldCodes,
      oldCodes.map((c) => oldCount.get(c) ?? 1),
    ),
    knownCommuneCodes: known,
    ethnicityCodes: new Set(csv(dir, 'codes/ethnic_groups_gso.csv').map((r) => r.code!)),
    religionCodes: new Set(csv(dir, 'codes/religions_gso_1019-2008.csv').map((r) => r.code!)),
    topSurnames: csv(dir, 'names/surnames_top14.csv').map((r) => [r.surname!, Number(r.approx_share_percent)] as const),
    names: { boys: readNamePairs(dir, 'names/boy.txt'), girls: readNamePairs(dir, 'names/girl.txt') },
  };
}

let cached: ReferenceData | undefined;

/** The reference data of the package, loaded on first use. */
export function referenceData(): ReferenceData {
  cached ??= loadReferenceData();
  return cached;
}

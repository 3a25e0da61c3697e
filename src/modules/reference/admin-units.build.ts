// Builds the dated versions of every administrative unit from the shipped files (no I/O beyond reading them).

import { readCsv, readJson } from './reference.files.ts';
import type { AdminUnitTable, UnitLevel } from './reference.table.ts';
import { sameName } from './vietnamese-text.ts';

/** Pre-2025 codes are the oldest state we have; they are treated as valid since the state's founding day. */
export const PRE_2025_FROM = '1945-09-02';
/** Decision 19/2025/QĐ-TTg: 34 provinces, no districts, 3,321 communes. */
export const REFORM_2025 = '2025-07-01';
/** Resolutions 30/2026/QH16 and 237/NQ-UBTVQH16: Đồng Nai becomes a city, 10 of its communes become wards. */
export const CHANGES_2026 = '2026-04-30';

const UNIT_TYPES = new Set(['Tỉnh', 'Thành phố', 'Phường', 'Xã', 'Đặc khu']);

interface V3Unit {
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  ProvinceCode?: string;
  Wards?: V3Unit[];
}

/** A unit whose type or name differs between the 1 July 2025 list and the current one. */
export interface UnitChange {
  level: UnitLevel;
  code: string;
  before: string;
  after: string;
}

/** The v3.0.2 JSON has no type field: the type is the full name minus the name ("Thành phố" + "Hà Nội"). */
function unitTypeOf(u: V3Unit): string {
  const type = u.FullName.endsWith(u.Name) ? u.FullName.slice(0, -u.Name.length).trim() : '';
  if (!UNIT_TYPES.has(type)) throw new Error(`unit ${u.Code}: cannot tell the unit type of "${u.FullName}"`);
  return type;
}

function pre2025Units(dir: string): AdminUnitTable[] {
  const base = { valid_from: PRE_2025_FROM, valid_to: REFORM_2025 };
  const cols = ['code', 'name', 'full_name', 'unit_type', 'name_en'] as const;
  const provinces = readCsv(dir, 'adminunits/provinces_pre2025_63.csv', cols).map((r) => ({
    ...base,
    ...r,
    level: 'province' as const,
    parent_code: null,
    province_code: r.code,
  }));
  const districts = readCsv(dir, 'adminunits/districts_pre2025_696.csv', [...cols, 'province_code']).map((r) => ({
    ...base,
    ...r,
    level: 'district' as const,
    parent_code: r.province_code,
  }));
  const wards = readCsv(dir, 'adminunits/wards_pre2025_10035.csv', [...cols, 'district_code', 'province_code']).map(
    ({ district_code, ...r }) => ({ ...base, ...r, level: 'commune' as const, parent_code: district_code }),
  );
  return [...provinces, ...districts, ...wards];
}

function units2025(dir: string): AdminUnitTable[] {
  const rows: AdminUnitTable[] = [];
  const common = (u: V3Unit) => ({
    code: u.Code,
    name: u.Name,
    full_name: u.FullName,
    unit_type: unitTypeOf(u),
    name_en: u.NameEn,
    valid_from: REFORM_2025,
    valid_to: null,
  });
  for (const p of readJson<V3Unit[]>(dir, 'adminunits/units_20250701_34p_thanglequoc_v3.0.2.json')) {
    rows.push({ ...common(p), level: 'province', parent_code: null, province_code: p.Code });
    for (const w of p.Wards ?? [])
      rows.push({ ...common(w), level: 'commune', parent_code: p.Code, province_code: p.Code });
  }
  return rows;
}

function currentUnits(dir: string): Map<string, AdminUnitTable> {
  const base = { valid_from: CHANGES_2026, valid_to: null };
  const cols = ['code', 'name', 'full_name', 'unit_type', 'name_en'] as const;
  const rows: AdminUnitTable[] = [
    ...readCsv(dir, 'adminunits/provinces_current_34.csv', cols).map(
      ({ code, name, full_name, unit_type, name_en }) => ({
        ...base,
        code,
        name,
        full_name,
        unit_type,
        name_en,
        level: 'province' as const,
        parent_code: null,
        province_code: code,
      }),
    ),
    ...readCsv(dir, 'adminunits/wards_current_3321.csv', [...cols, 'province_code']).map((r) => ({
      ...base,
      ...r,
      level: 'commune' as const,
      parent_code: r.province_code,
    })),
  ];
  return new Map(rows.map((r) => [r.code, r]));
}

/** Type, name or province differ; tone placement (Hòa/Hoà) and letter case alone do not count. */
function changed(a: AdminUnitTable, b: AdminUnitTable): boolean {
  return (
    a.unit_type !== b.unit_type ||
    a.province_code !== b.province_code ||
    !sameName(a.name, b.name) ||
    !sameName(a.full_name, b.full_name)
  );
}

/**
 * Every version of every unit: pre-2025 (to 1 July 2025), the 1 July 2025 list, and, for the units that differ
 * in the current list, a closing date of 30 April 2026 and a new version from then. The current list's spelling
 * is used only for those new versions, so tone placement stays that of the 2025 list everywhere else.
 */
export function buildAdminUnits(dir: string): { rows: AdminUnitTable[]; changes: UnitChange[] } {
  const current = currentUnits(dir);
  const reformed = units2025(dir);
  const changes: UnitChange[] = [];
  const later: AdminUnitTable[] = [];
  for (const row of reformed) {
    const now = current.get(row.code);
    if (!now) throw new Error(`unit ${row.code} (${row.full_name}) of 1 July 2025 is missing from the current list`);
    current.delete(row.code);
    if (!changed(row, now)) continue;
    row.valid_to = CHANGES_2026;
    later.push(now);
    changes.push({ level: row.level, code: row.code, before: row.full_name, after: now.full_name });
  }
  const extra = [...current.keys()];
  if (extra.length > 0) throw new Error(`current units without a 1 July 2025 version: ${extra.join(', ')}`);
  return { rows: [...pre2025Units(dir), ...reformed, ...later], changes };
}

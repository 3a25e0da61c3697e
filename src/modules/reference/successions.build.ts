// Builds old unit → new unit links for the 1 July 2025 reform from the mapping files.
import { REFORM_2025 } from './admin-units.build.ts';
import { readCsv } from './reference.files.ts';
import type { AdminUnitTable, UnitSuccessionTable } from './reference.table.ts';
import { levelOfCode } from './reference.types.ts';

/** Two new-commune codes in the dvhcvn mapping differ from the GSO list; see reference/adminunits/PROVENANCE.md. */
const GSO_CODE_FIXES: Record<string, string> = { '06970': '06978', '23737': '23938' };

function kindOf(value: string, file: string): 'full' | 'partial' {
  if (value === 'full' || value === 'partial') return value;
  throw new Error(`${file}: unknown merge_type "${value}"`);
}

/**
 * Commune links come from the ward mapping; its five island districts (3-digit old codes, no communes) became
 * special zones and are kept as district → commune links. Province links come from the province mapping.
 * Every other district passes whole to the new province of its old province; island districts get no such link
 * because their special zone already names the place more precisely.
 */
export function buildSuccessions(dir: string, units: readonly AdminUnitTable[]): UnitSuccessionTable[] {
  const wardFile = 'adminunits/mapping_old_to_new_wards.csv';
  const provinceFile = 'adminunits/mapping_old_to_new_provinces.csv';
  const base = { effective: REFORM_2025 };
  const links: UnitSuccessionTable[] = [];

  for (const r of readCsv(dir, wardFile, ['old_ward_code', 'new_ward_code', 'merge_type'])) {
    const level = levelOfCode(r.old_ward_code);
    if (level !== 'commune' && level !== 'district') throw new Error(`${wardFile}: bad old code "${r.old_ward_code}"`);
    const newCode = GSO_CODE_FIXES[r.new_ward_code] ?? r.new_ward_code;
    links.push({ ...base, level, old_code: r.old_ward_code, new_code: newCode, kind: kindOf(r.merge_type, wardFile) });
  }

  const newProvinceOf = new Map<string, string>();
  for (const r of readCsv(dir, provinceFile, ['old_province_code', 'new_province_code', 'merge_type'])) {
    newProvinceOf.set(r.old_province_code, r.new_province_code);
    links.push({
      ...base,
      level: 'province',
      old_code: r.old_province_code,
      new_code: r.new_province_code,
      kind: kindOf(r.merge_type, provinceFile),
    });
  }

  const islands = new Set(links.filter((l) => l.level === 'district').map((l) => l.old_code));
  for (const d of units) {
    if (d.level !== 'district' || islands.has(d.code)) continue;
    const province = newProvinceOf.get(d.province_code);
    if (!province) throw new Error(`district ${d.code}: province ${d.province_code} has no successor`);
    links.push({ ...base, level: 'district', old_code: d.code, new_code: province, kind: 'full' });
  }

  checkTargets(links, units);
  return links;
}

/** Every successor must be a unit of the 1 July 2025 list: a typo in a mapping would otherwise go unnoticed. */
function checkTargets(links: readonly UnitSuccessionTable[], units: readonly AdminUnitTable[]): void {
  const reformed = new Set(units.filter((u) => u.valid_from === REFORM_2025).map((u) => u.code));
  const unknown = [...new Set(links.filter((l) => !reformed.has(l.new_code)).map((l) => l.new_code))];
  if (unknown.length > 0) throw new Error(`successor codes not in the 1 July 2025 list: ${unknown.join(', ')}`);
}

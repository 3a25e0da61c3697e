// Kysely table interfaces of the reference data (administrative units and code lists).
import type { Generated } from 'kysely';

/** Unit levels: provinces and communes exist in every version; districts only before 1 July 2025. */
export type UnitLevel = 'province' | 'district' | 'commune';

/** One administrative unit during one period of validity. A code may be reused by a successor unit. */
export interface AdminUnitTable {
  level: UnitLevel;
  code: string;
  /** First day this row describes the unit (inclusive), YYYY-MM-DD. */
  valid_from: string;
  /** First day it no longer does (exclusive), or null while current. */
  valid_to: string | null;
  name: string;
  full_name: string;
  unit_type: string;
  name_en: string;
  /** District code for a pre-2025 commune; province code for a district or a post-2025 commune; null for a province. */
  parent_code: string | null;
  province_code: string;
}

/** Old unit → successor unit across a reorganisation; `partial` means the old unit was split. */
export interface UnitSuccessionTable {
  level: UnitLevel;
  old_code: string;
  new_code: string;
  /** The day the successor took over, YYYY-MM-DD. */
  effective: string;
  kind: 'full' | 'partial';
}

export interface CodeListTable {
  code: string;
  name_vi: string;
  name_en: string;
}

export interface NationalityTable extends CodeListTable {
  alpha3: string;
  numeric: string;
}

export interface PinProvinceTable {
  /** Three-digit code in PIN digits 1–3. */
  pin_code: string;
  /** GSO province code before 1 July 2025. */
  province_code: string;
  name: string;
  /** Current province that succeeded it. */
  successor_code: string;
}

export interface ReferenceLoadTable {
  id: Generated<number>;
  dataset: string;
  rows: number;
  loaded_at: string;
}

export interface ReferenceTables {
  admin_unit: AdminUnitTable;
  unit_succession: UnitSuccessionTable;
  ethnicity: CodeListTable;
  religion: CodeListTable;
  nationality: NationalityTable;
  pin_province: PinProvinceTable;
  reference_load: ReferenceLoadTable;
}

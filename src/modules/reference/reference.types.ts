// The views of reference data handed to other modules: in-memory ones (camelCase, no database types), and the raw
// snapshot of the tables (ReferenceRows) that worker threads rebuild their own catalog from.
import type {
  AdminUnitTable,
  CodeListTable,
  NationalityTable,
  PinProvinceTable,
  UnitLevel,
  UnitSuccessionTable,
} from './reference.table.ts';

export type { UnitLevel };

/**
 * Every reference table as rows, as read in one snapshot: what a worker thread is handed to build its own
 * catalog, and what `popreg init` loads.
 */
export interface ReferenceRows {
  admin_unit: AdminUnitTable[];
  unit_succession: UnitSuccessionTable[];
  ethnicity: CodeListTable[];
  religion: CodeListTable[];
  nationality: NationalityTable[];
  pin_province: PinProvinceTable[];
}

export type ReferenceDataset = keyof ReferenceRows;

/** One administrative unit during one period of validity (`validTo` exclusive, null while current). */
export interface AdminUnit {
  readonly level: UnitLevel;
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly unitType: string;
  readonly nameEn: string;
  /** District for a pre-2025 commune; province for a district or a post-2025 commune; null for a province. */
  readonly parentCode: string | null;
  readonly provinceCode: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** An old unit handed over (fully or in part) to a new one on `effective`. */
export interface Succession {
  readonly level: UnitLevel;
  readonly oldCode: string;
  readonly newCode: string;
  readonly effective: string;
  readonly kind: 'full' | 'partial';
}

/** How an old code reaches today's unit(s): unchanged, merged whole, or split (one of several successors). */
export type ResolutionKind = 'same' | 'full' | 'partial';

export interface CodeEntry {
  readonly code: string;
  readonly name_vi: string;
  readonly name_en: string;
}

export interface NationalityEntry extends CodeEntry {
  readonly alpha3: string;
  readonly numeric: string;
}

/** The shape src/domain/pin.ts expects for PIN digits 1–3. */
export interface PinProvinceInfo {
  readonly pinCode: string;
  readonly provinceCode: string;
  readonly name: string;
  readonly successorCode: string;
}

/** Codes are nationally unique per level and the level shows in the length: 2, 3 or 5 digits. */
export function levelOfCode(code: string): UnitLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  if (code.length === 2) return 'province';
  if (code.length === 3) return 'district';
  if (code.length === 5) return 'commune';
  return undefined;
}

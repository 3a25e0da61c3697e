// Loads the shipped reference files into the database, replacing what was there (safe to run again).
import type { Db } from '../../db/database.ts';
import { buildAdminUnits, type UnitChange } from './admin-units.build.ts';
import { buildEthnicities, buildNationalities, buildPinProvinces, buildReligions } from './code-lists.build.ts';
import { findReferenceDir } from './reference.files.ts';
import { type ReferenceRows, replaceReferenceData } from './reference.repository.ts';
import { buildSuccessions } from './successions.build.ts';

/** Reads and checks every file before the database is touched, so a bad file leaves the old data in place. */
export function readReferenceFiles(dir: string = findReferenceDir()): { rows: ReferenceRows; changes: UnitChange[] } {
  const { rows: units, changes } = buildAdminUnits(dir);
  const rows: ReferenceRows = {
    admin_unit: units,
    unit_succession: buildSuccessions(dir, units),
    ethnicity: buildEthnicities(dir),
    religion: buildReligions(dir),
    nationality: buildNationalities(),
    pin_province: buildPinProvinces(dir),
  };
  return { rows, changes };
}

/** One transaction: readers see either the old reference data or the new, never a mix. */
export async function loadReferenceData(db: Db, dir?: string): Promise<{ dataset: string; rows: number }[]> {
  const { rows } = readReferenceFiles(dir);
  const loadedAt = new Date().toISOString();
  return db.transaction().execute((trx) => replaceReferenceData(trx, rows, loadedAt));
}

// A migrated test database with the reference data loaded, shared by the tests of one file.
import { pgPool } from '../../src/db/dialect.ts';
import { loadReferenceData } from '../../src/modules/reference/reference.loader.ts';
import { ReferenceService } from '../../src/modules/reference/reference.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';

/** A fixed "today" after the 30 April 2026 changes, so current units are those of the current list. */
export const TODAY = '2026-11-28';

export interface LoadedReference {
  t: TestDatabase;
  service: ReferenceService;
  loads: { dataset: string; rows: number }[];
  loadMillis: number;
}

/**
 * createTestDatabase, plus an error listener on the pg pool. Teardown drops the database WITH (FORCE) while
 * the pool's last connection may still be closing; the server's "terminating connection" message then reaches
 * the pool, which re-emits it and, with no listener (src/db/connect.ts attaches none), fails the run.
 */
export async function createReferenceDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  if (TEST_DIALECT === 'postgres') pgPool(t.db).on('error', () => {});
  return t;
}

export async function createLoadedReference(today: () => string = () => TODAY): Promise<LoadedReference> {
  const t = await createReferenceDatabase();
  const start = performance.now();
  const loads = await loadReferenceData(t.db);
  const loadMillis = performance.now() - start;
  console.log(`reference load on ${TEST_DIALECT}: ${Math.round(loadMillis)} ms`);
  return { t, service: new ReferenceService(t.db, today), loads, loadMillis };
}

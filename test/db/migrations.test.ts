import { Migrator, NO_MIGRATIONS } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';

describe(`migrations on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.destroy());

  it('creates every table', async () => {
    const tables = (await t.db.introspection.getTables()).map((x) => x.name);
    for (const name of ['admin_unit', 'unit_succession', 'person', 'person_change', 'person_pin', 'household']) {
      expect(tables).toContain(name);
    }
  });

  it('migrates down to nothing and up again', async () => {
    const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    const after = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(after).not.toContain('person');
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.length).toBe(Object.keys(migrations).length);
  });
});

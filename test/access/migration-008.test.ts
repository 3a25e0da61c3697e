// Migration 008: tokens made before expiry and scopes existed get an expiry (90 days from the upgrade) and keep
// every scope; the account-wide lock is lifted (failures are counted per address from then on).
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { createEmptyDatabase, TEST_DIALECT } from '../helpers/db.ts';

describe(`migration 008 on ${TEST_DIALECT}`, () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const empty = await createEmptyDatabase();
    drop = empty.drop;
    db = connect(empty.url, { poolSize: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  it('gives existing tokens an expiry and every scope, and lifts old account locks', async () => {
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '20261207_008'));
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
    expect(error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    // The schema before 008: the typed tables already name the new columns.
    const old = db as any;
    const user = await old
      .insertInto('app_user')
      .values({
        username: 'cu',
        display_name: 'Cũ',
        password_hash: 'x',
        roles: '["viewer"]',
        jurisdiction: null,
        totp_enabled: 0,
        failed_logins: 4,
        locked_until: '2099-01-01T00:00:00.000Z',
        created_at: at,
        updated_at: at,
        password_changed_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await old
      .insertInto('api_token')
      .values({ user_id: user.id, name: 'old', token_hash: 'h', prefix: 'prt_abcd', created_at: at })
      .execute();

    const started = Date.now();
    await migrateToLatest(db);
    const t = await db.selectFrom('api_token').selectAll().executeTakeFirstOrThrow();
    expect(t.scopes).toBe('read,write,audit,exchange');
    const expires = Date.parse(t.expires_at ?? '');
    expect(expires - started).toBeGreaterThan(89.9 * 86_400_000);
    expect(expires - started).toBeLessThan(90.1 * 86_400_000);
    const u = await db.selectFrom('app_user').selectAll().executeTakeFirstOrThrow();
    expect(u.locked_until).toBeNull();
    expect(Number(u.failed_logins)).toBe(0);
  });
});

// Entries written inside the caller's transaction commit or roll back with it, and an entry recorded on its own
// while another transaction is open never joins that transaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, resetTrail, rows, TEST_KEY } from './helpers.ts';

describe(`audit entries and transactions on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let audit: AuditService;
  const ctx = ctxOf('officer', ['commune_officer']);
  const household = (code: string) =>
    ({ code, unit_code: '00004', address: null, created_at: '2026-06-01T00:00:00.000Z' }) as const;
  const households = async () => (await t.db.selectFrom('household').select('code').execute()).map((r) => r.code);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });
  beforeEach(async () => {
    await resetTrail(t.db);
    await t.db.deleteFrom('household').execute();
    audit = new AuditService(t.db, { key: TEST_KEY });
    await audit.record(ctx, { action: 'auth.login', outcome: 'ok' });
  });

  it('commits an entry written with recordIn together with the change it describes', async () => {
    await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('household').values(household('HH1')).execute();
      await audit.recordIn(trx, ctx, { action: 'person.update', outcome: 'ok', personId: 1, fields: ['household'] });
    });
    expect(await households()).toEqual(['HH1']);
    expect((await rows(t.db)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('rolls the entry back with the change, and the next append links to the entry before', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('household').values(household('HH2')).execute();
        await audit.recordIn(trx, ctx, { action: 'person.update', outcome: 'ok', personId: 2 });
        await audit.recordMany(ctx, [{ action: 'person.event', outcome: 'ok', personId: 2 }], trx);
        throw new Error('validation failed late');
      }),
    ).rejects.toThrow('validation failed late');
    expect(await households()).toEqual([]);
    expect((await rows(t.db)).map((r) => r.seq)).toEqual([1]);
    // The service's cached head (seq 3) is now ahead of the database (seq 1): the next append must notice.
    await audit.record(ctx, { action: 'person.read', outcome: 'ok', personId: 2 });
    expect((await rows(t.db)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('keeps an entry recorded on its own while another transaction is open and then rolled back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const other = t.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('household').values(household('HH3')).execute();
        await gate;
        throw new Error('rolled back');
      })
      .catch((err: Error) => err.message);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const recorded = audit.record(ctx, { action: 'person.read', outcome: 'ok', personId: 3 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    expect(await other).toBe('rolled back');
    await recorded;
    expect(await households()).toEqual([]);
    expect((await rows(t.db)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await audit.verify()).toEqual({ ok: true, entries: 2 });
  });
});

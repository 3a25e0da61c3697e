// When record() resolves: after the commit (default, fail-closed), or once queued ('deferred'), and how a failed
// commit is reported in each case.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, readOf, resetTrail, rows, TEST_KEY, tamper } from './helpers.ts';

describe(`audit durability on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  const ctx = ctxOf('officer', ['commune_officer']);
  const count = async () => (await rows(t.db)).length;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });
  beforeEach(async () => {
    await resetTrail(t.db);
  });

  it('commit: the entry is in the database when record() resolves', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY });
    await audit.record(ctx, readOf(1, '001093047064'));
    expect(await count()).toBe(1);
  });

  it('commit: a failed commit fails the record itself', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY });
    await tamper(t.db, sql`DELETE FROM audit_head`);
    await expect(audit.record(ctx, readOf(1, '001093047064'))).rejects.toThrow('audit_head row is missing');
  });

  it('deferred: record() returns before the commit; the turn’s entries are committed together, flush() waits', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY, durability: 'deferred' });
    for (let i = 0; i < 50; i++) await audit.record(ctx, readOf(i, '001093047064'));
    if (TEST_DIALECT === 'sqlite') expect(await rows(t.db)).toHaveLength(0); // still queued: same event-loop turn
    await audit.flush();
    expect(await count()).toBe(50);
    await audit.record(ctx, readOf(99, '001093047064'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await count()).toBe(51); // committed without a flush, within the turn
    expect(await audit.verify()).toEqual({ ok: true, entries: 51 });
  });

  it('deferred: a failed background commit is reported by the next record and by flush()', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY, durability: 'deferred' });
    await audit.record(ctx, readOf(1, '001093047064'));
    await audit.flush();
    await tamper(t.db, sql`DELETE FROM audit_head`);
    await audit.record(ctx, readOf(2, '001093047064'));
    await expect(audit.flush()).rejects.toThrow('audit entries could not be written: audit_head row is missing');
    await audit.record(ctx, readOf(3, '001093047064'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(audit.record(ctx, readOf(4, '001093047064'))).rejects.toThrow('could not be written');
  });
});

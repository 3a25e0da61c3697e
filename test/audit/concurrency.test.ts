// Acceptance: two processes appending to the same database at once produce one unbroken chain holding every entry.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, rows, TEST_KEY, TEST_KEY_HEX } from './helpers.ts';

const exec = promisify(execFile);
const FIXTURE = 'test/audit/fixtures/append-entries.mts';

describe(`audit appends from several processes on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('serialises two child processes and this one into one chain with every entry', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY });
    await audit.record(ctxOf('parent'), { action: 'auth.login', outcome: 'ok' });
    // Both children must have started (tsx boots in 1–2 s, over 10 s on a machine busy with the rest of the suite)
    // before the common start time, or one writes all its entries before the other exists.
    const start = String(Date.now() + 20_000);
    const child = (actor: string) =>
      exec(process.execPath, ['--import', 'tsx', FIXTURE, t.url, '400', actor, start], {
        maxBuffer: 10_000_000,
        env: { ...process.env, POPREG_AUDIT_KEY: TEST_KEY_HEX },
      });
    const parentLoop = (async () => {
      await new Promise((resolve) => setTimeout(resolve, Number(start) - Date.now()));
      for (let i = 0; i < 100; i++) await audit.record(ctxOf('parent'), { action: 'person.read', outcome: 'ok' });
    })();
    const [a, b] = await Promise.all([child('proc-a'), child('proc-b'), parentLoop]);
    expect([a.stdout, b.stdout]).toEqual(['400', '400']);

    const all = await rows(t.db);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 901 }, (_, i) => i + 1));
    const byActor = (id: string) => all.filter((r) => r.actor === id).length;
    expect([byActor('proc-a'), byActor('proc-b'), byActor('parent')]).toEqual([400, 400, 101]);
    // The writers really interleaved: the first child's entries are not all in one block.
    const firstA = all.findIndex((r) => r.actor === 'proc-a');
    const lastA = all.map((r) => r.actor).lastIndexOf('proc-a');
    expect(all.slice(firstA, lastA).some((r) => r.actor !== 'proc-a')).toBe(true);
    expect(await audit.verify()).toEqual({ ok: true, entries: 901 });
    // This process's cached head went stale while the children wrote; its next append still links correctly.
    await audit.record(ctxOf('parent'), { action: 'auth.logout', outcome: 'ok' });
    expect(await audit.verify()).toEqual({ ok: true, entries: 902 });
  });
});

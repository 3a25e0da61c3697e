// Searching the trail (auditors), and the citizen's access log (only their own entries, nothing about others).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, resetTrail, TEST_KEY } from './helpers.ts';

const PIN_A = '001093047064';
const PIN_B = '079201000123';
const PIN_C = '040305001122';
const auditor = ctxOf('kiemtoan', ['auditor'], 'thanh tra định kỳ');

describe(`audit search and access log on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let audit: AuditService;
  let clock = new Date('2026-05-01T08:00:00.000Z');
  const at = (iso: string) => {
    clock = new Date(iso);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await resetTrail(t.db);
    audit = new AuditService(t.db, { key: TEST_KEY, now: () => clock });
    const o1 = ctxOf('officer1', ['commune_officer'], 'xác minh cư trú');
    const o2 = ctxOf('officer2', ['provincial_officer']);
    at('2026-05-01T08:00:00.000Z');
    await audit.record(o1, { action: 'person.read', outcome: 'ok', personId: 1, pin: PIN_A, fields: ['fullName'] });
    at('2026-05-01T09:00:00.000Z');
    await audit.record(o2, { action: 'person.read', outcome: 'ok', personId: 2, pin: PIN_B });
    at('2026-05-02T10:00:00.000Z');
    await audit.record(ctxOf('officer1', ['commune_officer'], 'sửa hộ khẩu'), {
      action: 'person.update',
      outcome: 'ok',
      personId: 1,
      pin: PIN_A,
      fields: ['household'],
    });
    at('2026-05-03T11:00:00.000Z');
    await audit.record(ctxOf('viewer1', ['viewer']), {
      action: 'person.read',
      outcome: 'denied',
      personId: 1,
      pin: PIN_A,
    });
    at('2026-05-03T12:00:00.000Z');
    // A marriage recorded on B names A in its details: A's log must not show it, B's log must not reveal A.
    await audit.record(o2, {
      action: 'person.event',
      outcome: 'ok',
      personId: 2,
      pin: PIN_B,
      details: { event: 'marriage', spouse: PIN_A, spouseId: 1 },
    });
    at('2026-05-04T00:00:00.000Z');
    await audit.record(o1, { action: 'person.search', outcome: 'ok', details: { name: 'nguyen van an' } });
    for (let i = 0; i < 25; i++) {
      at(`2026-05-05T00:00:${String(i).padStart(2, '0')}.000Z`);
      await audit.record(ctxOf('officer3', ['card_officer']), {
        action: 'person.read',
        outcome: 'ok',
        personId: 3,
        pin: PIN_C,
      });
    }
    at('2026-05-06T00:00:00.000Z');
  });
  afterAll(async () => {
    await t.destroy();
  });

  const seqs = async (q: Parameters<AuditService['search']>[1]) =>
    (await audit.search(auditor, q)).items.map((e) => e.seq);

  it('lists entries newest first with every column', async () => {
    const page = await audit.search(auditor, { limit: 3 });
    expect(page.items.map((e) => e.seq)).toEqual([31, 30, 29]);
    const [e] = (await audit.search(auditor, { action: 'person.update' })).items;
    expect(e).toMatchObject({
      seq: 3,
      at: '2026-05-02T10:00:00.000Z',
      actor: 'officer1',
      actorKind: 'user',
      roles: ['commune_officer'],
      outcome: 'ok',
      personId: 1,
      pin: PIN_A,
      fields: ['household'],
      purpose: 'sửa hộ khẩu',
      client: '127.0.0.1',
      details: null,
    });
    expect(e!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by PIN, person, actor, action and outcome, alone and combined', async () => {
    expect(await seqs({ pin: PIN_A })).toEqual([4, 3, 1]);
    expect(await seqs({ personId: 2 })).toEqual([5, 2]);
    expect(await seqs({ actor: 'officer1' })).toEqual([6, 3, 1]);
    expect(await seqs({ action: 'person.read', outcome: 'denied' })).toEqual([4]);
    expect(await seqs({ pin: PIN_A, actor: 'officer1', action: 'person.read' })).toEqual([1]);
    expect(await seqs({ actor: 'nobody' })).toEqual([]);
  });

  it('filters by time: a date means its whole day, a date-time is inclusive, no zone means UTC', async () => {
    expect(await seqs({ from: '2026-05-03', to: '2026-05-03' })).toEqual([5, 4]);
    expect(await seqs({ from: '2026-05-01T09:00:00Z', to: '2026-05-02T10:00:00.000Z' })).toEqual([3, 2]);
    expect(await seqs({ from: '2026-05-03T12:00', to: '2026-05-04T00:00' })).toEqual([6, 5]);
    expect(await seqs({ from: '2026-05-03T13:00:00+01:00', to: '2026-05-03T23:59:59Z' })).toEqual([5]);
  });

  it('pages with a cursor: every match once, in order, then no cursor', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await audit.search(auditor, { actor: 'officer3', limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 31 - i));
  });

  it('rejects malformed filters with every reason', async () => {
    const err = await audit
      .search(auditor, { pin: '123', from: 'yesterday', to: '2026-13-45', outcome: 'maybe', cursor: '!!', limit: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const rules = (err as DomainError & { violations: { field: string }[] }).violations.map((v) => v.field);
    expect(rules.sort()).toEqual(['cursor', 'from', 'limit', 'outcome', 'pin', 'to']);
  });

  it('records each search in the trail, with its filters', async () => {
    await audit.search(auditor, { pin: PIN_B });
    const [last] = (await audit.search(auditor, { action: 'audit.search', limit: 1 })).items;
    expect(last).toMatchObject({ actor: 'kiemtoan', outcome: 'ok', purpose: 'thanh tra định kỳ' });
    expect(last!.details).toMatchObject({ pin: PIN_B, results: 2 });
  });

  it('refuses roles without audit.read (403 AUTH.FORBIDDEN), and records the refusal', async () => {
    for (const roles of [['viewer'], ['commune_officer'], ['card_officer', 'provincial_officer']] as const) {
      const ctx = ctxOf('curious', [...roles]);
      await expect(audit.search(ctx, {})).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(audit.verifyAs(ctx)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
    const denied = await audit.search(auditor, { actor: 'curious', outcome: 'denied' });
    expect(denied.items.map((e) => e.action)).toEqual(Array(3).fill(['audit.verify', 'audit.search']).flat());
    expect((await audit.verifyAs(ctxOf('admin', ['national_admin']))).ok).toBe(true);
  });

  it('gives a citizen only their own entries, newest first, with who, roles, what, why, when and outcome', async () => {
    const log = await audit.accessLog(1);
    expect(log).toEqual([
      {
        at: '2026-05-03T11:00:00.000Z',
        actor: 'viewer1',
        roles: ['viewer'],
        action: 'person.read',
        purpose: null,
        outcome: 'denied',
      },
      {
        at: '2026-05-02T10:00:00.000Z',
        actor: 'officer1',
        roles: ['commune_officer'],
        action: 'person.update',
        purpose: 'sửa hộ khẩu',
        outcome: 'ok',
      },
      {
        at: '2026-05-01T08:00:00.000Z',
        actor: 'officer1',
        roles: ['commune_officer'],
        action: 'person.read',
        purpose: 'xác minh cư trú',
        outcome: 'ok',
      },
    ]);
  });

  it('never reveals another person in an access log (no other PIN, id or details)', async () => {
    const log = await audit.accessLog(2);
    expect(log.map((e) => e.action)).toEqual(['person.event', 'person.read']);
    const text = JSON.stringify(log);
    for (const leak of [PIN_A, PIN_B, 'spouse', 'marriage', '"personId"', '"pin"', '"details"']) {
      expect(text).not.toContain(leak);
    }
    for (const e of log)
      expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at', 'outcome', 'purpose', 'roles']);
    expect(await audit.accessLog(999)).toEqual([]);
  });
});

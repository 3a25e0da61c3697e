// The hash chain: appends are consecutive and linked, and every kind of tampering done with plain SQL (by an
// insider who drops the append-only triggers) is found and named by its first bad entry.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, keyedHasher } from '../../src/modules/audit/audit.chain.ts';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { asInsider, ctxOf, readOf, resetTrail, rows, TEST_KEY, tamper } from './helpers.ts';

describe(`audit hash chain on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let audit: AuditService;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });
  beforeEach(async () => {
    await resetTrail(t.db);
    audit = new AuditService(t.db, { key: TEST_KEY });
    for (let i = 1; i <= 10; i++) {
      await audit.record(ctxOf(`officer${i % 3}`, ['commune_officer'], 'kiểm tra'), readOf(i, `00109304706${i % 10}`));
    }
  });

  it('numbers entries 1, 2, 3… and links each to the hash of the one before, from 64 zeros', async () => {
    const all = await rows(t.db);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    expect(new Set(all.map((r) => r.hash)).size).toBe(10);
    expect(await audit.verify()).toEqual({ ok: true, entries: 10 });
  });

  it('stores exactly what it hashed (recomputing entry 3 from its columns with the key gives its hash)', async () => {
    const r = await t.db.selectFrom('audit_entry').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const row = { ...r, seq: Number(r.seq), person_id: r.person_id === null ? null : Number(r.person_id) };
    expect(keyedHasher(TEST_KEY)(row.prev_hash, row)).toBe(row.hash);
    expect(entryHash(row.prev_hash, row)).not.toBe(row.hash);
    expect(row).toMatchObject({ actor: 'officer0', roles: 'commune_officer', purpose: 'kiểm tra', person_id: 3 });
  });

  it('appends batches and odd text (quotes, commas, Vietnamese, lone surrogates, NUL) that still verify', async () => {
    await audit.recordMany(ctxOf('a,b"c'), [
      { action: 'user.create', outcome: 'ok', details: { name: 'Nguyễn "An"', list: [1, null] } },
      { action: 'person.search', outcome: 'failed', fields: ['a,b', 'c'], details: null },
      { action: 'auth.denied', outcome: 'denied', pin: 'x\uD800y\u0000z' },
    ]);
    expect(await audit.verify()).toEqual({ ok: true, entries: 13 });
  });

  it('reports progress up to the total', async () => {
    const seen: [number, number][] = [];
    await audit.verify({ pageSize: 4, onProgress: (d, n) => seen.push([d, n]) });
    expect(seen.at(-1)).toEqual([10, 10]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('finds an edited field at that entry (hash mismatch)', async () => {
    await tamper(t.db, sql`UPDATE audit_entry SET actor = 'someone else' WHERE seq = 5`);
    expect(await audit.verify()).toEqual({ ok: false, entries: 10, firstBad: { seq: 5, reason: 'hash mismatch' } });
  });

  it('finds a column set to null', async () => {
    await tamper(t.db, sql`UPDATE audit_entry SET fields = NULL WHERE seq = 8`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 8, reason: 'hash mismatch' });
  });

  it('finds a deleted entry (missing entry, naming it)', async () => {
    await tamper(t.db, sql`DELETE FROM audit_entry WHERE seq = 7`);
    expect(await audit.verify()).toEqual({ ok: false, entries: 10, firstBad: { seq: 7, reason: 'missing entry' } });
  });

  it('finds the deleted last entry through the head', async () => {
    await tamper(t.db, sql`DELETE FROM audit_entry WHERE seq = 10`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 10, reason: 'missing entry' });
  });

  it('finds two entries whose seqs were swapped (out of order)', async () => {
    await tamper(t.db, sql`UPDATE audit_entry SET seq = -1 WHERE seq = 3`);
    await tamper(t.db, sql`UPDATE audit_entry SET seq = 3 WHERE seq = 4`);
    await tamper(t.db, sql`UPDATE audit_entry SET seq = 4 WHERE seq = -1`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 3, reason: 'out of order' });
  });

  it('finds an entry whose actor was edited and the whole chain recomputed without the key (finding 7)', async () => {
    const all = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
    await asInsider(t.db, async () => {
      let prev = GENESIS_HASH;
      for (const r of all) {
        const row = { ...r, seq: Number(r.seq), person_id: r.person_id === null ? null : Number(r.person_id) };
        if (row.seq === 5) row.actor = 'forger';
        const hash = entryHash(prev, row);
        await sql`UPDATE audit_entry SET actor = ${row.actor}, prev_hash = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`.execute(
          t.db,
        );
        prev = hash;
      }
      await sql`UPDATE audit_head SET hash = ${prev} WHERE id = 1`.execute(t.db);
    });
    // Entry 1 is the first whose plain hash no longer passes for the keyed one.
    expect(await audit.verify()).toEqual({ ok: false, entries: 10, firstBad: { seq: 1, reason: 'hash mismatch' } });
  });

  it('finds an entry edited with a hash recomputed by someone holding the key as the next link broken', async () => {
    const r = await t.db.selectFrom('audit_entry').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
    const forged = { ...r, seq: 5, person_id: 999, actor: 'forger' };
    const hash = keyedHasher(TEST_KEY)(r.prev_hash, forged);
    await tamper(t.db, sql`UPDATE audit_entry SET person_id = 999, actor = 'forger', hash = ${hash} WHERE seq = 5`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 6, reason: 'broken link' });
  });

  it('finds the last entry rewritten with a recomputed hash (the head remembers its hash)', async () => {
    const r = await t.db.selectFrom('audit_entry').selectAll().where('seq', '=', 10).executeTakeFirstOrThrow();
    const hash = keyedHasher(TEST_KEY)(r.prev_hash, {
      ...r,
      seq: 10,
      person_id: Number(r.person_id),
      action: 'person.history',
    });
    await tamper(t.db, sql`UPDATE audit_entry SET action = 'person.history', hash = ${hash} WHERE seq = 10`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 10, reason: 'hash mismatch' });
  });

  it('finds an entry added behind the chain’s back (past the head)', async () => {
    await sql`INSERT INTO audit_entry (seq, at, actor, actor_kind, roles, action, outcome, prev_hash, hash)
      SELECT 11, at, actor, actor_kind, roles, action, outcome, hash, hash FROM audit_entry WHERE seq = 10`.execute(
      t.db,
    );
    expect((await audit.verify()).firstBad).toEqual({ seq: 11, reason: 'broken link' });
  });

  it('names the first of several breaks', async () => {
    await tamper(t.db, sql`DELETE FROM audit_entry WHERE seq = 9`);
    await tamper(t.db, sql`UPDATE audit_entry SET outcome = 'denied' WHERE seq = 4`);
    expect((await audit.verify()).firstBad).toEqual({ seq: 4, reason: 'hash mismatch' });
  });

  it('keeps one chain when two services with their own cached heads append in turn', async () => {
    const other = new AuditService(t.db, { key: TEST_KEY });
    for (let i = 0; i < 5; i++) {
      await other.record(ctxOf('b'), readOf(100 + i, '001093047064'));
      await audit.record(ctxOf('a'), readOf(200 + i, '001093047064'));
    }
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => audit.record(ctxOf('a'), readOf(i, '001093047064'))),
      ...Array.from({ length: 20 }, (_, i) => other.record(ctxOf('b'), readOf(i, '001093047064'))),
    ]);
    expect(await audit.verify()).toEqual({ ok: true, entries: 60 });
  });

  it('refuses a malformed entry on its own, without failing the entries committed with it', async () => {
    const others = Promise.all([1, 2, 3].map((i) => audit.record(ctxOf('a'), readOf(i, '001093047064'))));
    await expect(audit.record(ctxOf('b'), { action: 'person.read', outcome: 'ok', personId: 1.5 })).rejects.toThrow(
      'personId must be an integer',
    );
    await others;
    expect(await audit.verify()).toEqual({ ok: true, entries: 13 });
  });

  it('appends many concurrent records as consecutive entries (group commit), each once', async () => {
    await Promise.all(Array.from({ length: 300 }, (_, i) => audit.record(ctxOf(`c${i}`), readOf(i, '001093047064'))));
    const all = await rows(t.db);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 310 }, (_, i) => i + 1));
    expect(new Set(all.slice(10).map((r) => r.actor)).size).toBe(300);
    expect((await audit.verify()).ok).toBe(true);
  });
});

// Finding 7 of issue 10: an insider who can write the database cannot rewrite the trail unnoticed. The
// application's connection cannot UPDATE or DELETE entries at all (triggers, both engines); someone with the
// owner's rights drops the triggers (asInsider) but has not got the key, and every rewrite below is detected:
// hashes recomputed without the key, an edited column, a deleted middle entry, and a deleted tail with the head
// rewound (found against a checkpoint taken before).
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { entryHash, GENESIS_HASH } from '../../src/modules/audit/audit.chain.ts';
import { generateAuditKey } from '../../src/modules/audit/audit.key.ts';
import { AuditService, type Checkpoint } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { asInsider, ctxOf, readOf, resetTrail, TEST_KEY, tamper } from './helpers.ts';

const PIN = '001093047064';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${(err as Error).message}`;
  }
  return 'no error';
}

describe(`an insider cannot rewrite the audit trail on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let audit: AuditService;
  let checkpoint: Checkpoint;
  const ctx = ctxOf('officer', ['commune_officer']);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });
  beforeEach(async () => {
    await resetTrail(t.db);
    audit = new AuditService(t.db, { key: TEST_KEY });
    for (let i = 1; i <= 10; i++) await audit.record(ctx, readOf(i, PIN));
    checkpoint = await audit.checkpoint(ctxOf('operator')); // recorded as entry 11
  });

  describe('the application’s connection', () => {
    it('cannot UPDATE an entry', async () => {
      await expect(sql`UPDATE audit_entry SET actor = 'someone else' WHERE seq = 5`.execute(t.db)).rejects.toThrow(
        /append-only/,
      );
    });

    it('cannot DELETE an entry, nor empty the table', async () => {
      await expect(sql`DELETE FROM audit_entry WHERE seq = 11`.execute(t.db)).rejects.toThrow(/append-only/);
      if (TEST_DIALECT === 'postgres') {
        await expect(sql`TRUNCATE audit_entry`.execute(t.db)).rejects.toThrow(/append-only/);
      }
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 11 });
    });

    it('cannot rewind or delete the head, nor move or delete the switch-over', async () => {
      await expect(sql`UPDATE audit_head SET seq = 7 WHERE id = 1`.execute(t.db)).rejects.toThrow(/forward/);
      await expect(sql`DELETE FROM audit_head`.execute(t.db)).rejects.toThrow(/head/);
      await expect(sql`UPDATE audit_keying SET keyed_from = 5`.execute(t.db)).rejects.toThrow(/refused/);
      await expect(sql`DELETE FROM audit_keying`.execute(t.db)).rejects.toThrow(/refused/);
    });

    it('still appends (the head moves forward) and verifies', async () => {
      await audit.recordMany(ctx, [readOf(20, PIN), readOf(21, PIN)]);
      expect(await audit.verify()).toEqual({ ok: true, entries: 13 });
    });
  });

  describe('with the triggers dropped, without the key', () => {
    it('hashes recomputed with plain SHA-256 after editing an actor are found at the first entry', async () => {
      const all = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
      await asInsider(t.db, async () => {
        let prev = GENESIS_HASH;
        for (const r of all) {
          const row = { ...r, seq: Number(r.seq), person_id: r.person_id === null ? null : Number(r.person_id) };
          if (row.seq === 4) row.actor = 'forger';
          const hash = entryHash(prev, row);
          await sql`UPDATE audit_entry SET actor = ${row.actor}, prev_hash = ${prev}, hash = ${hash}
            WHERE seq = ${row.seq}`.execute(t.db);
          prev = hash;
        }
        await sql`UPDATE audit_head SET hash = ${prev} WHERE id = 1`.execute(t.db);
      });
      expect((await audit.verify()).firstBad).toEqual({ seq: 1, reason: 'hash mismatch' });
    });

    it('hashes recomputed with another key are found too', async () => {
      const forger = new AuditService(t.db, { key: generateAuditKey('forger') });
      expect(await codeOf(forger.verify())).toBe('AUDIT.KEY_MISMATCH');
      expect(await codeOf(forger.record(ctx, readOf(1, PIN)))).toBe('AUDIT.KEY_MISMATCH');
    });

    it('an edited column is found at its entry', async () => {
      await tamper(t.db, sql`UPDATE audit_entry SET purpose = 'không có lý do' WHERE seq = 6`);
      expect(await audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 6, reason: 'hash mismatch' } });
    });

    it('a deleted middle entry is named', async () => {
      await tamper(t.db, sql`DELETE FROM audit_entry WHERE seq = 5`);
      expect(await audit.verify()).toMatchObject({ ok: false, firstBad: { seq: 5, reason: 'missing entry' } });
    });

    it('a deleted tail with the head rewound is found against a checkpoint taken before', async () => {
      expect(checkpoint).toMatchObject({ seq: 10, keyId: TEST_KEY.id });
      const r8 = await t.db.selectFrom('audit_entry').select('hash').where('seq', '=', 8).executeTakeFirstOrThrow();
      await asInsider(t.db, async () => {
        await sql`DELETE FROM audit_entry WHERE seq > 8`.execute(t.db);
        await sql`UPDATE audit_head SET seq = 8, hash = ${r8.hash} WHERE id = 1`.execute(t.db);
      });
      // The chain left behind is consistent: only the checkpoint kept elsewhere shows what is gone.
      expect(await audit.verify()).toEqual({ ok: true, entries: 8 });
      expect(await audit.verifyCheckpoint(JSON.stringify(checkpoint), 'cp.json')).toEqual({
        ok: false,
        entries: 8,
        firstBad: { seq: 9, reason: 'truncated' },
        checkpoint: { seq: 10, at: checkpoint.at },
      });
    });

    it('a tail deleted and then appended again no longer reaches the checkpoint’s hash', async () => {
      const r8 = await t.db.selectFrom('audit_entry').select('hash').where('seq', '=', 8).executeTakeFirstOrThrow();
      await asInsider(t.db, async () => {
        await sql`DELETE FROM audit_entry WHERE seq > 8`.execute(t.db);
        await sql`UPDATE audit_head SET seq = 8, hash = ${r8.hash} WHERE id = 1`.execute(t.db);
      });
      const fresh = new AuditService(t.db, { key: TEST_KEY }); // the server restarted: no cached head
      for (let i = 0; i < 4; i++) await fresh.record(ctxOf('officer'), readOf(50 + i, PIN));
      expect((await fresh.verifyCheckpoint(JSON.stringify(checkpoint), 'cp.json')).firstBad).toEqual({
        seq: 10,
        reason: 'checkpoint mismatch',
      });
    });

    it('an intact chain reaches its checkpoint', async () => {
      await audit.record(ctx, readOf(30, PIN));
      expect(await audit.verifyCheckpoint(JSON.stringify(checkpoint), 'cp.json')).toEqual({
        ok: true,
        entries: 12,
        checkpoint: { seq: 10, at: checkpoint.at },
      });
    });
  });

  describe('checkpoints', () => {
    it('are signed: an edited checkpoint or one of another key is refused (AUDIT.CHECKPOINT_INVALID)', async () => {
      const edited = { ...checkpoint, seq: 8 };
      expect(await codeOf(audit.verifyCheckpoint(JSON.stringify(edited), 'cp.json'))).toBe('AUDIT.CHECKPOINT_INVALID');
      const other = generateAuditKey('other');
      const foreign = { ...checkpoint, keyId: other.id, publicKey: other.publicKey };
      await expect(audit.verifyCheckpoint(JSON.stringify(foreign), 'cp.json')).rejects.toThrow(/signed with key/);
      await expect(audit.verifyCheckpoint('not json', 'cp.json')).rejects.toThrow('checkpoint cp.json: not JSON');
      await expect(audit.verifyCheckpoint(JSON.stringify({ ...checkpoint, hash: 'xyz' }), 'cp.json')).rejects.toThrow(
        'hash must be 64 hex digits',
      );
    });

    it('are refused for a broken chain (AUDIT.CHAIN_BROKEN), which they would otherwise vouch for', async () => {
      await tamper(t.db, sql`UPDATE audit_entry SET outcome = 'denied' WHERE seq = 3`);
      expect(await codeOf(audit.checkpoint(ctxOf('operator')))).toBe('AUDIT.CHAIN_BROKEN');
    });
  });
});

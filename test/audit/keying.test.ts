// The audit key in operation: a trail chained before the key existed keeps verifying up to the recorded
// switch-over; a process without the key (or with another) never appends; the key file `popreg init` creates;
// `popreg serve` refusing to start without a key; `popreg audit checkpoint` and `verify --checkpoint`.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/server.cli.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { entryHash, GENESIS_HASH } from '../../src/modules/audit/audit.chain.ts';
import { defaultKeyFile, ensureAuditKey, loadAuditKey } from '../../src/modules/audit/audit.key.ts';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { asInsider, ctxOf, popregAudit, readOf, resetTrail, rows, TEST_KEY, TEST_KEY_HEX, tamper } from './helpers.ts';

const PIN = '001093047064';
const ctx = ctxOf('officer', ['commune_officer']);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${(err as Error).message}`;
  }
  return 'no error';
}

describe(`the audit key on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'popreg-audit-key-'));
  });
  afterAll(async () => {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetTrail(t.db);
  });

  describe('switch-over from a trail chained before the key', () => {
    let keyed: AuditService;
    beforeEach(async () => {
      const plain = new AuditService(t.db); // an older deployment: no key yet
      for (let i = 0; i < 5; i++) await plain.record(ctx, readOf(i, PIN));
      keyed = new AuditService(t.db, { key: TEST_KEY });
      for (let i = 0; i < 3; i++) await keyed.record(ctx, readOf(10 + i, PIN));
    });

    it('verifies the old entries the old way and the new ones with the key, saying how many are unkeyed', async () => {
      const keying = await t.db.selectFrom('audit_keying').selectAll().executeTakeFirstOrThrow();
      expect({ from: Number(keying.keyed_from), key: keying.key_id }).toEqual({ from: 6, key: TEST_KEY.id });
      const all = await rows(t.db);
      expect(all[4]!.hash).not.toBe(all[5]!.hash);
      expect(await keyed.verify()).toEqual({ ok: true, entries: 8, unkeyed: 5 });
    });

    it('refuses to append or verify without the key once the trail is keyed (AUDIT.KEY_MISSING)', async () => {
      const keyless = new AuditService(t.db, { keyLookedAt: '/nowhere/audit.key' });
      await expect(keyless.record(ctx, readOf(1, PIN))).rejects.toThrow(
        /entries from #6 on are bound with key [0-9a-f]{16}\), but no audit key was found at \/nowhere\/audit.key/,
      );
      expect(await codeOf(keyless.verify())).toBe('AUDIT.KEY_MISSING');
      expect(await codeOf(keyless.assertKeyed())).toBe('AUDIT.KEY_MISSING');
      expect(await rows(t.db)).toHaveLength(8);
    });

    it('finds the switch-over moved (to pass keyed entries off as plain) or removed', async () => {
      await tamper(t.db, sql`UPDATE audit_keying SET keyed_from = 8`);
      expect((await keyed.verify()).firstBad).toEqual({ seq: 8, reason: 'switch-over altered' });
      await tamper(t.db, sql`DELETE FROM audit_keying`);
      expect((await keyed.verify()).firstBad).toEqual({ seq: 6, reason: 'switch-over altered' });
    });

    it('a full downgrade (switch-over removed, every hash recomputed plain) misses a checkpoint taken before', async () => {
      const cp = await keyed.checkpoint(ctxOf('operator'));
      const all = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
      await asInsider(t.db, async () => {
        await sql`DELETE FROM audit_keying`.execute(t.db);
        let prev = GENESIS_HASH;
        for (const r of all) {
          const row = { ...r, seq: Number(r.seq), person_id: r.person_id === null ? null : Number(r.person_id) };
          const hash = entryHash(prev, row);
          await sql`UPDATE audit_entry SET prev_hash = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`.execute(t.db);
          prev = hash;
        }
        await sql`UPDATE audit_head SET hash = ${prev} WHERE id = 1`.execute(t.db);
      });
      const after = new AuditService(t.db, { key: TEST_KEY });
      // Every entry now looks unkeyed: the count an operator sees jumps, and the checkpoint no longer matches.
      expect(await after.verify()).toEqual({ ok: true, entries: 9, unkeyed: 9 });
      expect((await after.verifyCheckpoint(JSON.stringify(cp), 'cp.json')).firstBad).toEqual({
        seq: 8,
        reason: 'checkpoint mismatch',
      });
    });
  });

  it('a fresh trail is keyed from entry 1', async () => {
    const audit = new AuditService(t.db, { key: TEST_KEY });
    await audit.record(ctx, readOf(1, PIN));
    expect(await audit.verify()).toEqual({ ok: true, entries: 1 });
    expect(await audit.assertKeyed()).toBe(TEST_KEY);
  });

  describe('the key file', () => {
    it('is created by popreg init with mode 600, once, and read back as the same key', () => {
      const path = join(dir, 'init', 'audit.key');
      const lines = ensureAuditKey({ db: 'sqlite:x.db', audit: { keyFile: path } });
      expect(lines[0]).toMatch(new RegExp(`^audit key created: ${path} \\(mode 600, key [0-9a-f]{16}\\)$`));
      expect(lines.join(' ')).toContain('keep it outside the database and back it up');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      expect(ensureAuditKey({ db: 'sqlite:x.db', audit: { keyFile: path } })[0]).toMatch(/^audit key: /);
      expect(readFileSync(path, 'utf8')).toBe(text);
      const a = loadAuditKey({ keyFile: path }, 'sqlite:x.db')!;
      expect(loadAuditKey({ keyFile: path }, 'sqlite:x.db')!.id).toBe(a.id);
    });

    it('defaults to audit.key beside the SQLite file, else ./data/audit.key; POPREG_AUDIT_KEY comes first', () => {
      expect(defaultKeyFile('sqlite:/srv/popreg/popreg.db')).toBe('/srv/popreg/audit.key');
      expect(defaultKeyFile('postgres://db/popreg')).toBe(join('data', 'audit.key'));
      expect(loadAuditKey({}, `sqlite:${join(dir, 'none', 'p.db')}`)).toBeUndefined();
      expect(loadAuditKey({ key: TEST_KEY_HEX, keyFile: '/nowhere' }, 'sqlite:x.db')!.id).toBe(TEST_KEY.id);
    });

    it('is refused when other users can read it, or when it holds no key (AUDIT.KEY_INVALID)', () => {
      const path = join(dir, 'loose.key');
      writeFileSync(path, `${TEST_KEY_HEX}\n`, { mode: 0o644 });
      chmodSync(path, 0o644);
      expect(() => loadAuditKey({ keyFile: path }, 'sqlite:x.db')).toThrow(/chmod 600/);
      const bad = join(dir, 'bad.key');
      writeFileSync(bad, '# comment only\nnot hex\n', { mode: 0o600 });
      expect(() => loadAuditKey({ keyFile: bad }, 'sqlite:x.db')).toThrow(/expected 64 hex digits/);
    });
  });

  describe('the command line', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('popreg serve refuses to start without the audit key, naming where it looked', async () => {
      const missing = join(dir, 'missing', 'audit.key');
      process.env.POPREG_AUDIT_KEY_FILE = missing;
      delete process.env.POPREG_AUDIT_KEY;
      await expect(serve({ db: t.url, port: 0 })).rejects.toThrow(`no audit key was found at ${missing}`);
    });

    it('popreg audit checkpoint --out, then verify --checkpoint: intact, then truncated (exit 1)', async () => {
      process.env.POPREG_AUDIT_KEY = TEST_KEY_HEX;
      const audit = new AuditService(t.db, { key: TEST_KEY });
      for (let i = 0; i < 6; i++) await audit.record(ctx, readOf(i, PIN));
      const file = join(dir, `cp-${Date.now()}.json`);
      const made = await popregAudit(['checkpoint', '--db', t.url, '--out', file]);
      expect(made).toEqual({ code: 0, stdout: expect.stringMatching(/^checkpoint of entry #6 written to /) });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ seq: 6, keyId: TEST_KEY.id });

      const ok = await popregAudit(['verify', '--db', t.url, '--checkpoint', file]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^audit trail intact: 7 entries\n {2}reaches checkpoint #6 of \S+ with the same hash$/);

      const r4 = await t.db.selectFrom('audit_entry').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow();
      await asInsider(t.db, async () => {
        await sql`DELETE FROM audit_entry WHERE seq > 4`.execute(t.db);
        await sql`UPDATE audit_head SET seq = 4, hash = ${r4.hash} WHERE id = 1`.execute(t.db);
      });
      expect(await popregAudit(['verify', '--db', t.url])).toEqual({
        code: 0,
        stdout: 'audit trail intact: 4 entries',
      });
      expect(await popregAudit(['verify', '--db', t.url, '--checkpoint', file])).toEqual({
        code: 1,
        stdout: 'audit trail broken at entry #5: truncated',
      });
    });
  });
});

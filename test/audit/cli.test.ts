// `popreg audit verify` and `popreg audit search`: output and exit codes. The commands are run in-process through
// their registration function; once src/cli/program.ts registers them, the same checks also run as a user would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, popregAudit, TEST_KEY, TEST_KEY_HEX, tamper } from './helpers.ts';

const exec = promisify(execFile);

/** Runs the real CLI in a child process, as a user would. */
async function popreg(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]);
    return { code: 0, stdout: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const hooked = buildProgram().commands.some((c) => c.name() === 'audit');

describe(`popreg audit on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    // The commands load the key as a deployment would: here from POPREG_AUDIT_KEY (the children inherit it).
    process.env.POPREG_AUDIT_KEY = TEST_KEY_HEX;
    t = await createTestDatabase();
    const service = new AuditService(t.db, { key: TEST_KEY });
    for (let i = 0; i < 12; i++) {
      await service.record(ctxOf(i % 2 ? 'officer1' : 'officer2', ['commune_officer'], 'xác minh'), {
        action: i < 10 ? 'person.read' : 'person.update',
        outcome: 'ok',
        personId: i,
        pin: `0010930470${String(i).padStart(2, '0')}`,
        fields: ['fullName'],
      });
    }
  });
  afterEach(() => {
    process.exitCode = 0;
  });
  afterAll(async () => {
    delete process.env.POPREG_AUDIT_KEY;
    await t.destroy();
  });

  it('search prints one line per entry, newest first, with a cursor for the next page', async () => {
    const r = await popregAudit(['search', '--db', t.url, '--action', 'person.read', '--limit', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^#10 \S+Z officer1 \[commune_officer\] person\.read ok pin 001093047009 fields fullName — xác minh$/,
    );
    expect(lines.slice(0, 3).map((l) => l.split(' ')[0])).toEqual(['#10', '#9', '#8']);
    const cursor = /^next: --cursor (\S+)$/.exec(lines[3]!)?.[1];
    const more = await popregAudit([
      'search',
      '--db',
      t.url,
      '--action',
      'person.read',
      '--limit',
      '3',
      '--cursor',
      cursor!,
    ]);
    expect(more.stdout.split('\n')[0]).toMatch(/^#7 /);
  });

  it('search --json prints the page as JSON, filtered by actor and PIN', async () => {
    const r = await popregAudit(['search', '--db', t.url, '--actor', 'officer2', '--pin', '001093047004', '--json']);
    const page = JSON.parse(r.stdout);
    expect(page.items.map((e: { seq: number }) => e.seq)).toEqual([5]);
    expect(page.nextCursor).toBeNull();
  });

  it('search rejects a bad filter with the reason (main.ts prints it and exits 1)', async () => {
    await expect(popregAudit(['search', '--db', t.url, '--from', 'last week'])).rejects.toThrow(
      'from: must be an ISO 8601',
    );
  });

  it('verify prints "audit trail intact: N entries" and exits 0', async () => {
    const r = await popregAudit(['verify', '--db', t.url]);
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^audit trail intact: \d+ entries$/) });
  });

  it('verify names the first bad entry and exits 1 after tampering', async () => {
    await tamper(t.db, sql`UPDATE audit_entry SET purpose = 'không có lý do' WHERE seq = 4`);
    expect(await popregAudit(['verify', '--db', t.url])).toEqual({
      code: 1,
      stdout: 'audit trail broken at entry #4: hash mismatch',
    });
  });

  it.skipIf(!hooked)('the real CLI gives the same verdict and exit code', async () => {
    const r = await popreg(['audit', 'verify', '--db', t.url]);
    expect(r).toEqual({ code: 1, stdout: 'audit trail broken at entry #4: hash mismatch\n' });
  });
});

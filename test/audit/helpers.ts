// Shared by the audit tests: contexts with given roles, the test audit key, a clean trail, and the insider who
// drops the append-only triggers to tamper with the trail in plain SQL.
import { Command } from 'commander';
import { sql } from 'kysely';
import { vi } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createAuditGuards, dropAuditGuards } from '../../src/db/migrations/20261207_009_audit_guard.ts';
import type { RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { registerAuditCommands } from '../../src/modules/audit/audit.cli.ts';
import { auditKeyFromSecret } from '../../src/modules/audit/audit.key.ts';
import type { AuditInput } from '../../src/modules/audit/audit.service.ts';

/** The audit key of the tests (fixed, so child processes can be given the same one). */
export const TEST_KEY_HEX = '5a'.repeat(32);
export const TEST_KEY = auditKeyFromSecret(Buffer.from(TEST_KEY_HEX, 'hex'), 'test');

export function ctxOf(actor: string, roles: Role[] = ['national_admin'], purpose?: string): RequestContext {
  return {
    actor: { id: actor, kind: 'user', roles, jurisdiction: null },
    client: '127.0.0.1',
    ...(purpose ? { purpose } : {}),
  };
}

/**
 * Runs `fn` as someone holding the database owner's rights (not the audit key): the triggers that refuse UPDATE and
 * DELETE on the trail are dropped for the duration, as such an insider could.
 */
export async function asInsider<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await dropAuditGuards(db);
  try {
    return await fn();
  } finally {
    await createAuditGuards(db);
  }
}

/** Runs one tampering statement as the insider. */
export async function tamper(db: Db, query: ReturnType<typeof sql>): Promise<void> {
  await asInsider(db, async () => {
    await query.execute(db);
  });
}

/** Empties the trail, forgets the switch-over and rewinds the head, as a fresh database would have it. */
export async function resetTrail(db: Db): Promise<void> {
  await asInsider(db, async () => {
    await sql`DELETE FROM audit_entry`.execute(db);
    await sql`DELETE FROM audit_keying`.execute(db);
    await sql`DELETE FROM audit_head`.execute(db);
    await sql`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ${'0'.repeat(64)})`.execute(db);
  });
}

export function readOf(personId: number, pin: string): AuditInput {
  return { action: 'person.read', outcome: 'ok', personId, pin, fields: ['fullName', 'dateOfBirth'] };
}

export async function rows(db: Db): Promise<{ seq: number; prev_hash: string; hash: string; actor: string }[]> {
  const r = await sql<{ seq: number; prev_hash: string; hash: string; actor: string }>`
    SELECT seq, prev_hash, hash, actor FROM audit_entry ORDER BY seq`.execute(db);
  return r.rows.map((x) => ({ ...x, seq: Number(x.seq) }));
}

/** Runs `popreg audit …` in this process; returns what it printed and the exit code it set. */
export async function popregAudit(args: string[]): Promise<{ code: number; stdout: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  const program = new Command('popreg').exitOverride();
  registerAuditCommands(program);
  try {
    await program.parseAsync(['node', 'popreg', 'audit', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: lines.join('\n') };
  } finally {
    log.mockRestore();
    process.exitCode = 0;
  }
}

// Shared by the audit tests: contexts with given roles, a clean trail, and raw SQL for tampering.
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { AuditInput } from '../../src/modules/audit/audit.service.ts';

export function ctxOf(actor: string, roles: Role[] = ['national_admin'], purpose?: string): RequestContext {
  return {
    actor: { id: actor, kind: 'user', roles, jurisdiction: null },
    client: '127.0.0.1',
    ...(purpose ? { purpose } : {}),
  };
}

/** Empties the trail and rewinds the head, as a fresh database would have it. */
export async function resetTrail(db: Db): Promise<void> {
  await sql`DELETE FROM audit_entry`.execute(db);
  await sql`UPDATE audit_head SET seq = 0, hash = ${'0'.repeat(64)} WHERE id = 1`.execute(db);
}

export function readOf(personId: number, pin: string): AuditInput {
  return { action: 'person.read', outcome: 'ok', personId, pin, fields: ['fullName', 'dateOfBirth'] };
}

export async function rows(db: Db): Promise<{ seq: number; prev_hash: string; hash: string; actor: string }[]> {
  const r = await sql<{ seq: number; prev_hash: string; hash: string; actor: string }>`
    SELECT seq, prev_hash, hash, actor FROM audit_entry ORDER BY seq`.execute(db);
  return r.rows.map((x) => ({ ...x, seq: Number(x.seq) }));
}

// What services tell the audit trail. The audit module implements the sink; services only depend on this.
import type { RequestContext } from './context.ts';
import { DomainError } from './errors.ts';
import { can, type Permission } from './roles.ts';

export interface AuditInput {
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  personId?: number | null;
  pin?: string | null;
  /** Fields read or changed. */
  fields?: readonly string[] | null;
  details?: Record<string, unknown> | null;
}

export interface AuditSink {
  /** Appends one entry on its own. */
  record(ctx: RequestContext, entry: AuditInput): Promise<void>;
  /** Appends one entry inside an open transaction, so that it commits with the change it describes. */
  recordIn(trx: unknown, ctx: RequestContext, entry: AuditInput): Promise<void>;
}

/**
 * The one "deny with audit": records the refusal (outcome `denied`) and throws `error`, so that no refusal is
 * thrown unaudited and every module's entries read alike. What is checked (a permission, a person's jurisdiction
 * by the registry's policy, a ballot's or a unit's scope) stays with the caller, which knows it.
 */
export async function refuse(
  sink: AuditSink,
  ctx: RequestContext,
  entry: Omit<AuditInput, 'outcome'>,
  error: Error,
): Promise<never> {
  await sink.record(ctx, { ...entry, outcome: 'denied' });
  throw error;
}

/**
 * Checks that the actor's role holds `permission`. A refusal is audited (reason "no <permission> permission",
 * with `details` after it) and thrown as AUTH.FORBIDDEN with `message`, by default "your role does not allow
 * <action>".
 */
export async function requirePermission(
  sink: AuditSink,
  ctx: RequestContext,
  permission: Permission,
  action: string,
  opts: { message?: string; pin?: string; details?: Record<string, unknown> } = {},
): Promise<void> {
  if (can(ctx.actor.roles, permission)) return;
  const entry = { action, pin: opts.pin ?? null, details: { reason: `no ${permission} permission`, ...opts.details } };
  const message = opts.message ?? `your role does not allow ${action}`;
  await refuse(sink, ctx, entry, new DomainError('AUTH.FORBIDDEN', message, { permission }));
}

/** For code paths that run without a trail (benchmarks measuring the unaudited baseline). */
export const NO_AUDIT: AuditSink = {
  async record() {},
  async recordIn() {},
};

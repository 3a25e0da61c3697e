// What services tell the audit trail. The audit module implements the sink; services only depend on this.
import type { RequestContext } from './context.ts';

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

/** For code paths that run without a trail (benchmarks measuring the unaudited baseline). */
export const NO_AUDIT: AuditSink = {
  async record() {},
  async recordIn() {},
};

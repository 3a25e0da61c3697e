// Checks and normalises an audit search: ISO bounds to the stored timestamp format, the opaque cursor to a seq.
import { Violations } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { EntryFilter } from './audit.repository.ts';

export interface AuditQuery {
  pin?: string;
  personId?: number;
  actor?: string;
  action?: string;
  outcome?: string;
  /** From this moment (inclusive): an ISO date (its start) or date-time; no zone means UTC. */
  from?: string;
  /** Up to this moment (inclusive): an ISO date (its whole day) or date-time; no zone means UTC. */
  to?: string;
  /** nextCursor of the previous page. */
  cursor?: string;
  /** 1–500, default 50. */
  limit?: number;
}

export const OUTCOMES = ['ok', 'denied', 'failed'] as const;
export const MAX_LIMIT = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The instant as stored (toISOString), or undefined when it is not an ISO date or date-time. */
function instant(s: string): Date | undefined {
  if (!DATE.test(s) && !DATE_TIME.test(s)) return undefined;
  const zoned = DATE.test(s) || /(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`;
  const d = new Date(zoned);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The cursor of a page of the trail that ends at entry `seq`. */
export function seqCursor(seq: number): string {
  return encodeCursor({ s: seq });
}

function decodeSeqCursor(c: string): number | undefined {
  const s = decodeCursor(c, { s: 'number' })?.s;
  return s !== undefined && Number.isSafeInteger(s) && s >= 0 ? s : undefined;
}

export function parseQuery(q: AuditQuery): Omit<EntryFilter, 'limit'> & { limit: number } {
  const v = new Violations();
  const f: Omit<EntryFilter, 'limit'> & { limit: number } = { limit: q.limit ?? 50 };
  if (!Number.isInteger(f.limit) || f.limit < 1 || f.limit > MAX_LIMIT) {
    v.add('limit', 'range', `must be a whole number from 1 to ${MAX_LIMIT}`, q.limit);
  }
  if (q.pin !== undefined) {
    if (/^\d{12}$/.test(q.pin)) f.pin = q.pin;
    else v.add('pin', 'pin.format', 'must be 12 digits', q.pin);
  }
  if (q.personId !== undefined) f.personId = q.personId;
  if (q.actor !== undefined) f.actor = q.actor;
  if (q.action !== undefined) f.action = q.action;
  if (q.outcome !== undefined) {
    if ((OUTCOMES as readonly string[]).includes(q.outcome)) f.outcome = q.outcome;
    else v.add('outcome', 'enum', `must be one of ${OUTCOMES.join(', ')}`, q.outcome);
  }
  if (q.from !== undefined) {
    const d = instant(q.from);
    if (d) f.from = d.toISOString();
    else v.add('from', 'datetime.format', 'must be an ISO 8601 date or date-time', q.from);
  }
  if (q.to !== undefined) {
    const d = instant(q.to);
    // A date means its whole day; a date-time includes its own millisecond.
    if (d) f.toExclusive = new Date(d.getTime() + (DATE.test(q.to) ? 86_400_000 : 1)).toISOString();
    else v.add('to', 'datetime.format', 'must be an ISO 8601 date or date-time', q.to);
  }
  if (q.cursor !== undefined) {
    const seq = decodeSeqCursor(q.cursor);
    if (seq !== undefined) f.before = seq;
    else v.add('cursor', 'cursor.invalid', 'not a cursor returned by this search', q.cursor);
  }
  v.throwIfAny();
  return f;
}

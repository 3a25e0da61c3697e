// Audit filters live in the address bar (bookmarkable, Back works). Days are the auditor's local days, sent
// as the instants where they start and end.
import dayjs from 'dayjs';
import type { Query } from '../../api/client.ts';

export interface AuditFilters {
  pin?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const KEYS = ['pin', 'actor', 'action', 'outcome', 'from', 'to'] as const;

export function filtersFromParams(p: URLSearchParams): AuditFilters {
  const out: AuditFilters = {};
  for (const k of KEYS) {
    const v = p.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function paramsFromFilters(f: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function apiAuditQuery(f: AuditFilters): Query {
  return {
    pin: f.pin,
    actor: f.actor,
    action: f.action,
    outcome: f.outcome,
    from: f.from ? dayjs(f.from).startOf('day').toISOString() : undefined,
    to: f.to ? dayjs(f.to).endOf('day').toISOString() : undefined,
  };
}

// Shapes of registry answers built from stored rows: PIN history items, history entries with field-level
// differences, and the change records an update or correction plans.
import { firstDay } from '../../domain/dates.ts';
import {
  foldState,
  PERSON_FIELDS,
  type PersonChange,
  type PersonField,
  type PersonState,
  sourceOfField,
} from './person.model.ts';
import type { ChangeSpec } from './person.writer.ts';
import type { UpdateBody } from './registry.schemas.ts';
import type { HistoryEntry, PinHistoryItem } from './registry.types.ts';

export function toPinItem(r: {
  pin: string;
  status: string;
  issued_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
  replaced_by: string | null;
}): PinHistoryItem {
  return {
    pin: r.pin,
    status: r.status,
    issuedAt: r.issued_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    replacedBy: r.replaced_by,
  };
}

/** A correction without validFrom goes back to where each corrected value started holding. */
export function planSpecs(
  existing: PersonChange[],
  changes: Partial<PersonState>,
  body: UpdateBody,
  today: string,
  current: PersonState,
): ChangeSpec[] {
  const base = { reason: body.reason, sourceDoc: body.sourceDocument ?? null };
  const event = body.correction ? 'correction' : 'update';
  if (!body.correction || body.validFrom) {
    return [{ ...base, event, validFrom: body.validFrom ?? today, changes }];
  }
  const byDate = new Map<string, Partial<PersonState>>();
  for (const [field, value] of Object.entries(changes) as [PersonField, unknown][]) {
    const from = sourceOfField(existing, field, today)?.validFrom ?? firstDay(current.dateOfBirth);
    const group = byDate.get(from) ?? {};
    (group as Record<string, unknown>)[field] = value;
    byDate.set(from, group);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([validFrom, c]) => ({ ...base, event, validFrom, changes: c }));
}

export function historyEntry(all: PersonChange[], c: PersonChange): HistoryEntry {
  // "from" is what the registry held for that field at that valid date just before this change was recorded.
  const before = foldState(
    all.filter((x) => x.seq < c.seq),
    c.validFrom,
  );
  const fields = PERSON_FIELDS.filter((f) => f in c.changes);
  return {
    seq: c.seq,
    validFrom: c.validFrom,
    recordedAt: c.recordedAt,
    recordedBy: c.recordedBy,
    event: c.event,
    reason: c.reason,
    sourceDocument: c.sourceDoc,
    changes: fields.map((f) => ({ field: f, from: before ? before[f] : null, to: c.changes[f] })),
  };
}

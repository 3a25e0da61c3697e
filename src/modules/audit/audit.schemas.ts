// Request and response shapes of the audit API (validation, serialisation and OpenAPI from one schema each).
import { type Static, Type } from 'typebox';
import { BREAK_REASONS } from './audit.verify.ts';

const Outcome = Type.Enum(['ok', 'denied', 'failed'], { description: 'ok, denied (not allowed) or failed' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const AuditSearchQuery = Type.Object(
  {
    pin: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'entries recorded under this PIN' })),
    actor: Type.Optional(Type.String({ maxLength: 100, description: 'user id, e.g. an officer name, "cli"' })),
    action: Type.Optional(
      Type.String({ maxLength: 100, description: 'e.g. person.read, person.update, auth.login, auth.denied' }),
    ),
    outcome: Type.Optional(Outcome),
    from: Type.Optional(Type.String({ description: 'from this moment: ISO date or date-time (UTC unless zoned)' })),
    to: Type.Optional(Type.String({ description: 'up to this moment, inclusive (a date means its whole day)' })),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditSearchQuery = Static<typeof AuditSearchQuery>;

export const AuditEntry = Type.Object({
  seq: Type.Integer({ description: 'position in the chain: 1, 2, 3…' }),
  at: Type.String({ description: 'ISO 8601 UTC' }),
  actor: Type.String(),
  actorKind: Type.String({ description: 'user or system' }),
  roles: Type.Array(Type.String()),
  action: Type.String(),
  outcome: Outcome,
  personId: Type.Union([Type.Integer(), Type.Null()]),
  pin: NullableString,
  fields: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'fields read or changed' }),
  purpose: NullableString,
  client: NullableString,
  details: Type.Unknown({ description: 'action-specific JSON, or null' }),
  hash: Type.String({
    description:
      'HMAC-SHA256 with the audit key (SHA-256 before the switch-over) of the previous hash and this entry (hex)',
  }),
});

export const AuditSearchResult = Type.Object({
  items: Type.Array(AuditEntry, { description: 'newest first' }),
  nextCursor: NullableString,
});

export const VerifyReport = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer({ description: 'entries checked' }),
  firstBad: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      reason: Type.Enum([...BREAK_REASONS]),
    }),
  ),
  unkeyed: Type.Optional(Type.Integer({ description: 'entries chained before the audit key existed (plain SHA-256)' })),
  checkpoint: Type.Optional(Type.Object({ seq: Type.Integer(), at: Type.String() })),
});

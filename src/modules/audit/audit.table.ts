// Kysely table interfaces of the audit trail: the append-only, hash-chained entries and the one-row head that
// serialises appenders and lets `verify` notice a deleted tail.

/** One audited action. Never updated or deleted; `hash` chains it to the entry before. */
export interface AuditEntryTable {
  /** 1, 2, 3… assigned by the appender under the head lock (not auto-increment: gaps would be undetectable). */
  seq: number;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  /** The actor's id (user name, "cli", "system"). */
  actor: string;
  actor_kind: string;
  /** The actor's roles at the time, comma-separated. */
  roles: string;
  /** What was done, e.g. person.read, person.update, auth.login. */
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  person_id: number | null;
  pin: string | null;
  /** Fields read or changed, comma-separated. */
  fields: string | null;
  purpose: string | null;
  client: string | null;
  /** JSON object; hashed as stored (text), never re-serialised. */
  details: string | null;
  /** The hash of entry seq − 1; 64 zeros for entry 1. */
  prev_hash: string;
  /**
   * HMAC-SHA256 with the audit key (SHA-256 for entries before the switch-over, see AuditKeyingTable), in hex, of
   * prev_hash followed by the canonical serialisation of the other columns.
   */
  hash: string;
}

/** Exactly one row (id 1): the last appended seq and hash. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/**
 * At most one row (id 1), written once by the first append made with an audit key: entries from `keyed_from` on
 * are HMAC-bound, those before it plain SHA-256 (chained before the key existed).
 */
export interface AuditKeyingTable {
  id: number;
  keyed_from: number;
  /** AuditKey.id of the key that binds the entries. */
  key_id: string;
  /** HMAC of the row with that key: moving the switch-over point is detected. */
  mac: string;
  created_at: string;
}

export interface AuditTables {
  audit_entry: AuditEntryTable;
  audit_head: AuditHeadTable;
  audit_keying: AuditKeyingTable;
}

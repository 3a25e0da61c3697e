// The switch-over from plain to keyed entries (table audit_keying): what it seals, and the errors raised when the
// key configured does not fit the trail. Pure: the repositories read and write the row.
import { DomainError } from '../../domain/errors.ts';
import type { AuditKey } from './audit.key.ts';
import type { AuditKeyingTable } from './audit.table.ts';

export interface Keying {
  /** The first keyed entry; entries before it are plain SHA-256. */
  keyedFrom: number;
  keyId: string;
  mac: string;
}

/** The seal of the switch-over row: HMAC with the key of its seq and key id. */
export function keyingMac(key: AuditKey, keyedFrom: number): string {
  return key.mac('popreg-audit-keying|', `${keyedFrom}|${key.id}`);
}

/** The row written by the first keyed append, placed after `headSeq`. */
export function newKeyingRow(key: AuditKey, headSeq: number, now: Date): AuditKeyingTable {
  const keyedFrom = headSeq + 1;
  return {
    id: 1,
    keyed_from: keyedFrom,
    key_id: key.id,
    mac: keyingMac(key, keyedFrom),
    created_at: now.toISOString(),
  };
}

export function keyingOf(row: Pick<AuditKeyingTable, 'keyed_from' | 'key_id' | 'mac'>): Keying {
  return { keyedFrom: Number(row.keyed_from), keyId: row.key_id, mac: row.mac };
}

/** Where an operator is told to look for the key. */
export const KEY_HINT =
  'set POPREG_AUDIT_KEY_FILE to the key file `popreg init` created (default: audit.key beside the SQLite file, ' +
  'else ./data/audit.key) or POPREG_AUDIT_KEY to its 64 hex digits';

export function keyMissing(k: Keying | undefined, lookedAt: string): DomainError {
  const what = k
    ? `the audit trail is keyed (entries from #${k.keyedFrom} on are bound with key ${k.keyId}), but no audit key`
    : 'no audit key';
  return new DomainError(
    'AUDIT.KEY_MISSING',
    `${what} was found at ${lookedAt}: run popreg init, or ${KEY_HINT}. Nothing is appended without it.`,
    { lookedAt, ...(k ? { keyId: k.keyId, keyedFrom: k.keyedFrom } : {}) },
  );
}

export function keyMismatch(k: Keying, key: AuditKey): DomainError {
  return new DomainError(
    'AUDIT.KEY_MISMATCH',
    `the audit key from ${key.source} (key ${key.id}) is not the key of this trail (key ${k.keyId}, from entry #${k.keyedFrom}): use the key file kept for this database`,
    { keyId: key.id, expectedKeyId: k.keyId },
  );
}

// The hash chain, as pure functions: how an entry is serialised and hashed, and how pending entries are chained
// onto a head. Appending and verifying both use these, so they cannot disagree. Entries are bound with the audit
// key (HMAC-SHA256, keyedHasher); plain SHA-256 (entryHash) remains for entries chained before the key existed.
import { createHash } from 'node:crypto';
import type { AuditKey } from './audit.key.ts';
import type { AuditEntryTable } from './audit.table.ts';

/** prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditRow = AuditEntryTable;

/** An entry before it has a place in the chain. */
export type PendingEntry = Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>;

/** The end of the chain: the last seq and its hash (0 and GENESIS_HASH when empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Every column but the hashes, in a fixed order, as a JSON array: strings are quoted and escaped, nulls are
 * explicit and numbers are not strings, so two different entries never serialise alike.
 */
export function canonicalEntry(r: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actor,
    r.actor_kind,
    r.roles,
    r.action,
    r.outcome,
    r.person_id,
    r.pin,
    r.fields,
    r.purpose,
    r.client,
    r.details,
  ]);
}

/** Computes an entry's hash from the previous hash and the entry's columns. */
export type Hasher = (prevHash: string, r: Omit<AuditRow, 'prev_hash' | 'hash'>) => string;

/** SHA-256 (hex) of the previous hash (always 64 hex characters) followed by the canonical entry (no key). */
export const entryHash: Hasher = (prevHash, r) =>
  createHash('sha256').update(prevHash).update(canonicalEntry(r)).digest('hex');

/** HMAC-SHA256 (hex) with the audit key of the same input: cannot be recomputed without the key. */
export function keyedHasher(key: AuditKey): Hasher {
  return (prevHash, r) => key.mac(prevHash, canonicalEntry(r));
}

/** Places pending entries after `head`: consecutive seqs, each hash chained to the one before. */
export function chainEntries(head: ChainHead, pending: readonly PendingEntry[], hash: Hasher = entryHash): AuditRow[] {
  let seq = head.seq;
  let prev = head.hash;
  const rows: AuditRow[] = new Array(pending.length);
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i]!;
    seq += 1;
    const row: AuditRow = {
      seq,
      at: p.at,
      actor: p.actor,
      actor_kind: p.actor_kind,
      roles: p.roles,
      action: p.action,
      outcome: p.outcome,
      person_id: p.person_id,
      pin: p.pin,
      fields: p.fields,
      purpose: p.purpose,
      client: p.client,
      details: p.details,
      prev_hash: prev,
      hash: '',
    };
    row.hash = hash(prev, row);
    prev = row.hash;
    rows[i] = row;
  }
  return rows;
}

/** The head after appending `rows` (which must be non-empty). */
export function headOf(rows: readonly AuditRow[]): ChainHead {
  const last = rows[rows.length - 1]!;
  return { seq: last.seq, hash: last.hash };
}

// Walks the chain in seq order, a page at a time (memory stays flat), and names the first entry that breaks it.
// Entries from the switch-over on are checked with the audit key (HMAC), those before it with plain SHA-256; a
// checkpoint (a signed head kept outside the database) must still be reached with the same hash.
import type { DbOrTrx } from '../../db/database.ts';
import type { Binding } from './audit.append.repository.ts';
import { type AuditRow, type ChainHead, entryHash, GENESIS_HASH, type Hasher, keyedHasher } from './audit.chain.ts';
import type { Checkpoint } from './audit.checkpoint.ts';
import { keyingMac, keyingOf, keyMismatch, keyMissing } from './audit.keying.ts';
import { entriesPage, headAndLastSeq, readHead, readKeying } from './audit.repository.ts';

export type BreakReason =
  | 'hash mismatch'
  | 'broken link'
  | 'missing entry'
  | 'out of order'
  /** The switch-over row (where keyed entries start) was moved or removed. */
  | 'switch-over altered'
  /** The entry at the checkpoint's seq does not have the checkpoint's hash. */
  | 'checkpoint mismatch'
  /** The chain ends before the checkpoint's seq: its tail was deleted (firstBad names the first missing entry). */
  | 'truncated';

export const BREAK_REASONS: readonly BreakReason[] = [
  'hash mismatch',
  'broken link',
  'missing entry',
  'out of order',
  'switch-over altered',
  'checkpoint mismatch',
  'truncated',
];

export interface VerifyResult {
  ok: boolean;
  /** Entries checked: the head's seq when the walk started (later appends are left for the next run). */
  entries: number;
  firstBad?: { seq: number; reason: BreakReason };
  /** Entries chained before the audit key existed (plain SHA-256), when there are any. */
  unkeyed?: number;
  /** The checkpoint the chain was checked against. */
  checkpoint?: { seq: number; at: string };
}

export interface VerifyOptions {
  /** Called after each page with the entries checked so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per query (default 5000). */
  pageSize?: number;
  /** A checkpoint whose signature was already checked (see readCheckpoint): the chain must still reach it. */
  checkpoint?: Checkpoint;
}

/** How far from its place a moved entry is still recognised as moved rather than altered. */
const DISPLACEMENT_WINDOW = 1000;

/** The verdict and the head it covered (a checkpoint signs that head). */
export async function walkChain(
  db: DbOrTrx,
  binding: Binding,
  opts: VerifyOptions = {},
): Promise<{ result: VerifyResult; head: ChainHead }> {
  const pageSize = opts.pageSize ?? 5000;
  const keyingRow = await readKeying(db);
  const key = binding.key;
  if (keyingRow && !key) throw keyMissing(keyingOf(keyingRow), binding.lookedAt);
  if (keyingRow && key && keyingRow.key_id !== key.id) throw keyMismatch(keyingOf(keyingRow), key);
  const keyedFrom = keyingRow ? keyingRow.keyed_from : Number.POSITIVE_INFINITY;
  const keyed: Hasher | undefined = key && keyedHasher(key);
  const hashAt = (seq: number): Hasher => (seq >= keyedFrom && keyed ? keyed : entryHash);

  const head = await readHead(db);
  // Without a head row the walk covers every entry; its end can then not be confirmed.
  const total = head?.seq ?? (await headAndLastSeq(db)).last ?? 0;
  const cp = opts.checkpoint;
  const extra: Pick<VerifyResult, 'unkeyed' | 'checkpoint'> = {};
  const unkeyed = Math.min(total, keyedFrom - 1);
  if (unkeyed > 0) extra.unkeyed = unkeyed;
  if (cp) extra.checkpoint = { seq: cp.seq, at: cp.at };
  let prevHash = GENESIS_HASH;
  const done = (r: Omit<VerifyResult, 'entries'>) => ({
    result: { ...r, entries: total, ...extra },
    head: { seq: total, hash: prevHash },
  });
  const bad = (seq: number, reason: BreakReason) => done({ ok: false, firstBad: { seq, reason } });

  if (keyingRow && key && keyingRow.mac !== keyingMac(key, keyingRow.keyed_from)) {
    return bad(keyingRow.keyed_from, 'switch-over altered');
  }

  /** True when the row is intact but sits at the wrong seq: its hash holds for a nearby seq. */
  const isDisplaced = (r: AuditRow): boolean => {
    for (let d = 1; d <= DISPLACEMENT_WINDOW; d++) {
      for (const seq of [r.seq + d, r.seq - d]) {
        if (hashAt(seq)(r.prev_hash, { ...r, seq }) === r.hash) return true;
      }
    }
    return false;
  };

  /** Classifies an entry at its expected place; undefined when it is sound. */
  const checkEntry = (r: AuditRow, prev: string): BreakReason | undefined => {
    const linkOk = r.prev_hash === prev;
    const hashOk = hashAt(r.seq)(r.prev_hash, r) === r.hash;
    if (linkOk && hashOk) return undefined;
    if (hashOk) return 'broken link';
    // A keyed entry taken for a plain one: the switch-over row was removed or moved past it.
    if (keyed && r.seq < keyedFrom && keyed(r.prev_hash, r) === r.hash) return 'switch-over altered';
    if (!linkOk && isDisplaced(r)) return 'out of order';
    return 'hash mismatch';
  };

  let expected = 1;
  let after: number | null = null;
  for (;;) {
    const page = await entriesPage(db, after, total, pageSize);
    for (const r of page) {
      if (r.seq < expected) return bad(r.seq, 'out of order');
      if (r.seq > expected) return bad(expected, 'missing entry');
      const reason = checkEntry(r, prevHash);
      if (reason) return bad(r.seq, reason);
      if (cp && r.seq === cp.seq && r.hash !== cp.hash) return bad(r.seq, 'checkpoint mismatch');
      prevHash = r.hash;
      expected += 1;
    }
    opts.onProgress?.(expected - 1, total);
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.seq;
  }

  if (expected - 1 < total) return bad(expected, 'missing entry');
  if (!head) return bad(total + 1, 'broken link');
  // The head names the last entry's hash: an entry rewritten with a fresh hash at the very end shows here.
  if (head.hash !== prevHash) return total > 0 ? bad(total, 'hash mismatch') : bad(1, 'broken link');
  // Entries the head does not account for were not appended through the chain.
  const end = await headAndLastSeq(db);
  if (end.head !== null && end.last !== null && end.last > end.head) return bad(end.head + 1, 'broken link');
  // A consistent chain that stops short of a head signed earlier lost its tail (and the head was rewound).
  if (cp && total < cp.seq) return bad(total + 1, 'truncated');
  return done({ ok: true });
}

export async function verifyChain(db: DbOrTrx, binding: Binding, opts: VerifyOptions = {}): Promise<VerifyResult> {
  return (await walkChain(db, binding, opts)).result;
}

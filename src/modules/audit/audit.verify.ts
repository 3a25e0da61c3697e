// Walks the chain in seq order, a page at a time (memory stays flat), and names the first entry that breaks it.
import type { DbOrTrx } from '../../db/database.ts';
import { type AuditRow, entryHash, GENESIS_HASH } from './audit.chain.ts';
import { entriesPage, headAndLastSeq, readHead } from './audit.repository.ts';

export type BreakReason = 'hash mismatch' | 'broken link' | 'missing entry' | 'out of order';

export interface VerifyResult {
  ok: boolean;
  /** Entries checked: the head's seq when the walk started (later appends are left for the next run). */
  entries: number;
  firstBad?: { seq: number; reason: BreakReason };
}

export interface VerifyOptions {
  /** Called after each page with the entries checked so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per query (default 5000). */
  pageSize?: number;
}

/** How far from its place a moved entry is still recognised as moved rather than altered. */
const DISPLACEMENT_WINDOW = 1000;

/** True when the row is intact but sits at the wrong seq: its hash holds for a nearby seq. */
function isDisplaced(r: AuditRow): boolean {
  for (let d = 1; d <= DISPLACEMENT_WINDOW; d++) {
    for (const seq of [r.seq + d, r.seq - d]) {
      if (entryHash(r.prev_hash, { ...r, seq }) === r.hash) return true;
    }
  }
  return false;
}

/** Classifies an entry at its expected place; undefined when it is sound. */
function checkEntry(r: AuditRow, prevHash: string): BreakReason | undefined {
  const linkOk = r.prev_hash === prevHash;
  const hashOk = entryHash(r.prev_hash, r) === r.hash;
  if (linkOk && hashOk) return undefined;
  if (hashOk) return 'broken link';
  if (!linkOk && isDisplaced(r)) return 'out of order';
  return 'hash mismatch';
}

export async function verifyChain(db: DbOrTrx, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 5000;
  const head = await readHead(db);
  // Without a head row the walk covers every entry; its end can then not be confirmed.
  const total = head?.seq ?? (await headAndLastSeq(db)).last ?? 0;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let after: number | null = null;
  const bad = (seq: number, reason: BreakReason): VerifyResult => ({
    ok: false,
    entries: total,
    firstBad: { seq, reason },
  });

  for (;;) {
    const page = await entriesPage(db, after, total, pageSize);
    for (const r of page) {
      if (r.seq < expected) return bad(r.seq, 'out of order');
      if (r.seq > expected) return bad(expected, 'missing entry');
      const reason = checkEntry(r, prevHash);
      if (reason) return bad(r.seq, reason);
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
  return { ok: true, entries: total };
}

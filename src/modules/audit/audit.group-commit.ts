// Group commit: entries recorded by concurrent requests are appended in one transaction. A commit costs far more
// than an insert (WAL frames, checkpoints; a round trip on PostgreSQL), so under load this keeps the audit trail
// from becoming the bottleneck. Every caller still waits until its own entries are committed: a read is never
// returned before its audit entry is durable (fail-closed), and nothing is left pending at shutdown.
//  - PostgreSQL: the first entry is sent at once; entries arriving during that round trip form the next batch.
//  - SQLite: an append never yields, so the flush waits for the end of the current event-loop turn
//    (setImmediate) to collect the entries of every request handled in that turn.
import type { Appender } from './audit.append.repository.ts';
import type { AuditRow, PendingEntry } from './audit.chain.ts';

interface Waiter {
  pending: readonly PendingEntry[];
  resolve(rows: AuditRow[]): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queue: Waiter[] = [];
  private scheduled = false;
  private draining = false;

  /** `maxBatch`: entries per transaction (a single caller's entries are never split). */
  constructor(
    private readonly appender: Appender,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves with the appended rows once they are committed. */
  append(pending: readonly PendingEntry[]): Promise<AuditRow[]> {
    if (pending.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ pending, resolve, reject });
      if (this.scheduled || this.draining) return; // the running drain picks it up
      if (!this.appender.synchronous) {
        void this.drain();
        return;
      }
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const rows = await this.appender.append(batch.flatMap((w) => w.pending));
          let at = 0;
          for (const w of batch) {
            w.resolve(rows.slice(at, at + w.pending.length));
            at += w.pending.length;
          }
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): Waiter[] {
    let n = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || n + this.queue[count]!.pending.length <= this.maxBatch)) {
      n += this.queue[count]!.pending.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}

// Group commit: entries recorded close together are appended in one transaction. A commit costs far more than an
// insert (WAL frames and checkpoints on SQLite, a round trip on PostgreSQL), so sharing it keeps the audit trail
// from becoming the bottleneck.
//  - PostgreSQL: the first entry is sent at once; entries arriving during that round trip form the next batch.
//  - SQLite: an append never yields, so the flush waits for the end of the current event-loop turn
//    (setImmediate) to collect the entries of every request handled in that turn, or runs at once when a full
//    batch is queued.
// Two durabilities:
//  - 'commit' (default): each caller waits until its own entries are committed, so a read is never answered
//    before its entry is durable (fail-closed) and nothing is pending at shutdown;
//  - 'deferred': callers go on as soon as their entries are queued; the queue is committed within the event-loop
//    turn. Much cheaper for a client reading one record at a time, but entries queued when the process dies are
//    lost, `flush()` must run before the database is closed, and a failed background commit is reported by the
//    next record (or flush) rather than by the one that queued it.
import type { Appender } from './audit.append.repository.ts';
import type { PendingEntry } from './audit.chain.ts';

export type Durability = 'commit' | 'deferred';

interface Waiter {
  pending: readonly PendingEntry[];
  resolve(): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queue: Waiter[] = [];
  private queued = 0;
  private scheduled = false;
  private draining = false;
  private idle: (() => void)[] = [];
  /** Deferred mode: the error of a background commit, until someone is told. */
  private failure: unknown;

  constructor(
    private readonly appender: Appender,
    private readonly durability: Durability = 'commit',
    /** Entries per transaction (a single caller's entries are never split). */
    private readonly maxBatch = 1000,
  ) {}

  append(pending: readonly PendingEntry[]): Promise<void> {
    if (pending.length === 0) return Promise.resolve();
    if (this.durability === 'deferred') {
      const failed = this.takeFailure();
      if (failed) return Promise.reject(failed);
      this.enqueue({ pending, resolve: () => undefined, reject: (err) => this.fail(err) });
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.enqueue({ pending, resolve, reject }));
  }

  /** Resolves once everything queued so far is committed; rejects with a background failure, if any. */
  async flush(): Promise<void> {
    if (this.queue.length > 0 || this.draining) {
      await new Promise<void>((resolve) => {
        this.idle.push(resolve);
        void this.drain();
      });
    }
    const failed = this.takeFailure();
    if (failed) throw failed;
  }

  private enqueue(w: Waiter): void {
    this.queue.push(w);
    this.queued += w.pending.length;
    if (this.draining || this.scheduled) return; // the running or scheduled drain picks it up
    if (!this.appender.synchronous || this.queued >= this.maxBatch) {
      void this.drain();
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.appender.append(batch.flatMap((w) => w.pending));
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.draining = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private takeBatch(): Waiter[] {
    let n = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || n + this.queue[count]!.pending.length <= this.maxBatch)) {
      n += this.queue[count]!.pending.length;
      count += 1;
    }
    this.queued -= n;
    return this.queue.splice(0, count);
  }

  private fail(err: unknown): void {
    this.failure ??= new Error(`audit entries could not be written: ${err instanceof Error ? err.message : err}`, {
      cause: err,
    });
  }

  private takeFailure(): unknown {
    const f = this.failure;
    this.failure = undefined;
    return f;
  }
}

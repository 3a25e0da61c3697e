// The audit trail's use cases: append entries (alone, in batches, or inside the caller's transaction), verify
// the chain (whole, or against a signed checkpoint), take checkpoints, search it (auditors, within their
// jurisdiction), and give a citizen the log of accesses to their own record.

import type { Db, Trx } from '../../db/database.ts';
import type { AuditInput, AuditSink } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { searchScope } from '../registry/registry.access.ts';
import { type Appender, type Binding, openAppender } from './audit.append.repository.ts';
import type { AuditRow, PendingEntry } from './audit.chain.ts';
import { type Checkpoint, readCheckpoint, signCheckpoint } from './audit.checkpoint.ts';
import { type Durability, GroupCommit } from './audit.group-commit.ts';
import type { AuditKey } from './audit.key.ts';
import { keyingOf, keyMismatch, keyMissing } from './audit.keying.ts';
import { type AuditQuery, parseQuery, seqCursor } from './audit.query.ts';
import { entriesAboutPerson, readKeying, searchEntries } from './audit.repository.ts';
import { type VerifyOptions, type VerifyResult, verifyChain, walkChain } from './audit.verify.ts';

export type { AuditInput } from '../../domain/audit.ts';
export type { Checkpoint } from './audit.checkpoint.ts';
export type { AuditQuery } from './audit.query.ts';
export type { BreakReason, VerifyOptions, VerifyResult } from './audit.verify.ts';

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  actorKind: string;
  roles: string[];
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  personId: number | null;
  pin: string | null;
  fields: string[] | null;
  purpose: string | null;
  client: string | null;
  details: unknown;
  hash: string;
}

/** What a citizen sees of an access to their record: who (and in which roles), what, why, when, and the outcome. */
export interface AccessLogItem {
  at: string;
  actor: string;
  roles: string[];
  action: string;
  purpose: string | null;
  outcome: 'ok' | 'denied' | 'failed';
}

export interface AuditServiceOptions {
  /** The clock stamping entries (tests pin it). */
  now?: () => Date;
  /**
   * 'commit' (default): record() resolves once the entry is committed (fail-closed). 'deferred': it resolves once
   * queued, and the queue is committed within the event-loop turn; call flush() before closing the database.
   * See audit.group-commit.ts.
   */
  durability?: Durability;
  /**
   * The key binding every entry (see audit.key.ts). Without one, entries are chained with plain SHA-256 only as
   * long as the trail has never been keyed; once it has, appending and verifying refuse (AUDIT.KEY_MISSING), and
   * `popreg serve` refuses to start without a key at all (assertKeyed).
   */
  key?: AuditKey | undefined;
  /** Where the key was looked for, named in AUDIT.KEY_MISSING. */
  keyLookedAt?: string;
}

// Lone surrogates and NUL cannot be stored as text by both engines unchanged; replacing them before hashing
// keeps the hashed text identical to the stored text.
const SURROGATE = /[\uD800-\uDFFF]/;
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable(s: string): string;
function storable(s: string | null | undefined): string | null;
function storable(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  if (!SURROGATE.test(s) && !s.includes(NUL)) return s;
  return s.replace(LONE_SURROGATE, '\uFFFD').replaceAll(NUL, '\uFFFD');
}

function splitList(s: string | null): string[] | null {
  return s === null ? null : s === '' ? [] : s.split(',');
}

function view(r: AuditRow): AuditEntryView {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    actorKind: r.actor_kind,
    roles: splitList(r.roles) ?? [],
    action: r.action,
    outcome: r.outcome,
    personId: r.person_id,
    pin: r.pin,
    fields: splitList(r.fields),
    purpose: r.purpose,
    client: r.client,
    details: r.details === null ? null : JSON.parse(r.details),
    hash: r.hash,
  };
}

export class AuditService implements AuditSink {
  private readonly appender: Appender;
  private readonly group: GroupCommit;
  private readonly now: () => Date;
  private readonly binding: Binding;

  constructor(
    private readonly db: Db,
    options: AuditServiceOptions = {},
  ) {
    this.binding = { key: options.key, lookedAt: options.keyLookedAt ?? 'POPREG_AUDIT_KEY / POPREG_AUDIT_KEY_FILE' };
    this.appender = openAppender(db, this.binding);
    this.group = new GroupCommit(this.appender, options.durability ?? 'commit');
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Appends one entry; entries recorded concurrently share a commit. Resolves once the entry is committed (or,
   * with durability 'deferred', queued). With `trx`, the entry is written inside that transaction and commits or
   * rolls back with it. Inside a transaction always pass it: on SQLite a record without it would wait for the
   * transaction to end (one connection).
   */
  async record(ctx: RequestContext, entry: AuditInput, trx?: Trx): Promise<void> {
    await this.append([this.pending(ctx, entry)], trx);
  }

  /** Appends one entry inside an open transaction, so that a registry write and its entry commit together. */
  async recordIn(trx: Trx, ctx: RequestContext, entry: AuditInput): Promise<void> {
    await this.record(ctx, entry, trx);
  }

  /** Appends several entries as consecutive seqs, all or none. */
  async recordMany(ctx: RequestContext, entries: readonly AuditInput[], trx?: Trx): Promise<void> {
    await this.append(
      entries.map((e) => this.pending(ctx, e)),
      trx,
    );
  }

  /** Waits until every entry recorded so far is committed (needed before closing the database when deferred). */
  async flush(): Promise<void> {
    await this.group.flush();
  }

  /** Checks the whole chain (operators and jobs; over HTTP use verifyAs). */
  async verify(opts: VerifyOptions = {}): Promise<VerifyResult> {
    await this.flush();
    return verifyChain(this.db, this.binding, opts);
  }

  /** The key id, or undefined without a key. */
  get keyId(): string | undefined {
    return this.binding.key?.id;
  }

  /**
   * Throws unless entries can be appended and verified with the configured key: a server must not start without
   * one (AUDIT.KEY_MISSING), nor with another trail's key (AUDIT.KEY_MISMATCH).
   */
  async assertKeyed(): Promise<AuditKey> {
    const row = await readKeying(this.db);
    const key = this.binding.key;
    if (!key) throw keyMissing(row && keyingOf(row), this.binding.lookedAt);
    if (row && row.key_id !== key.id) throw keyMismatch(keyingOf(row), key);
    return key;
  }

  /**
   * Signs the head after checking the whole chain (a checkpoint of a broken chain would vouch for the tampering:
   * AUDIT.CHAIN_BROKEN). The checkpoint is then recorded in the trail itself, after the head it names.
   */
  async checkpoint(ctx: RequestContext, opts: Omit<VerifyOptions, 'checkpoint'> = {}): Promise<Checkpoint> {
    const key = await this.assertKeyed();
    await this.flush();
    const { result, head } = await walkChain(this.db, this.binding, opts);
    if (!result.ok) {
      const bad = result.firstBad!;
      throw new DomainError(
        'AUDIT.CHAIN_BROKEN',
        `no checkpoint taken: the audit trail is broken at entry #${bad.seq} (${bad.reason})`,
        { ...bad },
      );
    }
    const cp = signCheckpoint(key, head, this.now());
    await this.record(ctx, {
      action: 'audit.checkpoint',
      outcome: 'ok',
      details: { seq: cp.seq, hash: cp.hash, keyId: cp.keyId },
    });
    return cp;
  }

  /** Checks the chain and that it still reaches the checkpoint in `text` (read from `source`, for messages). */
  async verifyCheckpoint(text: string, source: string, opts: Omit<VerifyOptions, 'checkpoint'> = {}) {
    const key = await this.assertKeyed();
    return this.verify({ ...opts, checkpoint: readCheckpoint(text, key, source) });
  }

  /** Checks the whole chain on behalf of an actor, who needs audit.read. */
  async verifyAs(ctx: RequestContext, opts: VerifyOptions = {}): Promise<VerifyResult> {
    await this.requireAuditRead(ctx, 'audit.verify');
    return this.verify(opts);
  }

  /** Entries matching the filters, newest first, a page at a time. Needs audit.read; the search is audited. */
  async search(ctx: RequestContext, q: AuditQuery): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const filter = parseQuery(q);
    await this.requireAuditRead(ctx, 'audit.search');
    await this.flush();
    // An auditor sees the entries of their jurisdiction only (finding 5 of issue 10); see scopeCondition.
    const rows = await searchEntries(this.db, { ...filter, limit: filter.limit + 1, scope: searchScope(ctx.actor) });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > filter.limit && last ? seqCursor(last.seq) : null;
    await this.record(ctx, { action: 'audit.search', outcome: 'ok', details: { ...q, results: page.length } });
    return { items: page.map(view), nextCursor };
  }

  /**
   * The citizen's right of access: every entry about this person, newest first, with only who, when, what, why
   * and the outcome, so nothing about other persons (their ids, PINs, or details) can show.
   */
  async accessLog(personId: number): Promise<AccessLogItem[]> {
    await this.flush();
    const rows = await entriesAboutPerson(this.db, personId);
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      roles: splitList(r.roles) ?? [],
      action: r.action,
      purpose: r.purpose,
      outcome: r.outcome,
    }));
  }

  private async requireAuditRead(ctx: RequestContext, action: string): Promise<void> {
    if (can(ctx.actor.roles, 'audit.read')) return;
    await this.record(ctx, { action, outcome: 'denied', details: { reason: 'no audit.read permission' } });
    throw new DomainError('AUTH.FORBIDDEN', 'your role does not allow reading the audit trail', {
      permission: 'audit.read',
    });
  }

  private async append(pending: PendingEntry[], trx: Trx | undefined): Promise<void> {
    if (trx) await this.appender.append(pending, trx);
    else await this.group.append(pending);
  }

  private pending(ctx: RequestContext, e: AuditInput): PendingEntry {
    // Checked here, on the caller's stack: a bad value inside a shared commit would fail the other callers' entries.
    if (e.personId != null && !Number.isSafeInteger(e.personId)) {
      throw new TypeError(`audit entry ${e.action}: personId must be an integer, got ${e.personId}`);
    }
    return {
      at: this.now().toISOString(),
      actor: storable(ctx.actor.id),
      actor_kind: ctx.actor.kind,
      roles: ctx.actor.roles.join(','),
      action: storable(e.action),
      outcome: e.outcome,
      person_id: e.personId ?? null,
      pin: storable(e.pin),
      fields: e.fields ? storable(e.fields.join(',')) : null,
      purpose: storable(ctx.purpose),
      client: storable(ctx.client),
      details: e.details ? JSON.stringify(e.details) : null,
    };
  }
}

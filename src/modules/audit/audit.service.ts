// The audit trail's use cases: append entries (alone, in batches, or inside the caller's transaction), verify
// the chain, search it (auditors), and give a citizen the log of accesses to their own record.

import type { Db, Trx } from '../../db/database.ts';
import type { AuditInput, AuditSink } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { type Appender, openAppender } from './audit.append.repository.ts';
import type { AuditRow, PendingEntry } from './audit.chain.ts';
import { type Durability, GroupCommit } from './audit.group-commit.ts';
import { type AuditQuery, encodeCursor, parseQuery } from './audit.query.ts';
import { entriesAboutPerson, searchEntries } from './audit.repository.ts';
import { type VerifyOptions, type VerifyResult, verifyChain } from './audit.verify.ts';

export type { AuditInput } from '../../domain/audit.ts';
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

  constructor(
    private readonly db: Db,
    options: AuditServiceOptions = {},
  ) {
    this.appender = openAppender(db);
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
    return verifyChain(this.db, opts);
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
    const rows = await searchEntries(this.db, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > filter.limit && last ? encodeCursor(last.seq) : null;
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

// The review workflow of the collection campaign: reviewers list and read ballots of their jurisdiction, move
// them one level up (checked by the commune police, verified and approved by the province), return them for
// correction or reject them with a reason; approval applies the ballot to the registry in the same transaction.
// Bulk actions work through a whole import job or unit in chunks, one transaction per chunk. Every transition
// writes a ballot_transition row, bumps the ballot's version and is audited; every refusal is audited too.
import type { Db, DbOrTrx, Trx } from '../../../db/database.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, NotFoundError, ValidationError, type Violation } from '../../../domain/errors.ts';
import type { Permission } from '../../../domain/roles.ts';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import { nextTimestamp } from '../../registry/clock.ts';
import { forbidden, hasPermission } from '../../registry/registry.access.ts';
import { type ApprovalEnv, type ApprovalResult, applyBallot, type ChunkMemo } from '../approval/campaign.approve.ts';
import { ballotViewsFor } from '../campaign.ballot.redact.ts';
import type { BallotView } from '../campaign.ballot.view.ts';
import type { MatchDecision } from './campaign.match.ts';
import { type ComparisonRow, describeChange, type MatchCandidate } from './campaign.review.describe.ts';
import {
  type BallotRow,
  collectorsAndCheckers,
  countByStatus,
  findBallot,
  findCampaign,
  findJob,
  insertTransitions,
  listBallots,
  listCampaigns,
  listTransitions,
  moveBallot,
  noteBallot,
  resubmitBallot,
  type Scope,
  type StatusChange,
} from './campaign.review.repository.ts';
import {
  actionsFor,
  BALLOT_STATUSES,
  type BallotStatus,
  bulkSources,
  needsReason,
  permissionFor,
  REVIEW_ACTIONS,
  REVIEW_PERMISSIONS,
  type ReviewAction,
  TRANSITIONS,
} from './campaign.review.rules.ts';

export interface BallotIssue {
  principle?: string;
  severity?: string;
  field: string;
  rule: string;
  message?: string;
  value?: unknown;
}

export interface TransitionView {
  from: string | null;
  to: string;
  actor: string;
  at: string;
  reason: string | null;
}

export type { ComparisonRow, MatchCandidate };

export interface BallotDetail {
  ballot: BallotView;
  transitions: TransitionView[];
  /** The registry person the ballot declares, when there is one. */
  person: { pin: string; version: number } | null;
  /** DC02: kind and effective date of the change; DC01: 'new', 're_collection', 'possible_match' or
   *  'outside_jurisdiction' (nothing about the person is shown). */
  change: { kind: string; effectiveDate: string | null } | null;
  comparison: ComparisonRow[];
  /** possible_match: the registry persons the reviewer confirms one of, or rejects (a new person). */
  candidates: MatchCandidate[];
  /** Name, birth date, sex or PIN the re-collection would change: approval needs confirmIdentityChange. */
  identityChanges: string[];
  /** What the reader may do with this ballot now. */
  actions: ReviewAction[];
}

export interface ListQuery {
  status?: string;
  unit?: string;
  job?: number;
  form?: string;
  hasWarnings?: boolean;
  cursor?: string;
  limit?: number;
}

export interface BulkBody {
  action: string;
  filter: { jobId?: number; unitCode?: string; ids?: number[] };
  reason?: string;
}

export interface BulkFailure {
  id: number;
  reason: string;
  message: string;
}

export interface BulkReport {
  action: ReviewAction;
  /** Ballots in the filter, inside and outside the jurisdiction. */
  matched: number;
  /** Of those, the ballots inside the jurisdiction in a status the action applies to. */
  eligible: number;
  done: number;
  skipped: Record<string, number>;
  /** The first ballots that could not be applied, with why (at most 200). */
  failures: BulkFailure[];
  ms: number;
}

/** Re-checks a corrected ballot by the intake rules; the import side supplies it (see services.ts). */
export interface BallotRevalidation {
  /** Rows that would keep the ballot out of the workflow (nothing is written). */
  errors: Violation[];
  /** Warnings stored on the ballot for the reviewer. */
  issues: BallotIssue[];
  pin: string | null;
  fullName: string | null;
  nameFolded: string | null;
  dob: string | null;
}
export type BallotRevalidator = (
  form: string,
  values: Record<string, string>,
  ctx: RequestContext,
) => Promise<BallotRevalidation>;

export interface CampaignReviewDeps {
  db: Db;
  audit: AuditService;
  reference: ReferenceService;
  today: () => string;
  /** The registry's PIN serial source (replaced in tests). */
  serial?: () => number;
  revalidate: BallotRevalidator;
  /** Ballots per transaction in bulk actions. */
  chunkSize?: number;
  /** Bulk approvals audited with one entry per chunk instead of one per ballot (the alternative measured in
   *  bench/approve.bench.ts). */
  auditApprovalsPerChunk?: boolean;
}

export interface BulkProgress {
  done: number;
  skipped: number;
  total: number;
}

const MAX_FAILURES = 200;

function isAction(a: string): a is ReviewAction {
  return (REVIEW_ACTIONS as readonly string[]).includes(a);
}

export function scopeOf(ctx: RequestContext): Scope {
  const j = ctx.actor.jurisdiction;
  if (j === null) return {};
  return j.length === 2 ? { province: j } : { commune: j };
}

function staleBallot(id: number, expected: number, actual: number): DomainError {
  return new DomainError(
    'REGISTRY.VERSION_MISMATCH',
    `ballot ${id} has changed since it was read (expected version ${expected}, now ${actual}); read it again`,
    { ballotId: id, expected, actual },
  );
}

function invalidTransition(b: BallotRow, action: ReviewAction, why?: string): DomainError {
  return new DomainError(
    'CAMPAIGN.INVALID_TRANSITION',
    why ??
      `action "${action}" does not apply to a ballot in status ${b.status} (only ${TRANSITIONS[action].from.join(', ')})`,
    { ballotId: b.id, status: b.status, action, allowedFrom: TRANSITIONS[action].from },
  );
}

export class CampaignReviewService {
  constructor(private readonly deps: CampaignReviewDeps) {}

  get db(): Db {
    return this.deps.db;
  }

  private catalog(): Promise<ReferenceCatalog> {
    return this.deps.reference.catalog();
  }

  async listCampaigns(ctx: RequestContext) {
    await this.requireAny(ctx, [...REVIEW_PERMISSIONS, 'campaign.read'], 'campaign.list');
    return (await listCampaigns(this.db)).map((c) => ({ code: c.code, name: c.name, startedOn: c.started_on }));
  }

  async requireCampaign(code: string) {
    const c = await findCampaign(this.db, code);
    if (!c) throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
    return c;
  }

  /** Ballots of the campaign in the reader's jurisdiction, oldest first, a page at a time. */
  async list(
    ctx: RequestContext,
    code: string,
    q: ListQuery,
  ): Promise<{ items: BallotView[]; nextCursor: string | null }> {
    const violations: Violation[] = [];
    const statuses = q.status ? q.status.split(',').map((s) => s.trim()) : undefined;
    for (const s of statuses ?? []) {
      if (!(BALLOT_STATUSES as readonly string[]).includes(s)) {
        violations.push({
          field: 'status',
          rule: 'enum',
          message: `must be one of ${BALLOT_STATUSES.join(', ')}`,
          value: s,
        });
      }
    }
    let afterId: number | undefined;
    if (q.cursor) {
      afterId = decodeCursor(q.cursor, { i: 'number' })?.i;
      if (afterId === undefined)
        violations.push({
          field: 'cursor',
          rule: 'cursor.invalid',
          message: 'not a cursor returned by this list',
          value: q.cursor,
        });
    }
    if (q.unit && !(await this.catalog()).latestUnit(q.unit)) {
      violations.push({
        field: 'unit',
        rule: 'unit.unknown',
        message: `no administrative unit has code ${q.unit}`,
        value: q.unit,
      });
    }
    if (violations.length) throw new ValidationError(violations);
    await this.requireAny(ctx, REVIEW_PERMISSIONS, 'ballot.list');
    await this.requireCampaign(code);
    const limit = q.limit ?? 50;
    const rows = await listBallots(this.db, {
      campaign: code,
      statuses: statuses as BallotStatus[] | undefined,
      unit: q.unit,
      jobId: q.job,
      form: q.form,
      hasWarnings: q.hasWarnings,
      scope: scopeOf(ctx),
      afterId,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    await this.deps.audit.record(ctx, {
      action: 'ballot.list',
      outcome: 'ok',
      details: {
        campaign: code,
        status: q.status ?? null,
        unit: q.unit ?? null,
        job: q.job ?? null,
        results: page.length,
      },
    });
    const last = page[page.length - 1];
    const items = await ballotViewsFor(this.db, ctx.actor, await this.catalog(), page);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ i: last.id }) : null };
  }

  /** One ballot with its issues, its history, and what it would change in the registry. */
  async detail(ctx: RequestContext, code: string, id: number): Promise<BallotDetail> {
    await this.requireAny(ctx, REVIEW_PERMISSIONS, 'ballot.read');
    const b = await this.requireBallot(code, id);
    await this.authorizeBallot(ctx, b, 'ballot.read');
    const detail = await this.describe(ctx, b);
    await this.deps.audit.record(ctx, {
      action: 'ballot.read',
      outcome: 'ok',
      personId: b.person_id,
      pin: b.pin,
      details: { campaign: code, ballotId: id },
    });
    return detail;
  }

  private async describe(ctx: RequestContext, b: BallotRow): Promise<BallotDetail> {
    const catalog = await this.catalog();
    const transitions = (await listTransitions(this.db, b.id)).map((t) => ({
      from: t.from_status,
      to: t.to_status,
      actor: t.actor,
      at: t.at,
      reason: t.reason,
    }));
    const described = await describeChange(this.db, ctx.actor, catalog, this.deps.today(), b);
    const [ballot] = await ballotViewsFor(this.db, ctx.actor, catalog, [b]);
    return {
      ballot: ballot!,
      transitions,
      ...described,
      actions: actionsFor(b.status as BallotStatus, (p) => hasPermission(ctx, p)),
    };
  }

  /** Moves one ballot; `ifMatch` is the ballot version last read (optional: the status is compared anyway). */
  async transition(
    ctx: RequestContext,
    code: string,
    id: number,
    body: { action: string; reason?: string; match?: MatchDecision; confirmIdentityChange?: boolean },
    ifMatch?: number,
  ): Promise<BallotDetail> {
    const action = this.parseAction(body.action, body.reason);
    const reason = body.reason?.trim() || null;
    await this.requireAny(ctx, REVIEW_PERMISSIONS, `ballot.${action}`);
    const b = await this.requireBallot(code, id);
    await this.authorizeBallot(ctx, b, `ballot.${action}`);
    const from = b.status as BallotStatus;
    if (!TRANSITIONS[action].from.includes(from)) throw invalidTransition(b, action);
    await this.requirePermission(ctx, permissionFor(action, from), `ballot.${action}`, b);
    if (ifMatch !== undefined && ifMatch !== b.version) throw staleBallot(b.id, ifMatch, b.version);
    if (action === 'approve') await this.requireFourEyes(ctx, b);
    const env: ApprovalEnv = {
      ...(await this.approvalEnv(ctx)),
      ...(body.match ? { match: body.match } : {}),
      confirmIdentityChange: body.confirmIdentityChange === true,
    };
    const at = nextTimestamp();
    await this.db.transaction().execute(async (trx) => {
      let result: ApprovalResult | null = null;
      if (action === 'approve') {
        result = await applyBallot(trx, env, b, at);
        if (!result.ok) throw refusal(b, result);
      }
      const moved = await moveBallot(trx, {
        id: b.id,
        from,
        fromVersion: b.version,
        to: TRANSITIONS[action].to,
        reason,
        at,
        actor: ctx.actor.id,
        personId: result?.ok ? result.personId : null,
      });
      if (!moved)
        throw invalidTransition(b, action, `ballot ${b.id} was changed by someone else meanwhile; read it again`);
      await this.deps.audit.recordIn(trx, ctx, {
        action: `ballot.${action}`,
        outcome: 'ok',
        personId: result?.ok ? result.personId : b.person_id,
        pin: result?.ok ? result.pin : b.pin,
        fields: result?.ok && result.fields.length ? result.fields : null,
        details: {
          campaign: code,
          ballotId: b.id,
          from,
          to: TRANSITIONS[action].to,
          reason,
          ...(result?.ok ? { registry: result.kind } : {}),
          ...(action === 'approve' && body.match ? { match: body.match } : {}),
          ...(action === 'approve' && body.confirmIdentityChange ? { confirmIdentityChange: true } : {}),
        },
      });
    });
    const after = await this.requireBallot(code, id);
    return this.describe(ctx, after);
  }

  /** A returned ballot corrected by its collector: re-checked by the intake rules, then back to collected. */
  async correct(
    ctx: RequestContext,
    code: string,
    id: number,
    values: Record<string, string>,
    ifMatch?: number,
  ): Promise<BallotDetail> {
    await this.requireAny(ctx, ['ballot.collect'], 'ballot.correct');
    const b = await this.requireBallot(code, id);
    await this.authorizeBallot(ctx, b, 'ballot.correct');
    if (b.status !== 'returned') {
      throw new DomainError(
        'CAMPAIGN.INVALID_TRANSITION',
        `only a returned ballot can be corrected (this one is ${b.status})`,
        {
          ballotId: b.id,
          status: b.status,
          action: 'correct',
          allowedFrom: ['returned'],
        },
      );
    }
    if (ifMatch !== undefined && ifMatch !== b.version) throw staleBallot(b.id, ifMatch, b.version);
    // The corrected ballot is the old one with the new values laid over it.
    const merged = { ...(JSON.parse(b.data) as Record<string, string>), ...values };
    const checked = await this.deps.revalidate(b.form, merged, ctx);
    if (checked.errors.length > 0) throw new ValidationError(checked.errors);
    const at = nextTimestamp();
    await this.db.transaction().execute(async (trx) => {
      const ok = await resubmitBallot(trx, {
        id: b.id,
        fromVersion: b.version,
        data: JSON.stringify(merged),
        issues: JSON.stringify(checked.issues),
        errorCount: 0,
        warningCount: checked.issues.length,
        pin: checked.pin,
        fullName: checked.fullName,
        nameFolded: checked.nameFolded,
        dob: checked.dob,
        at,
        actor: ctx.actor.id,
      });
      if (!ok) throw staleBallot(b.id, b.version, b.version + 1);
      await this.deps.audit.recordIn(trx, ctx, {
        action: 'ballot.correct',
        outcome: 'ok',
        pin: checked.pin,
        fields: Object.keys(values),
        details: { campaign: code, ballotId: b.id, from: 'returned', to: 'collected' },
      });
    });
    return this.describe(ctx, await this.requireBallot(code, id));
  }

  /**
   * Applies an action to every eligible ballot of a job, a unit or a list of ids inside the actor's jurisdiction,
   * in chunks of one transaction each. A chunk that fails is retried ballot by ballot, so one bad ballot costs
   * only itself; it keeps its status and gets the reason in status_reason.
   */
  async bulk(
    ctx: RequestContext,
    code: string,
    body: BulkBody,
    onProgress?: (p: BulkProgress) => void,
  ): Promise<BulkReport> {
    const started = Date.now();
    const action = this.parseAction(body.action, body.reason);
    const reason = body.reason?.trim() || null;
    const f = body.filter ?? {};
    const violations: Violation[] = [];
    if (f.jobId === undefined && !f.unitCode && !f.ids) {
      violations.push({ field: 'filter', rule: 'required', message: 'give a jobId, a unitCode or ids' });
    }
    if (f.ids && f.ids.length > 10_000)
      violations.push({ field: 'filter.ids', rule: 'maxItems', message: 'at most 10,000 ids', value: f.ids.length });
    const catalog = await this.catalog();
    if (f.unitCode && !catalog.latestUnit(f.unitCode)) {
      violations.push({
        field: 'filter.unitCode',
        rule: 'unit.unknown',
        message: `no administrative unit has code ${f.unitCode}`,
        value: f.unitCode,
      });
    }
    if (violations.length) throw new ValidationError(violations);
    const can = (p: Permission) => hasPermission(ctx, p);
    const sources = bulkSources(action, can);
    if (sources.length === 0) {
      await this.deny(ctx, `ballot.${action}`, `no ${permissionFor(action, TRANSITIONS[action].from[0]!)} permission`);
      throw forbidden(`your role does not allow ballot.${action}`, {
        permission: permissionFor(action, TRANSITIONS[action].from[0]!),
      });
    }
    await this.requireCampaign(code);
    if (f.jobId !== undefined && !(await findJob(this.db, code, f.jobId))) {
      throw new NotFoundError('CAMPAIGN.JOB_NOT_FOUND', `no import job ${f.jobId} in campaign ${code}`, {
        jobId: f.jobId,
      });
    }
    const scope = scopeOf(ctx);
    const filter = { campaign: code, unit: f.unitCode, jobId: f.jobId, ids: f.ids, scope };
    const counts = await countByStatus(this.db, filter);
    const skipped: Record<string, number> = {};
    const add = (k: string, n = 1) => {
      if (n > 0) skipped[k] = (skipped[k] ?? 0) + n;
    };
    let total = 0;
    for (const c of counts) {
      if (!c.inScope) add('outside_jurisdiction', c.n);
      else if (!sources.includes(c.status as BallotStatus)) add(`status_${c.status}`, c.n);
      else total += c.n;
    }
    const matched = counts.reduce((s, c) => s + c.n, 0);
    if (skipped.outside_jurisdiction) {
      await this.deps.audit.record(ctx, {
        action: `ballot.${action}`,
        outcome: 'denied',
        details: {
          campaign: code,
          bulk: true,
          filter: f,
          reason: 'outside jurisdiction',
          count: skipped.outside_jurisdiction,
        },
      });
    }
    const env = await this.approvalEnv(ctx);
    const failures: BulkFailure[] = [];
    let done = 0;
    let afterId = 0;
    let afterRow = { row: -1, id: 0 };
    const byRow = f.jobId !== undefined;
    const chunkSize = this.deps.chunkSize ?? 500;
    for (;;) {
      const chunk = await listBallots(this.db, {
        ...filter,
        statuses: sources,
        ...(byRow ? { afterRow } : { afterId }),
        limit: chunkSize,
      });
      if (chunk.length === 0) break;
      const last = chunk[chunk.length - 1]!;
      afterId = last.id;
      afterRow = { row: last.row_no ?? -1, id: last.id };
      const outcomes = await this.applyChunk(ctx, env, code, action, reason, chunk);
      for (const o of outcomes) {
        if (o.ok) done++;
        else {
          add(o.reason);
          if (failures.length < MAX_FAILURES) failures.push({ id: o.id, reason: o.reason, message: o.message });
        }
      }
      onProgress?.({ done, skipped: Object.values(skipped).reduce((a, b) => a + b, 0), total: matched });
    }
    return { action, matched, eligible: total, done, skipped, failures, ms: Date.now() - started };
  }

  /** One chunk in one transaction; if anything throws, each ballot again in a transaction of its own. */
  private async applyChunk(
    ctx: RequestContext,
    env: ApprovalEnv,
    code: string,
    action: ReviewAction,
    reason: string | null,
    chunk: BallotRow[],
  ): Promise<ChunkOutcome[]> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const outcomes: ChunkOutcome[] = [];
        const moved: StatusChange[] = [];
        const memo: ChunkMemo = { households: new Set() };
        const barred = action === 'approve' ? await this.barredFromApproving(trx, ctx, chunk) : new Set<number>();
        for (const b of chunk) {
          outcomes.push(
            barred.has(b.id) ? fourEyesOutcome(b) : await this.applyOne(trx, env, ctx, action, reason, b, moved, memo),
          );
        }
        await insertTransitions(trx, moved);
        await this.auditChunk(trx, ctx, code, action, reason, outcomes);
        return outcomes;
      });
    } catch {
      const outcomes: ChunkOutcome[] = [];
      const barred = action === 'approve' ? await this.barredFromApproving(this.db, ctx, chunk) : new Set<number>();
      for (const b of chunk) {
        if (barred.has(b.id)) {
          outcomes.push(fourEyesOutcome(b));
          continue;
        }
        try {
          outcomes.push(
            await this.db.transaction().execute(async (trx) => {
              const o = await this.applyOne(trx, env, ctx, action, reason, b);
              await this.auditChunk(trx, ctx, code, action, reason, [o]);
              return o;
            }),
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await noteBallot(this.db, b.id, `${action} failed: ${message}`, nextTimestamp());
          outcomes.push({ ok: false, id: b.id, reason: 'error', message });
        }
      }
      return outcomes;
    }
  }

  private async applyOne(
    trx: Trx,
    env: ApprovalEnv,
    ctx: RequestContext,
    action: ReviewAction,
    reason: string | null,
    b: BallotRow,
    moved?: StatusChange[],
    memo?: ChunkMemo,
  ): Promise<ChunkOutcome> {
    const at = nextTimestamp();
    let result: ApprovalResult | null = null;
    if (action === 'approve') {
      result = await applyBallot(trx, env, b, at, memo);
      if (!result.ok) {
        await noteBallot(trx, b.id, `${result.reason}: ${result.message}`, at);
        return { ok: false, id: b.id, reason: result.reason, message: result.message };
      }
    }
    const ok = await moveBallot(
      trx,
      {
        id: b.id,
        from: b.status as BallotStatus,
        fromVersion: b.version,
        to: TRANSITIONS[action].to,
        reason,
        at,
        actor: ctx.actor.id,
        personId: result?.ok ? result.personId : null,
      },
      moved,
    );
    if (!ok) {
      // The registry was already written for this ballot: the whole transaction must go.
      if (result) throw new Error(`ballot ${b.id} was changed by someone else during its approval`);
      return {
        ok: false,
        id: b.id,
        reason: 'changed',
        message: `ballot ${b.id} was changed by someone else meanwhile`,
      };
    }
    return {
      ok: true,
      id: b.id,
      personId: result?.ok ? result.personId : null,
      pin: result?.ok ? result.pin : b.pin,
      fields: result?.ok ? result.fields : [],
      kind: result?.ok ? result.kind : null,
    };
  }

  /**
   * Approvals write personal data: one entry per ballot, with the person, as a single approval has (the cost was
   * measured: see docs/campaign-review.md). The other steps touch no registry data: one entry per chunk naming
   * every ballot moved.
   */
  private async auditChunk(
    trx: Trx,
    ctx: RequestContext,
    code: string,
    action: ReviewAction,
    reason: string | null,
    outcomes: ChunkOutcome[],
  ): Promise<void> {
    const done = outcomes.filter((o): o is Extract<ChunkOutcome, { ok: true }> => o.ok);
    if (done.length === 0) return;
    if (action === 'approve' && !this.deps.auditApprovalsPerChunk) {
      await this.deps.audit.recordMany(
        ctx,
        done.map((o) => ({
          action: 'ballot.approve',
          outcome: 'ok' as const,
          personId: o.personId,
          pin: o.pin,
          fields: o.fields.length ? o.fields : null,
          details: { campaign: code, bulk: true, ballotId: o.id, from: 'verified', to: 'approved', registry: o.kind },
        })),
        trx,
      );
      return;
    }
    await this.deps.audit.recordIn(trx, ctx, {
      action: `ballot.${action}`,
      outcome: 'ok',
      details: {
        campaign: code,
        bulk: true,
        to: TRANSITIONS[action].to,
        reason,
        ballots: done.map((o) => o.id),
        ...(action === 'approve'
          ? {
              persons: done.map((o) => o.personId),
              registry: done.map((o) => o.kind),
            }
          : {}),
      },
    });
  }

  private async approvalEnv(ctx: RequestContext): Promise<ApprovalEnv> {
    return {
      catalog: await this.catalog(),
      today: this.deps.today(),
      actorId: ctx.actor.id,
      actor: ctx.actor,
      ...(this.deps.serial ? { serial: this.deps.serial } : {}),
    };
  }

  /**
   * Four eyes: whoever collected, corrected or checked a ballot cannot approve it. The local operator (the CLI
   * acting as the system on the database directly) is not an officer and is not bound by it.
   */
  private async barredFromApproving(db: DbOrTrx, ctx: RequestContext, chunk: BallotRow[]): Promise<Set<number>> {
    const out = new Set<number>();
    if (ctx.actor.kind === 'system') return out;
    const me = ctx.actor.id;
    const others = chunk.filter((b) => b.created_by !== me);
    for (const b of chunk) if (b.created_by === me) out.add(b.id);
    const seen = await collectorsAndCheckers(
      db,
      others.map((b) => b.id),
    );
    for (const [id, actors] of seen) if (actors.has(me)) out.add(id);
    return out;
  }

  private async requireFourEyes(ctx: RequestContext, b: BallotRow): Promise<void> {
    if (!(await this.barredFromApproving(this.db, ctx, [b])).has(b.id)) return;
    await this.deny(ctx, 'ballot.approve', 'four eyes: the approver collected or checked this ballot', b);
    throw new DomainError(
      'CAMPAIGN.FOUR_EYES',
      `ballot ${b.id} was collected or checked by ${ctx.actor.id}: another officer must approve it`,
      { ballotId: b.id, actor: ctx.actor.id },
    );
  }

  private parseAction(raw: string, reason: string | undefined): ReviewAction {
    if (!isAction(raw)) {
      throw new ValidationError([
        { field: 'action', rule: 'enum', message: `must be one of ${REVIEW_ACTIONS.join(', ')}`, value: raw },
      ]);
    }
    if (needsReason(raw) && !reason?.trim()) {
      throw new ValidationError([
        { field: 'reason', rule: 'required', message: `a reason is required to ${raw} a ballot`, value: reason ?? '' },
      ]);
    }
    return raw;
  }

  private async requireBallot(code: string, id: number): Promise<BallotRow> {
    const b = await findBallot(this.db, code, id);
    if (!b)
      throw new NotFoundError('CAMPAIGN.BALLOT_NOT_FOUND', `no ballot ${id} in campaign ${code}`, {
        ballotId: id,
        campaign: code,
      });
    return b;
  }

  private async deny(ctx: RequestContext, action: string, why: string, b?: BallotRow): Promise<void> {
    await this.deps.audit.record(ctx, {
      action,
      outcome: 'denied',
      personId: b?.person_id ?? null,
      pin: b?.pin ?? null,
      details: { reason: why, ...(b ? { ballotId: b.id, campaign: b.campaign_code } : {}) },
    });
  }

  private async requireAny(ctx: RequestContext, permissions: readonly Permission[], action: string): Promise<void> {
    if (permissions.some((p) => hasPermission(ctx, p))) return;
    await this.deny(ctx, action, `no ${permissions.join(' or ')} permission`);
    throw forbidden(`your role does not allow ${action}`, { permission: permissions });
  }

  private async requirePermission(ctx: RequestContext, p: Permission, action: string, b: BallotRow): Promise<void> {
    if (hasPermission(ctx, p)) return;
    await this.deny(ctx, action, `no ${p} permission`, b);
    throw forbidden(`your role does not allow ${action} on a ballot in status ${b.status}`, { permission: p });
  }

  /** The ballot's commune (or province) must lie in the actor's jurisdiction; a refusal is audited. */
  private async authorizeBallot(ctx: RequestContext, b: BallotRow, action: string): Promise<void> {
    const j = ctx.actor.jurisdiction;
    if (j === null) return;
    const catalog = await this.catalog();
    const inside = b.unit_code ? catalog.isWithin(b.unit_code, j) : j.length === 2 && b.province_code === j;
    if (inside) return;
    await this.deny(ctx, action, 'outside jurisdiction', b);
    throw forbidden(`ballot ${b.id} is outside your jurisdiction`, { ballotId: b.id, jurisdiction: j });
  }
}

type ChunkOutcome =
  | { ok: true; id: number; personId: number | null; pin: string | null; fields: string[]; kind: string | null }
  | { ok: false; id: number; reason: string; message: string };

function fourEyesOutcome(b: BallotRow): ChunkOutcome {
  return {
    ok: false,
    id: b.id,
    reason: 'four_eyes',
    message: `ballot ${b.id} was collected or checked by the approver: another officer must approve it`,
  };
}

/** An approval the registry side refused: a duplicate or conflict (409), a rule broken (400), a person outside
 *  the jurisdiction (403), a possible match or an identity change awaiting the officer's decision (409). */
function refusal(b: BallotRow, r: Extract<ApprovalResult, { ok: false }>): DomainError {
  if (r.reason === 'invalid' && r.violations?.length) return new ValidationError(r.violations);
  if (r.reason === 'outside_jurisdiction')
    return forbidden(`ballot ${b.id} cannot be approved: ${r.message}`, { ballotId: b.id, reason: r.reason });
  if (r.reason === 'possible_match') {
    return new DomainError('CAMPAIGN.MATCH_UNDECIDED', `ballot ${b.id} is held: ${r.message}`, {
      ballotId: b.id,
      reason: r.reason,
      ...r.details,
    });
  }
  if (r.reason === 'needs_confirmation') {
    return new DomainError('CAMPAIGN.CONFIRMATION_REQUIRED', `ballot ${b.id} is held: ${r.message}`, {
      ballotId: b.id,
      reason: r.reason,
      ...r.details,
    });
  }
  return new DomainError('CAMPAIGN.INVALID_TRANSITION', `ballot ${b.id} cannot be approved: ${r.message}`, {
    ballotId: b.id,
    status: b.status,
    action: 'approve',
    reason: r.reason,
  });
}

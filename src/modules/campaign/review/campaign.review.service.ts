// The review workflow of the collection campaign: reviewers list and read ballots of their jurisdiction, move
// them one level up (checked by the commune police, verified and approved by the province), return them for
// correction or reject them with a reason; approval applies the ballot to the registry in the same transaction.
// Bulk actions work through a whole import job or unit in chunks, one transaction per chunk. Every transition
// writes a ballot_transition row, bumps the ballot's version and is audited; every refusal is audited too.
// Permissions and refusals are campaign.review.access.ts; bulk actions campaign.review.bulk.ts.
import type { Db } from '../../../db/database.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, ValidationError, type Violation } from '../../../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { nextTimestamp } from '../../registry/clock.ts';
import { forbidden, hasPermission } from '../../registry/registry.access.ts';
import { type ApprovalEnv, type ApprovalResult, applyBallot } from '../approval/campaign.approve.ts';
import { ballotViewsFor } from '../campaign.ballot.redact.ts';
import type { BallotView } from '../campaign.ballot.view.ts';
import type { MatchDecision } from './campaign.match.ts';
import { invalidTransition, ReviewAccess, scopeOf, staleBallot } from './campaign.review.access.ts';
import { BulkReview } from './campaign.review.bulk.ts';
import { describeChange } from './campaign.review.describe.ts';
import {
  type BallotRow,
  listBallots,
  listCampaigns,
  listTransitions,
  moveBallot,
  resubmitBallot,
} from './campaign.review.repository.ts';
import {
  actionsFor,
  BALLOT_STATUSES,
  type BallotStatus,
  permissionFor,
  REVIEW_PERMISSIONS,
  TRANSITIONS,
} from './campaign.review.rules.ts';
import type {
  BallotDetail,
  BulkBody,
  BulkProgress,
  BulkReport,
  CampaignReviewDeps,
  ListQuery,
} from './campaign.review.types.ts';

export type { ComparisonRow, MatchCandidate } from './campaign.review.describe.ts';
export type {
  BallotDetail,
  BallotIssue,
  BallotRevalidation,
  BallotRevalidator,
  BulkBody,
  BulkFailure,
  BulkProgress,
  BulkReport,
  CampaignReviewDeps,
  ListQuery,
  TransitionView,
} from './campaign.review.types.ts';
export { scopeOf };

export class CampaignReviewService {
  private readonly access: ReviewAccess;
  private readonly bulkReview: BulkReview;

  constructor(private readonly deps: CampaignReviewDeps) {
    this.access = new ReviewAccess(deps);
    this.bulkReview = new BulkReview(deps, this.access);
  }

  get db(): Db {
    return this.deps.db;
  }

  private catalog(): Promise<ReferenceCatalog> {
    return this.deps.reference.catalog();
  }

  async listCampaigns(ctx: RequestContext) {
    await this.access.requireAny(ctx, [...REVIEW_PERMISSIONS, 'campaign.read'], 'campaign.list');
    return (await listCampaigns(this.db)).map((c) => ({ code: c.code, name: c.name, startedOn: c.started_on }));
  }

  requireCampaign(code: string) {
    return this.access.requireCampaign(code);
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
    await this.access.requireAny(ctx, REVIEW_PERMISSIONS, 'ballot.list');
    await this.access.requireCampaign(code);
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
    await this.access.requireAny(ctx, REVIEW_PERMISSIONS, 'ballot.read');
    const b = await this.access.requireBallot(code, id);
    await this.access.authorizeBallot(ctx, b, 'ballot.read');
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
    const action = this.access.parseAction(body.action, body.reason);
    const reason = body.reason?.trim() || null;
    await this.access.requireAny(ctx, REVIEW_PERMISSIONS, `ballot.${action}`);
    const b = await this.access.requireBallot(code, id);
    await this.access.authorizeBallot(ctx, b, `ballot.${action}`);
    const from = b.status as BallotStatus;
    if (!TRANSITIONS[action].from.includes(from)) throw invalidTransition(b, action);
    await this.access.requirePermission(ctx, permissionFor(action, from), `ballot.${action}`, b);
    if (ifMatch !== undefined && ifMatch !== b.version) throw staleBallot(b.id, ifMatch, b.version);
    if (action === 'approve') await this.access.requireFourEyes(ctx, b);
    const env: ApprovalEnv = {
      ...(await this.bulkReview.approvalEnv(ctx)),
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
    const after = await this.access.requireBallot(code, id);
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
    await this.access.requireAny(ctx, ['ballot.collect'], 'ballot.correct');
    const b = await this.access.requireBallot(code, id);
    await this.access.authorizeBallot(ctx, b, 'ballot.correct');
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
    return this.describe(ctx, await this.access.requireBallot(code, id));
  }

  /**
   * Applies an action to every eligible ballot of a job, a unit or a list of ids inside the actor's jurisdiction,
   * in chunks of one transaction each (campaign.review.bulk.ts).
   */
  bulk(ctx: RequestContext, code: string, body: BulkBody, onProgress?: (p: BulkProgress) => void): Promise<BulkReport> {
    return this.bulkReview.bulk(ctx, code, body, onProgress);
  }
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

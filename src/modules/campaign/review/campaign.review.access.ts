// Who may act on a ballot, and the refusals: the role's permission for the action and the ballot's status, the
// ballot inside the actor's jurisdiction, four eyes on approval; every refusal is audited before it is thrown.
import type { Db, DbOrTrx } from '../../../db/database.ts';
import { refuse } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, NotFoundError, ValidationError } from '../../../domain/errors.ts';
import type { Permission } from '../../../domain/roles.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { forbidden, hasPermission } from '../../registry/registry.access.ts';
import {
  type BallotRow,
  collectorsAndCheckers,
  findBallot,
  findCampaign,
  type Scope,
} from './campaign.review.repository.ts';
import { needsReason, REVIEW_ACTIONS, type ReviewAction, TRANSITIONS } from './campaign.review.rules.ts';
import type { CampaignReviewDeps } from './campaign.review.types.ts';

export function isAction(a: string): a is ReviewAction {
  return (REVIEW_ACTIONS as readonly string[]).includes(a);
}

export function scopeOf(ctx: RequestContext): Scope {
  const j = ctx.actor.jurisdiction;
  if (j === null) return {};
  return j.length === 2 ? { province: j } : { commune: j };
}

export function staleBallot(id: number, expected: number, actual: number): DomainError {
  return new DomainError(
    'REGISTRY.VERSION_MISMATCH',
    `ballot ${id} has changed since it was read (expected version ${expected}, now ${actual}); read it again`,
    { ballotId: id, expected, actual },
  );
}

export function invalidTransition(b: BallotRow, action: ReviewAction, why?: string): DomainError {
  return new DomainError(
    'CAMPAIGN.INVALID_TRANSITION',
    why ??
      `action "${action}" does not apply to a ballot in status ${b.status} (only ${TRANSITIONS[action].from.join(', ')})`,
    { ballotId: b.id, status: b.status, action, allowedFrom: TRANSITIONS[action].from },
  );
}

export class ReviewAccess {
  constructor(private readonly deps: CampaignReviewDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  private catalog(): Promise<ReferenceCatalog> {
    return this.deps.reference.catalog();
  }

  async requireCampaign(code: string) {
    const c = await findCampaign(this.db, code);
    if (!c) throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
    return c;
  }

  /**
   * Four eyes: whoever collected, corrected or checked a ballot cannot approve it. The local operator (the CLI
   * acting as the system on the database directly) is not an officer and is not bound by it.
   */
  async barredFromApproving(db: DbOrTrx, ctx: RequestContext, chunk: BallotRow[]): Promise<Set<number>> {
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

  async requireFourEyes(ctx: RequestContext, b: BallotRow): Promise<void> {
    if (!(await this.barredFromApproving(this.db, ctx, [b])).has(b.id)) return;
    const why = 'four eyes: the approver collected or checked this ballot';
    const message = `ballot ${b.id} was collected or checked by ${ctx.actor.id}: another officer must approve it`;
    await this.deny(
      ctx,
      'ballot.approve',
      why,
      new DomainError('CAMPAIGN.FOUR_EYES', message, { ballotId: b.id, actor: ctx.actor.id }),
      b,
    );
  }

  parseAction(raw: string, reason: string | undefined): ReviewAction {
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

  async requireBallot(code: string, id: number): Promise<BallotRow> {
    const b = await findBallot(this.db, code, id);
    if (!b)
      throw new NotFoundError('CAMPAIGN.BALLOT_NOT_FOUND', `no ballot ${id} in campaign ${code}`, {
        ballotId: id,
        campaign: code,
      });
    return b;
  }

  /** Audits the refusal (with the ballot, when there is one) and throws `error`. */
  deny(ctx: RequestContext, action: string, why: string, error: Error, b?: BallotRow): Promise<never> {
    const details = { reason: why, ...(b ? { ballotId: b.id, campaign: b.campaign_code } : {}) };
    return refuse(
      this.deps.audit,
      ctx,
      { action, personId: b?.person_id ?? null, pin: b?.pin ?? null, details },
      error,
    );
  }

  async requireAny(ctx: RequestContext, permissions: readonly Permission[], action: string): Promise<void> {
    if (permissions.some((p) => hasPermission(ctx, p))) return;
    const denied = forbidden(`your role does not allow ${action}`, { permission: permissions });
    await this.deny(ctx, action, `no ${permissions.join(' or ')} permission`, denied);
  }

  async requirePermission(ctx: RequestContext, p: Permission, action: string, b: BallotRow): Promise<void> {
    if (hasPermission(ctx, p)) return;
    const denied = forbidden(`your role does not allow ${action} on a ballot in status ${b.status}`, { permission: p });
    await this.deny(ctx, action, `no ${p} permission`, denied, b);
  }

  /** The ballot's commune (or province) must lie in the actor's jurisdiction; a refusal is audited. */
  async authorizeBallot(ctx: RequestContext, b: BallotRow, action: string): Promise<void> {
    const j = ctx.actor.jurisdiction;
    if (j === null) return;
    const catalog = await this.catalog();
    const inside = b.unit_code ? catalog.isWithin(b.unit_code, j) : j.length === 2 && b.province_code === j;
    if (inside) return;
    const denied = forbidden(`ballot ${b.id} is outside your jurisdiction`, { ballotId: b.id, jurisdiction: j });
    await this.deny(ctx, action, 'outside jurisdiction', denied, b);
  }
}

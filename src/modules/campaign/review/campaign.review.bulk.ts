// Bulk review: one action over every eligible ballot of an import job, a unit or a list of ids, in chunks of one
// transaction each; a chunk that fails is retried ballot by ballot. Approvals are audited one entry per ballot,
// the other steps one entry per chunk.
import type { Trx } from '../../../db/database.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { NotFoundError, ValidationError, type Violation } from '../../../domain/errors.ts';
import type { Permission } from '../../../domain/roles.ts';
import { nextTimestamp } from '../../registry/clock.ts';
import { forbidden, hasPermission } from '../../registry/registry.access.ts';
import { type ApprovalEnv, type ApprovalResult, applyBallot, type ChunkMemo } from '../approval/campaign.approve.ts';
import { type ReviewAccess, scopeOf } from './campaign.review.access.ts';
import {
  type BallotRow,
  countByStatus,
  findJob,
  insertTransitions,
  listBallots,
  moveBallot,
  noteBallot,
  type StatusChange,
} from './campaign.review.repository.ts';
import {
  type BallotStatus,
  bulkSources,
  permissionFor,
  type ReviewAction,
  TRANSITIONS,
} from './campaign.review.rules.ts';
import type { BulkBody, BulkFailure, BulkProgress, BulkReport, CampaignReviewDeps } from './campaign.review.types.ts';

const MAX_FAILURES = 200;

export class BulkReview {
  constructor(
    private readonly deps: CampaignReviewDeps,
    private readonly access: ReviewAccess,
  ) {}

  private get db() {
    return this.deps.db;
  }

  private catalog() {
    return this.deps.reference.catalog();
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
    const action = this.access.parseAction(body.action, body.reason);
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
      const permission = permissionFor(action, TRANSITIONS[action].from[0]!);
      const denied = forbidden(`your role does not allow ballot.${action}`, { permission });
      await this.access.deny(ctx, `ballot.${action}`, `no ${permission} permission`, denied);
    }
    await this.access.requireCampaign(code);
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
        const barred =
          action === 'approve' ? await this.access.barredFromApproving(trx, ctx, chunk) : new Set<number>();
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
      const barred =
        action === 'approve' ? await this.access.barredFromApproving(this.db, ctx, chunk) : new Set<number>();
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

  async approvalEnv(ctx: RequestContext): Promise<ApprovalEnv> {
    return {
      catalog: await this.catalog(),
      today: this.deps.today(),
      actorId: ctx.actor.id,
      actor: ctx.actor,
      ...(this.deps.serial ? { serial: this.deps.serial } : {}),
    };
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

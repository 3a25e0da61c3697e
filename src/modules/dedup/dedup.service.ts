// Record linkage inside the registry: the batch run, the incremental checks (persons, states, ballots), the review
// queue scoped by jurisdiction with the side-by-side view, decisions (audited, remembered), reversible merges and
// the precision estimate per score band.
import type { Db } from '../../db/database.ts';
import { type AuditSink, requirePermission } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import type { Dc01Row } from '../../domain/dc01.ts';
import { NotFoundError, Violations } from '../../domain/errors.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import type { PersonState } from '../registry/person.model.ts';
import { searchScope } from '../registry/registry.access.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { registryReader } from '../registry/registry.tx.ts';
import { type BatchOptions, type BatchReport, runBatch } from './dedup.batch.ts';
import { DEFAULT_REVIEW_THRESHOLD, REGISTRY_LINK_CONFIG } from './dedup.config.ts';
import { featuresOfBallot, featuresOfState } from './dedup.features.ts';
import { type CheckSummary, checkPersons, type Match, matchRecord } from './dedup.incremental.ts';
import { findMerge } from './dedup.merge.repository.ts';
import { type MergeView, mergePersons, mergeView, unmergePersons } from './dedup.merge.ts';
import { parseStoredModel, type StoredModel } from './dedup.model.ts';
import { type BandPrecision, PRECISION_BANDS, precisionByBand } from './dedup.precision.ts';
import { countPairsByStatus, decisionCounts, type PairScope } from './dedup.queue.repository.ts';
import { listPairs, type PairQuery, type PairSummary } from './dedup.queue.ts';
import { latestModelRun, latestModelRunId, latestRun } from './dedup.repository.ts';
import { type DecisionBody, decide, getPair, type PairDetail, type ReviewDeps } from './dedup.review.ts';
import type { ReferredPerson } from './dedup.scope.ts';

export type { PairPersonSummary, PairQuery, PairSummary } from './dedup.queue.ts';
export { PAIR_STATUSES } from './dedup.queue.ts';
export type { DecisionBody, PairDetail, PairSide } from './dedup.review.ts';

export interface DedupDeps {
  db: Db;
  registry: RegistryService;
  reference: ReferenceService;
  audit: AuditSink;
  /** Now, ISO 8601 UTC (tests pin it). */
  now?: () => string;
}

export interface BallotMatch extends Match {
  /** 'pin': the ballot's PIN is this person's (or an alias of it); 'score': found through the blocking keys. */
  foundBy: 'pin' | 'score';
}

export class DedupService {
  private readonly now: () => string;
  private cached: StoredModel | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  /** Incremental checks run after registry writes, and how many failed (they never fail the write). */
  readonly incremental = { checks: 0, failures: 0, lastError: null as string | null };

  constructor(private readonly deps: DedupDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  private get db(): Db {
    return this.deps.db;
  }

  private get persons() {
    return registryReader(this.deps.db);
  }

  private authorize(ctx: RequestContext, action: string): Promise<void> {
    return requirePermission(this.deps.audit, ctx, 'dedup.review', action);
  }

  /** The model of the last batch run (parsed once per run). */
  async model(): Promise<StoredModel | undefined> {
    const id = await latestModelRunId(this.db);
    if (id === undefined) return undefined;
    if (this.cached?.runId === id) return this.cached;
    const run = await latestModelRun(this.db);
    if (!run?.model) return undefined;
    this.cached = parseStoredModel(Number(run.id), run.model);
    return this.cached;
  }

  // ---- batch --------------------------------------------------------------------------------------------------

  async runBatch(ctx: RequestContext, opts: BatchOptions = {}): Promise<BatchReport> {
    await this.authorize(ctx, 'dedup.run');
    const v = new Violations();
    for (const [name, p] of [
      ['threshold', opts.threshold],
      ['reviewThreshold', opts.reviewThreshold],
    ] as const) {
      if (p !== undefined && !(p > 0 && p < 1)) v.add(name, 'probability', 'must be a probability between 0 and 1', p);
    }
    if (opts.threshold !== undefined && (opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD) > opts.threshold) {
      v.add(
        'reviewThreshold',
        'threshold.order',
        'must not be above the threshold',
        opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD,
      );
    }
    if (opts.threads !== undefined && !(Number.isInteger(opts.threads) && opts.threads >= 1 && opts.threads <= 64))
      v.add('threads', 'range', 'must be a whole number from 1 to 64', opts.threads);
    v.throwIfAny();
    const report = await runBatch(this.db, ctx.actor.id, this.now, REGISTRY_LINK_CONFIG, {
      ...opts,
      reviewThreshold: opts.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD,
    });
    await this.deps.audit.record(ctx, {
      action: 'dedup.run',
      outcome: 'ok',
      details: {
        runId: report.runId,
        persons: report.persons,
        candidates: report.candidates,
        pairs: report.pairsForReview,
      },
    });
    return report;
  }

  // ---- incremental --------------------------------------------------------------------------------------------

  /** Checks registry persons against their blocks and enqueues the pairs found (no actor: a system step). */
  async checkPersons(ids: readonly number[]): Promise<CheckSummary> {
    return checkPersons(this.db, await this.model(), ids, this.now);
  }

  /**
   * The registry's post-commit hook: checks the persons a write touched, in the background. A failure is counted
   * and kept (incremental.lastError), never thrown: a duplicate check must not fail a registry write.
   */
  schedulePersonsCheck(ids: readonly number[]): void {
    const run = (async () => {
      this.incremental.checks++;
      try {
        await this.checkPersons(ids);
      } catch (err) {
        this.incremental.failures++;
        this.incremental.lastError = err instanceof Error ? err.message : String(err);
      }
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves when the background checks started so far have finished (tests; orderly shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Registry persons that may be the person of `state` (not yet registered), most probable first. */
  async checkCandidate(state: PersonState, opts: { minProbability?: number; limit?: number } = {}): Promise<Match[]> {
    const model = await this.model();
    if (!model) return [];
    const catalog = await this.deps.reference.catalog();
    return matchRecord(this.db, model, featuresOfState(state, catalog), opts);
  }

  /**
   * Registry persons that may be the person a DC01 ballot declares (values keyed as in src/domain/dc01.ts), most
   * probable first. A ballot PIN that is in the registry (active, cancelled or merged into another) gives that
   * person with probability 1; the blocking keys give the others, scored with the last batch run's model. No
   * actor and no audit entry: the caller (the campaign importer) works under its own.
   */
  async checkBallot(
    values: Partial<Dc01Row>,
    opts: { minProbability?: number; limit?: number } = {},
  ): Promise<BallotMatch[]> {
    const out: BallotMatch[] = [];
    const pin = (values.pin ?? '').trim();
    const exclude = new Set<number>();
    if (/^\d{12}$/.test(pin) && (await registryReader(this.db).pin(pin))) {
      const person = await this.deps.registry.requirePerson(pin).catch(() => undefined);
      if (person) {
        exclude.add(person.id);
        out.push({
          personId: person.id,
          pin: person.pin,
          probability: 1,
          matchWeight: Number.POSITIVE_INFINITY,
          evidence: [],
          foundBy: 'pin',
        });
      }
    }
    const model = await this.model();
    if (model) {
      const catalog = await this.deps.reference.catalog();
      const features = featuresOfBallot(values, catalog, this.deps.registry.today());
      for (const m of await matchRecord(this.db, model, features, { ...opts, exclude }))
        out.push({ ...m, foundBy: 'score' });
    }
    return out.slice(0, opts.limit ?? 20);
  }

  // ---- the review queue (dedup.queue.ts, dedup.review.ts) -----------------------------------------------------

  private get review(): ReviewDeps {
    return { ...this.deps, now: this.now };
  }

  /** The pairs the actor may review, and its persons whose pairs were referred higher (dedup.queue.ts). */
  listPairs(
    ctx: RequestContext,
    query: PairQuery,
  ): Promise<{ items: PairSummary[]; nextCursor: string | null; referred: ReferredPerson[] }> {
    return listPairs(this.review, ctx, query);
  }

  /** One pair side by side, for an actor covering both persons (dedup.review.ts). */
  getPair(ctx: RequestContext, id: number): Promise<PairDetail> {
    return getPair(this.review, ctx, id);
  }

  decide(ctx: RequestContext, id: number, body: DecisionBody): Promise<{ pair: PairDetail; merge: MergeView | null }> {
    return decide(this.review, ctx, id, body);
  }

  private scope(ctx: RequestContext): PairScope {
    return searchScope(ctx.actor);
  }

  // ---- merges -------------------------------------------------------------------------------------------------

  async merge(
    ctx: RequestContext,
    body: { survivorPin: string; retiredPin: string; pairId?: number },
  ): Promise<MergeView> {
    await this.authorize(ctx, 'dedup.merge');
    return mergePersons(this.deps.registry, ctx, body, this.now);
  }

  async unmerge(ctx: RequestContext, mergeId: number): Promise<MergeView> {
    await this.authorize(ctx, 'dedup.unmerge');
    return unmergePersons(this.deps.registry, ctx, mergeId, this.now);
  }

  async getMerge(ctx: RequestContext, mergeId: number): Promise<MergeView> {
    await this.authorize(ctx, 'dedup.merge.read');
    const m = await findMerge(this.db, mergeId);
    if (!m) throw new NotFoundError('DEDUP.MERGE_NOT_FOUND', `no merge has id ${mergeId}`, { mergeId });
    // A merge names both persons (and the relations it re-pointed): the actor must cover both, as for the pair.
    const survivor = await this.persons.personById(Number(m.survivor_id));
    const retired = await this.persons.personById(Number(m.retired_id));
    for (const p of [survivor, retired]) {
      if (p) await this.deps.registry.authorizeAccess(ctx, 'person.read', p, { auditAction: 'dedup.merge.read' });
    }
    return mergeView(m);
  }

  /** The last batch run and the queue's pairs per status. */
  async status(ctx: RequestContext): Promise<{
    run: {
      id: number;
      startedAt: string;
      finishedAt: string | null;
      persons: number;
      candidates: number;
      pairs: number;
      reviewThreshold: number;
    } | null;
    queue: Record<string, number>;
  }> {
    await this.authorize(ctx, 'dedup.status');
    const r = await latestRun(this.db);
    return {
      run: r
        ? {
            id: Number(r.id),
            startedAt: r.started_at,
            finishedAt: r.finished_at,
            persons: Number(r.persons),
            candidates: Number(r.candidates),
            pairs: Number(r.pairs),
            reviewThreshold: r.threshold,
          }
        : null,
      queue: await countPairsByStatus(this.db, this.scope(ctx)),
    };
  }

  // ---- precision ----------------------------------------------------------------------------------------------

  async precision(ctx: RequestContext): Promise<{ bands: BandPrecision[]; decided: number }> {
    await this.authorize(ctx, 'dedup.precision');
    const bands = precisionByBand(await decisionCounts(this.db, PRECISION_BANDS, this.scope(ctx)));
    return { bands, decided: bands.reduce((a, b) => a + b.decided, 0) };
  }
}

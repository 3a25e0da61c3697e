// Record linkage inside the registry: the batch run, the incremental checks (persons, states, ballots), the review
// queue scoped by jurisdiction with the side-by-side view, decisions (audited, remembered), reversible merges and
// the precision estimate per score band.
import type { Db } from '../../db/database.ts';
import type { AuditSink } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import type { Dc01Row } from '../../domain/dc01.ts';
import { DomainError, NotFoundError, ValidationError, Violations } from '../../domain/errors.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import { type PersonState, parseState } from '../registry/person.model.ts';
import { forbidden, maskState, searchScope } from '../registry/registry.access.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { registryReader } from '../registry/registry.tx.ts';
import { type BatchOptions, type BatchReport, runBatch } from './dedup.batch.ts';
import { DEFAULT_REVIEW_THRESHOLD, REGISTRY_LINK_CONFIG } from './dedup.config.ts';
import { type EvidenceItem, parseEvidence } from './dedup.evidence.ts';
import { featuresOfBallot, featuresOfState } from './dedup.features.ts';
import { type CheckSummary, checkPersons, type Match, matchRecord } from './dedup.incremental.ts';
import { activeMergeOfPair, findMerge } from './dedup.merge.repository.ts';
import { chooseSurvivor, type MergeView, mergePersons, mergeView, unmergePersons } from './dedup.merge.ts';
import { parseStoredModel, type StoredModel } from './dedup.model.ts';
import { type BandPrecision, bandLabel, bandRange, PRECISION_BANDS, precisionByBand } from './dedup.precision.ts';
import {
  countPairsByStatus,
  decidePair,
  decisionCounts,
  findPair,
  latestModelRun,
  latestModelRunId,
  latestRun,
  listPairs,
  listReferredPairs,
  type PairListRow,
  type PairRow,
  type PairScope,
} from './dedup.repository.ts';
import { groupReferred, pairCoverage, type ReferredPerson } from './dedup.scope.ts';
import type { PairStatus } from './dedup.table.ts';

export interface DedupDeps {
  db: Db;
  registry: RegistryService;
  reference: ReferenceService;
  audit: AuditSink;
  /** Now, ISO 8601 UTC (tests pin it). */
  now?: () => string;
}

export const PAIR_STATUSES: readonly PairStatus[] = ['open', 'same', 'different', 'merged', 'closed'];

export interface PairQuery {
  status?: PairStatus | 'all';
  band?: string;
  unit?: string;
  cursor?: string;
  limit?: number;
}

export interface PairPersonSummary {
  personId: number;
  pin: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  unit: string | null;
  province: string | null;
}

export interface PairSummary {
  id: number;
  status: PairStatus;
  probability: number;
  matchWeight: number;
  foundBy: string;
  version: number;
  left: PairPersonSummary;
  right: PairPersonSummary;
  createdAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface PairSide {
  personId: number;
  pin: string;
  /** alive, dead, missing, or merged (retired by a merge). */
  status: string;
  version: number;
  /** The version the pair was scored on. */
  scoredVersion: number;
  state: PersonState;
  masked: string[];
}

export interface PairDetail {
  id: number;
  status: PairStatus;
  probability: number;
  matchWeight: number;
  foundBy: string;
  version: number;
  evidence: EvidenceItem[];
  left: PairSide;
  right: PairSide;
  /** A person changed since the pair was scored (the next check rescores it). */
  stale: boolean;
  createdAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The merge in force for this pair (to undo it), if any. */
  mergeId: number | null;
}

export interface DecisionBody {
  decision: 'same' | 'different';
  /** The pair's version as read. */
  version: number;
  /** With 'same': merge the two persons now. */
  merge?: boolean;
  /** With merge: the PIN that survives (default: the older PIN, then the more complete record). */
  survivorPin?: string;
}

/** Referred pairs looked at for one page of the queue (an officer's own persons with duplicates elsewhere). */
const REFERRED_PAIRS = 1000;

export interface BallotMatch extends Match {
  /** 'pin': the ballot's PIN is this person's (or an alias of it); 'score': found through the blocking keys. */
  foundBy: 'pin' | 'score';
}

function summarySide(r: PairListRow, side: 'l' | 'r'): PairPersonSummary {
  return {
    personId: Number(side === 'l' ? r.person_l : r.person_r),
    pin: side === 'l' ? r.pin_l : r.pin_r,
    fullName: side === 'l' ? r.name_l : r.name_r,
    dateOfBirth: side === 'l' ? r.dob_l : r.dob_r,
    sex: side === 'l' ? r.sex_l : r.sex_r,
    unit: side === 'l' ? r.unit_l : r.unit_r,
    province: side === 'l' ? r.province_l : r.province_r,
  };
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

  private async authorize(ctx: RequestContext, action: string): Promise<void> {
    await this.deps.registry.authorize(ctx, 'dedup.review', action);
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

  // ---- the review queue ---------------------------------------------------------------------------------------

  private scope(ctx: RequestContext): PairScope {
    return searchScope(ctx.actor);
  }

  /**
   * The queue: pairs whose two persons the actor covers, in full; and, on the first page, the actor's persons that
   * have a possible duplicate outside its jurisdiction, with only the level the pair was referred to and a count.
   */
  async listPairs(
    ctx: RequestContext,
    query: PairQuery,
  ): Promise<{ items: PairSummary[]; nextCursor: string | null; referred: ReferredPerson[] }> {
    const v = new Violations();
    const status = query.status ?? 'open';
    if (status !== 'all' && !PAIR_STATUSES.includes(status))
      v.add('status', 'enum', `must be one of ${[...PAIR_STATUSES, 'all'].join(', ')}`, status);
    const band = query.band ? bandRange(query.band) : undefined;
    if (query.band && !band)
      v.add(
        'band',
        'band.unknown',
        `must be one of ${PRECISION_BANDS.map((_, i) => bandLabel(i)).join(', ')}`,
        query.band,
      );
    if (query.unit !== undefined && !/^(\d{2}|\d{5})$/.test(query.unit))
      v.add('unit', 'unit.format', 'a province (2 digits) or commune (5 digits) code', query.unit);
    let after: { p: number; id: number } | undefined;
    if (query.cursor) {
      try {
        const c = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as { p: unknown; i: unknown };
        if (typeof c.p !== 'number' || typeof c.i !== 'number') throw new Error('bad cursor');
        after = { p: c.p, id: c.i };
      } catch {
        v.add('cursor', 'cursor.invalid', 'not a cursor returned by this list', query.cursor);
      }
    }
    v.throwIfAny();
    await this.authorize(ctx, 'dedup.pairs');
    const limit = query.limit ?? 50;
    const unit = query.unit
      ? query.unit.length === 2
        ? { province: query.unit }
        : { commune: query.unit }
      : undefined;
    const rows = await listPairs(this.db, {
      status: status === 'all' ? undefined : status,
      min: band?.min,
      max: band?.max,
      scope: this.scope(ctx),
      unit,
      after,
      limit: limit + 1,
    });
    const catalog = await this.deps.reference.catalog();
    const page = rows.slice(0, limit);
    // The stored units are those the pair was scored with; the policy decides on the persons as they are now.
    const shown = page.filter(
      (r) => pairCoverage(ctx.actor, parseState(r.data_l), parseState(r.data_r), catalog).covers === 'both',
    );
    const referred = after ? [] : await this.referred(ctx, status === 'all' ? undefined : status, unit);
    await this.deps.audit.record(ctx, {
      action: 'dedup.pairs',
      outcome: 'ok',
      details: {
        status,
        band: query.band ?? null,
        unit: query.unit ?? null,
        results: shown.length,
        referred: referred.length,
      },
    });
    const last = page[page.length - 1];
    return {
      items: shown.map((r) => ({
        id: Number(r.id),
        status: r.status,
        probability: r.probability,
        matchWeight: r.match_weight,
        foundBy: r.found_by,
        version: r.version,
        left: summarySide(r, 'l'),
        right: summarySide(r, 'r'),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
      })),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify({ p: last.probability, i: Number(last.id) })).toString('base64url')
          : null,
      referred,
    };
  }

  /** The actor's persons with pairs referred to a higher level (at most REFERRED_PAIRS pairs looked at). */
  private async referred(
    ctx: RequestContext,
    status: PairStatus | undefined,
    unit: PairScope | undefined,
  ): Promise<ReferredPerson[]> {
    if (ctx.actor.jurisdiction === null) return [];
    const catalog = await this.deps.reference.catalog();
    const rows = await listReferredPairs(this.db, { status, scope: this.scope(ctx), unit, limit: REFERRED_PAIRS });
    const entries = [];
    for (const r of rows) {
      const c = pairCoverage(ctx.actor, parseState(r.data_l), parseState(r.data_r), catalog);
      if (c.covers !== 'one') continue;
      const { personId, pin, fullName, dateOfBirth, sex, unit: own } = summarySide(r, c.own);
      entries.push({ person: { personId, pin, fullName, dateOfBirth, sex, unit: own }, referredTo: c.referredTo });
    }
    return groupReferred(entries);
  }

  private async requirePair(id: number): Promise<PairRow> {
    const pair = await findPair(this.db, id);
    if (!pair) throw new NotFoundError('DEDUP.PAIR_NOT_FOUND', `no pair has id ${id}`, { pairId: id });
    return pair;
  }

  /**
   * The pair's two persons, checked: the actor's jurisdiction must cover both. Covering one, the pair is referred to
   * the level that covers both (DEDUP.PAIR_REFERRED, naming only that level); covering neither, it is forbidden.
   * Refusals are audited.
   */
  private async pairPersons(ctx: RequestContext, pair: PairRow, action: string) {
    const left = await this.persons.personById(Number(pair.person_l));
    const right = await this.persons.personById(Number(pair.person_r));
    if (!left || !right)
      throw new NotFoundError('DEDUP.PAIR_NOT_FOUND', `pair ${pair.id}: a person is gone`, { pairId: pair.id });
    const catalog = await this.deps.reference.catalog();
    const c = pairCoverage(ctx.actor, parseState(left.data), parseState(right.data), catalog);
    if (c.covers === 'both') return { left, right };
    const pairId = Number(pair.id);
    const own = c.covers === 'one' ? (c.own === 'l' ? left : right) : undefined;
    await this.deps.audit.record(ctx, {
      action,
      outcome: 'denied',
      personId: own?.id ?? null,
      pin: own?.pin ?? null,
      details: {
        pairId,
        reason: c.covers === 'one' ? `referred to the ${c.referredTo} level` : 'outside jurisdiction',
      },
    });
    if (c.covers === 'one') {
      throw new DomainError(
        'DEDUP.PAIR_REFERRED',
        `pair ${pairId} has a person outside your jurisdiction: it is reviewed at the ${c.referredTo} level`,
        { pairId, referredTo: c.referredTo, jurisdiction: ctx.actor.jurisdiction },
      );
    }
    throw forbidden(`pair ${pairId} is outside your jurisdiction`, { pairId, jurisdiction: ctx.actor.jurisdiction });
  }

  async getPair(ctx: RequestContext, id: number): Promise<PairDetail> {
    await this.authorize(ctx, 'dedup.pair');
    const pair = await this.requirePair(id);
    const { left, right } = await this.pairPersons(ctx, pair, 'dedup.pair');
    const side = (p: typeof left, scored: number): PairSide => {
      const shown = maskState(ctx, parseState(p.data));
      return {
        personId: p.id,
        pin: p.pin,
        status: p.status,
        version: p.version,
        scoredVersion: scored,
        state: shown.state,
        masked: shown.masked,
      };
    };
    const l = side(left, pair.version_l);
    const r = side(right, pair.version_r);
    // Reading a pair reads both persons: each read is audited as such.
    for (const [p, s] of [
      [left, l],
      [right, r],
    ] as const) {
      await this.deps.audit.record(ctx, {
        action: 'person.read',
        outcome: 'ok',
        personId: p.id,
        pin: p.pin,
        fields: Object.keys(s.state).filter((f) => !s.masked.includes(f)),
        details: { via: 'dedup.pair', pairId: Number(pair.id) },
      });
    }
    const merge = pair.status === 'merged' ? await activeMergeOfPair(this.db, Number(pair.id)) : undefined;
    return {
      id: Number(pair.id),
      status: pair.status,
      probability: pair.probability,
      matchWeight: pair.match_weight,
      foundBy: pair.found_by,
      version: pair.version,
      evidence: parseEvidence(pair.evidence),
      left: l,
      right: r,
      stale: left.version !== pair.version_l || right.version !== pair.version_r,
      createdAt: pair.created_at,
      updatedAt: pair.updated_at,
      decidedBy: pair.decided_by,
      decidedAt: pair.decided_at,
      mergeId: merge ? Number(merge.id) : null,
    };
  }

  async decide(
    ctx: RequestContext,
    id: number,
    body: DecisionBody,
  ): Promise<{ pair: PairDetail; merge: MergeView | null }> {
    await this.authorize(ctx, 'dedup.decision');
    const v = new Violations();
    if (body.decision !== 'same' && body.decision !== 'different')
      v.add('decision', 'enum', "must be 'same' or 'different'", body.decision);
    if (body.merge && body.decision !== 'same')
      v.add('merge', 'merge.decision', "only a 'same' decision can merge", body.merge);
    if (body.survivorPin !== undefined && !body.merge)
      v.add('survivorPin', 'merge.required', 'a survivor is chosen only when merging', body.survivorPin);
    v.throwIfAny();
    const pair = await this.requirePair(id);
    const { left, right } = await this.pairPersons(ctx, pair, 'dedup.decision');
    if (pair.status !== 'open') {
      throw new DomainError('DEDUP.ALREADY_DECIDED', `pair ${id} is already ${pair.status}`, {
        pairId: id,
        status: pair.status,
      });
    }
    if (pair.version !== body.version) {
      throw new DomainError(
        'DEDUP.ALREADY_DECIDED',
        `pair ${id} changed since it was read (version ${body.version}, now ${pair.version}); read it again`,
        {
          pairId: id,
          expected: body.version,
          actual: pair.version,
        },
      );
    }
    if (body.merge) {
      let survivor = left;
      let retired = right;
      if (body.survivorPin !== undefined) {
        if (body.survivorPin === right.pin) [survivor, retired] = [right, left];
        else if (body.survivorPin !== left.pin) {
          throw new ValidationError([
            {
              field: 'survivorPin',
              rule: 'merge.survivor',
              message: 'must be the PIN of one of the two persons',
              value: body.survivorPin,
            },
          ]);
        }
      } else {
        const a = { person: left, pins: await this.persons.pinsOf(left.id) };
        const b = { person: right, pins: await this.persons.pinsOf(right.id) };
        if (chooseSurvivor(a, b) === 'b') [survivor, retired] = [right, left];
      }
      const merge = await mergePersons(
        this.deps.registry,
        ctx,
        { survivorPin: survivor.pin, retiredPin: retired.pin, pairId: id, pairVersion: body.version },
        this.now,
      );
      return { pair: await this.getPair(ctx, id), merge };
    }
    const at = this.now();
    const status: PairStatus = body.decision;
    await this.db.transaction().execute(async (trx) => {
      if (!(await decidePair(trx, id, body.version, status, ctx.actor.id, at))) {
        throw new DomainError('DEDUP.ALREADY_DECIDED', `pair ${id} was decided or changed meanwhile; read it again`, {
          pairId: id,
        });
      }
      for (const [p, other] of [
        [left, right],
        [right, left],
      ] as const) {
        await this.deps.audit.recordIn(trx, ctx, {
          action: 'dedup.decision',
          outcome: 'ok',
          personId: p.id,
          pin: p.pin,
          details: { pairId: id, decision: body.decision, otherPin: other.pin, probability: pair.probability },
        });
      }
    });
    return { pair: await this.getPair(ctx, id), merge: null };
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
    for (const p of [survivor, retired]) if (p) await this.deps.registry.authorizePerson(ctx, p, 'dedup.merge.read');
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

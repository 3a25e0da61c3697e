// One pair side by side (both persons masked as the registry masks them, each read audited) and its decision
// (optimistic, audited for both persons, optionally merging at once). Both need the two persons in the actor's
// jurisdiction; covering one, the pair is referred to the level that covers both (dedup.scope.ts).
import type { Db } from '../../db/database.ts';
import { type AuditSink, refuse, requirePermission } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { DomainError, NotFoundError, ValidationError, Violations } from '../../domain/errors.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import { type PersonState, parseState } from '../registry/person.model.ts';
import { forbidden, maskState } from '../registry/registry.access.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { registryReader } from '../registry/registry.tx.ts';
import { type EvidenceItem, parseEvidence } from './dedup.evidence.ts';
import { activeMergeOfPair } from './dedup.merge.repository.ts';
import { chooseSurvivor, type MergeView, mergePersons } from './dedup.merge.ts';
import { decidePair, findPair, type PairRow } from './dedup.repository.ts';
import { pairCoverage } from './dedup.scope.ts';
import type { PairStatus } from './dedup.table.ts';

/** What the review needs: the database, the registry (its policy and writer), the catalog, the trail, a clock. */
export interface ReviewDeps {
  db: Db;
  registry: RegistryService;
  reference: ReferenceService;
  audit: AuditSink;
  now: () => string;
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

export async function requirePair(deps: ReviewDeps, id: number): Promise<PairRow> {
  const pair = await findPair(deps.db, id);
  if (!pair) throw new NotFoundError('DEDUP.PAIR_NOT_FOUND', `no pair has id ${id}`, { pairId: id });
  return pair;
}

/**
 * The pair's two persons, checked: the actor's jurisdiction must cover both. Covering one, the pair is referred to
 * the level that covers both (DEDUP.PAIR_REFERRED, naming only that level); covering neither, it is forbidden.
 * Refusals are audited.
 */
async function pairPersons(deps: ReviewDeps, ctx: RequestContext, pair: PairRow, action: string) {
  const left = await registryReader(deps.db).personById(Number(pair.person_l));
  const right = await registryReader(deps.db).personById(Number(pair.person_r));
  if (!left || !right)
    throw new NotFoundError('DEDUP.PAIR_NOT_FOUND', `pair ${pair.id}: a person is gone`, { pairId: pair.id });
  const catalog = await deps.reference.catalog();
  const c = pairCoverage(ctx.actor, parseState(left.data), parseState(right.data), catalog);
  if (c.covers === 'both') return { left, right };
  const pairId = Number(pair.id);
  const own = c.covers === 'one' ? (c.own === 'l' ? left : right) : undefined;
  const j = ctx.actor.jurisdiction;
  const referred = c.covers === 'one';
  const reason = referred ? `referred to the ${c.referredTo} level` : 'outside jurisdiction';
  const denied = referred
    ? new DomainError(
        'DEDUP.PAIR_REFERRED',
        `pair ${pairId} has a person outside your jurisdiction: it is reviewed at the ${c.referredTo} level`,
        { pairId, referredTo: c.referredTo, jurisdiction: j },
      )
    : forbidden(`pair ${pairId} is outside your jurisdiction`, { pairId, jurisdiction: j });
  const entry = { action, personId: own?.id ?? null, pin: own?.pin ?? null, details: { pairId, reason } };
  return refuse(deps.audit, ctx, entry, denied);
}

export async function getPair(deps: ReviewDeps, ctx: RequestContext, id: number): Promise<PairDetail> {
  await requirePermission(deps.audit, ctx, 'dedup.review', 'dedup.pair');
  const pair = await requirePair(deps, id);
  const { left, right } = await pairPersons(deps, ctx, pair, 'dedup.pair');
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
    await deps.audit.record(ctx, {
      action: 'person.read',
      outcome: 'ok',
      personId: p.id,
      pin: p.pin,
      fields: Object.keys(s.state).filter((f) => !s.masked.includes(f)),
      details: { via: 'dedup.pair', pairId: Number(pair.id) },
    });
  }
  const merge = pair.status === 'merged' ? await activeMergeOfPair(deps.db, Number(pair.id)) : undefined;
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

export async function decide(
  deps: ReviewDeps,
  ctx: RequestContext,
  id: number,
  body: DecisionBody,
): Promise<{ pair: PairDetail; merge: MergeView | null }> {
  await requirePermission(deps.audit, ctx, 'dedup.review', 'dedup.decision');
  const v = new Violations();
  if (body.decision !== 'same' && body.decision !== 'different')
    v.add('decision', 'enum', "must be 'same' or 'different'", body.decision);
  if (body.merge && body.decision !== 'same')
    v.add('merge', 'merge.decision', "only a 'same' decision can merge", body.merge);
  if (body.survivorPin !== undefined && !body.merge)
    v.add('survivorPin', 'merge.required', 'a survivor is chosen only when merging', body.survivorPin);
  v.throwIfAny();
  const pair = await requirePair(deps, id);
  const { left, right } = await pairPersons(deps, ctx, pair, 'dedup.decision');
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
      const a = { person: left, pins: await registryReader(deps.db).pinsOf(left.id) };
      const b = { person: right, pins: await registryReader(deps.db).pinsOf(right.id) };
      if (chooseSurvivor(a, b) === 'b') [survivor, retired] = [right, left];
    }
    const merge = await mergePersons(
      deps.registry,
      ctx,
      { survivorPin: survivor.pin, retiredPin: retired.pin, pairId: id, pairVersion: body.version },
      deps.now,
    );
    return { pair: await getPair(deps, ctx, id), merge };
  }
  const at = deps.now();
  const status: PairStatus = body.decision;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await decidePair(trx, id, body.version, status, ctx.actor.id, at))) {
      throw new DomainError('DEDUP.ALREADY_DECIDED', `pair ${id} was decided or changed meanwhile; read it again`, {
        pairId: id,
      });
    }
    for (const [p, other] of [
      [left, right],
      [right, left],
    ] as const) {
      await deps.audit.recordIn(trx, ctx, {
        action: 'dedup.decision',
        outcome: 'ok',
        personId: p.id,
        pin: p.pin,
        details: { pairId: id, decision: body.decision, otherPin: other.pin, probability: pair.probability },
      });
    }
  });
  return { pair: await getPair(deps, ctx, id), merge: null };
}

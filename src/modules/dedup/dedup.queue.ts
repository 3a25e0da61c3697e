// The review queue: the pairs an actor may review (both persons in its jurisdiction), most probable first, by
// cursor; and, apart, the actor's persons whose possible duplicates were referred to a higher level, with nothing of
// the other person (dedup.scope.ts decides which).
import { requirePermission } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { parseState } from '../registry/person.model.ts';
import { searchScope } from '../registry/registry.access.ts';
import { bandLabel, bandRange, PRECISION_BANDS } from './dedup.precision.ts';
import {
  listPairs as listPairRows,
  listReferredPairs,
  type PairListRow,
  type PairScope,
} from './dedup.queue.repository.ts';
import type { ReviewDeps } from './dedup.review.ts';
import { groupReferred, pairCoverage, type ReferredPerson } from './dedup.scope.ts';
import type { PairStatus } from './dedup.table.ts';

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

/** Referred pairs looked at for one page of the queue (an officer's own persons with duplicates elsewhere). */
const REFERRED_PAIRS = 1000;

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

/**
 * The queue: pairs whose two persons the actor covers, in full; and, on the first page, the actor's persons that
 * have a possible duplicate outside its jurisdiction, with only the level the pair was referred to and a count.
 */
export async function listPairs(
  deps: ReviewDeps,
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
    const c = decodeCursor(query.cursor, { p: 'number', i: 'number' });
    if (c) after = { p: c.p, id: c.i };
    else v.add('cursor', 'cursor.invalid', 'not a cursor returned by this list', query.cursor);
  }
  v.throwIfAny();
  await requirePermission(deps.audit, ctx, 'dedup.review', 'dedup.pairs');
  const limit = query.limit ?? 50;
  const unit = query.unit ? (query.unit.length === 2 ? { province: query.unit } : { commune: query.unit }) : undefined;
  const rows = await listPairRows(deps.db, {
    status: status === 'all' ? undefined : status,
    min: band?.min,
    max: band?.max,
    scope: searchScope(ctx.actor),
    unit,
    after,
    limit: limit + 1,
  });
  const catalog = await deps.reference.catalog();
  const page = rows.slice(0, limit);
  // The stored units are those the pair was scored with; the policy decides on the persons as they are now.
  const shown = page.filter(
    (r) => pairCoverage(ctx.actor, parseState(r.data_l), parseState(r.data_r), catalog).covers === 'both',
  );
  const referred = after ? [] : await referredPersons(deps, ctx, status === 'all' ? undefined : status, unit);
  await deps.audit.record(ctx, {
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
    nextCursor: rows.length > limit && last ? encodeCursor({ p: last.probability, i: Number(last.id) }) : null,
    referred,
  };
}

/** The actor's persons with pairs referred to a higher level (at most REFERRED_PAIRS pairs looked at). */
async function referredPersons(
  deps: ReviewDeps,
  ctx: RequestContext,
  status: PairStatus | undefined,
  unit: PairScope | undefined,
): Promise<ReferredPerson[]> {
  if (ctx.actor.jurisdiction === null) return [];
  const catalog = await deps.reference.catalog();
  const rows = await listReferredPairs(deps.db, { status, scope: searchScope(ctx.actor), unit, limit: REFERRED_PAIRS });
  const entries = [];
  for (const r of rows) {
    const c = pairCoverage(ctx.actor, parseState(r.data_l), parseState(r.data_r), catalog);
    if (c.covers !== 'one') continue;
    const { personId, pin, fullName, dateOfBirth, sex, unit: own } = summarySide(r, c.own);
    entries.push({ person: { personId, pin, fullName, dateOfBirth, sex, unit: own }, referredTo: c.referredTo });
  }
  return groupReferred(entries);
}

// Second parties of life events. An event is recorded for the person the officer may write; what it would change
// on another person (the spouse in a marriage, divorce or death, the parents of a newborn, the heads of a
// household) is written at once only when the officer's jurisdiction covers that person too (a national
// administrator covers everyone). Otherwise the change waits as a notice for an officer who covers the person,
// who confirms it (written then through the registry's writer, with history and audit) or rejects it with a reason.
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import { ageOn } from '../../domain/dates.ts';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { type PersonState, parseState, type RelatedPerson } from './person.model.ts';
import { type ChangeSpec, writePersons } from './person.writer.ts';
import { coversSecondParty, decide, forbidden } from './registry.access.ts';
import {
  decideNotice,
  findNotice,
  insertNotice,
  listNotices,
  type NoticeRow,
  type NoticeWithPersons,
} from './registry.notice.repository.ts';
import { findPersonById, listChanges, type PersonRow } from './registry.repository.ts';
import type { RegistryService } from './registry.service.ts';

/** Minimum marriage ages, Law on Marriage and Family 2014 Art 8: men 20, women 18. */
export const MARRIAGE_AGE = { M: 20, F: 18 } as const;

export type NoticeKind = 'marriage' | 'divorce' | 'spouse_death' | 'child_registered' | 'household_head_change';

/** The change a notice would make: a change record of the person, with a child to add to the current list. */
export interface NoticePlan {
  validFrom: string;
  event: string;
  reason: string | null;
  sourceDoc: string | null;
  set: Partial<PersonState>;
  addChild?: RelatedPerson;
}

/** A change an event makes to a person other than the one it is recorded for. */
export interface SecondParty {
  kind: NoticeKind;
  row: PersonRow;
  plan: NoticePlan;
  /** Prefix of validation messages about this person when written at once (e.g. "spouse: "). */
  label: string;
}

/** What the recording officer learns of a notice left for another jurisdiction. */
export interface NoticeRef {
  id: number;
  kind: NoticeKind;
  targetPin: string;
  status: 'pending';
}

export interface NoticeView {
  id: number;
  kind: NoticeKind;
  status: NoticeRow['status'];
  targetPin: string;
  sourcePin: string;
  sourceEvent: string;
  plan: NoticePlan;
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

/** The fields the plan sets on the person as they are now (a child is added to the current list). */
export function planChanges(plan: NoticePlan, current: PersonState): Partial<PersonState> {
  const changes = { ...plan.set };
  const child = plan.addChild;
  if (child) changes.children = [...current.children.filter((c) => c.pin !== child.pin), child];
  return changes;
}

export function specOf(plan: NoticePlan, current: PersonState): ChangeSpec {
  return {
    validFrom: plan.validFrom,
    event: plan.event,
    reason: plan.reason,
    sourceDoc: plan.sourceDoc,
    changes: planChanges(plan, current),
  };
}

/** Second parties the actor may write now, and those left as notices. */
export function splitSecondParties(
  ctx: RequestContext,
  parties: SecondParty[],
  catalog: ReferenceCatalog,
): { now: SecondParty[]; later: SecondParty[] } {
  const now: SecondParty[] = [];
  const later: SecondParty[] = [];
  for (const p of parties) (coversSecondParty(ctx, parseState(p.row.data), catalog) ? now : later).push(p);
  return { now, later };
}

/** Writes the notices of an event inside its transaction, each audited; returns what the recorder may know. */
export async function insertNoticesIn(
  svc: RegistryService,
  trx: Trx,
  ctx: RequestContext,
  parties: SecondParty[],
  source: { personId: number; pin: string; seq: number | null; event: string },
  at: string,
): Promise<NoticeRef[]> {
  const refs: NoticeRef[] = [];
  for (const p of parties) {
    const id = await insertNotice(trx, {
      kind: p.kind,
      target_person_id: p.row.id,
      changes: JSON.stringify(p.plan),
      source_person_id: source.personId,
      source_seq: source.seq,
      source_event: source.event,
      created_by: ctx.actor.id,
      created_at: at,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      reason: null,
    });
    await svc.audit.recordIn(trx, ctx, {
      action: 'notice.create',
      outcome: 'ok',
      personId: p.row.id,
      pin: p.row.pin,
      fields: Object.keys(p.plan.set).concat(p.plan.addChild ? ['children'] : []),
      details: { notice: id, kind: p.kind, event: source.event, sourcePin: source.pin },
    });
    refs.push({ id, kind: p.kind, targetPin: p.row.pin, status: 'pending' });
  }
  return refs;
}

/** Why the person's record no longer fits the notice (it changed since), or null when it can be applied. */
export function staleness(n: NoticeWithPersons, target: PersonState, plan: NoticePlan): string | null {
  const kind = n.kind as NoticeKind;
  if (kind === 'marriage') {
    if (target.death) return `person ${n.target_pin} is recorded as ${target.death.kind}`;
    if (target.maritalStatus === 'married') return `person ${n.target_pin} is already recorded as married`;
    if (ageOn(target.dateOfBirth, plan.validFrom) < MARRIAGE_AGE[target.sex])
      return `person ${n.target_pin} is under the minimum marriage age (${MARRIAGE_AGE[target.sex]})`;
  }
  if ((kind === 'divorce' || kind === 'spouse_death') && target.spouse?.pin !== n.source_pin)
    return `person ${n.target_pin} is no longer recorded as the spouse of ${n.source_pin}`;
  if (kind === 'child_registered' && target.children.some((c) => c.pin === plan.addChild?.pin))
    return `person ${n.target_pin} already lists child ${plan.addChild?.pin}`;
  if (kind === 'household_head_change' && target.household?.code !== plan.set.household?.code)
    return `person ${n.target_pin} is no longer a member of household ${plan.set.household?.code}`;
  return null;
}

function viewOf(n: NoticeWithPersons): NoticeView {
  return {
    id: n.id,
    kind: n.kind as NoticeKind,
    status: n.status,
    targetPin: n.target_pin,
    sourcePin: n.source_pin,
    sourceEvent: n.source_event,
    plan: JSON.parse(n.changes) as NoticePlan,
    createdBy: n.created_by,
    createdAt: n.created_at,
    decidedBy: n.decided_by,
    decidedAt: n.decided_at,
    reason: n.reason,
  };
}

/** The notice, when the actor may act on its target; a refusal is audited. Unknown and out of reach answer alike. */
async function noticeFor(
  svc: RegistryService,
  ctx: RequestContext,
  id: number,
  action: 'notice.read' | 'notice.decide',
): Promise<NoticeWithPersons> {
  await svc.authorizeAccess(ctx, action, null);
  const n = await findNotice(svc.db, id);
  const catalog = (await svc.env()).catalog;
  if (n && decide(ctx, action, [parseState(n.target_data)], catalog).allowed) return n;
  if (n) {
    await svc.audit.record(ctx, {
      action,
      outcome: 'denied',
      personId: n.target_person_id,
      pin: n.target_pin,
      details: { notice: id, reason: 'outside jurisdiction' },
    });
    throw forbidden(`notice ${id} concerns a person outside your jurisdiction`, { notice: id });
  }
  throw new NotFoundError('REGISTRY.NOTICE_NOT_FOUND', `no notice has id ${id}`, { id });
}

export async function getNotice(svc: RegistryService, ctx: RequestContext, id: number): Promise<NoticeView> {
  const n = await noticeFor(svc, ctx, id, 'notice.read');
  await svc.audit.record(ctx, {
    action: 'notice.read',
    outcome: 'ok',
    personId: n.target_person_id,
    pin: n.target_pin,
    details: { notice: id },
  });
  return viewOf(n);
}

/** The notices whose target the actor covers, in id order, one page after the cursor. */
export async function listNoticesFor(
  svc: RegistryService,
  ctx: RequestContext,
  q: { status?: 'pending' | 'confirmed' | 'rejected'; limit?: number; cursor?: string },
): Promise<{ items: NoticeView[]; nextCursor: string | null }> {
  let afterId: number | undefined;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, { i: 'number' });
    if (!c)
      throw new ValidationError([
        { field: 'cursor', rule: 'cursor.invalid', message: 'not a cursor returned by this list', value: q.cursor },
      ]);
    afterId = c.i;
  }
  await svc.authorizeAccess(ctx, 'notice.read', null);
  const limit = q.limit ?? 50;
  const catalog = (await svc.env()).catalog;
  const status = q.status ?? 'pending';
  const items: NoticeWithPersons[] = [];
  // Jurisdiction is decided on each target's residences (permanent or temporary), so rows are filtered here; a
  // batch larger than the page keeps the number of queries small when most notices are of other jurisdictions.
  let more = true;
  while (items.length <= limit && more) {
    const batch = await listNotices(svc.db, { status, afterId, limit: limit * 4 + 1 });
    more = batch.length === limit * 4 + 1;
    for (const n of batch) {
      afterId = n.id;
      if (decide(ctx, 'notice.read', [parseState(n.target_data)], catalog).allowed) items.push(n);
      if (items.length > limit) break;
    }
  }
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  await svc.audit.record(ctx, {
    action: 'notice.list',
    outcome: 'ok',
    details: { status, results: page.length },
  });
  return {
    items: page.map(viewOf),
    nextCursor: items.length > limit && last ? encodeCursor({ i: last.id }) : null,
  };
}

function alreadyDecided(id: number, status = 'decided'): DomainError {
  return new DomainError('REGISTRY.NOTICE_DECIDED', `notice ${id} was already ${status}`, { id, status });
}

/** Applies the notice's change to its target through the writer (history, audit), and marks it confirmed. */
export async function confirmNotice(
  svc: RegistryService,
  ctx: RequestContext,
  id: number,
  reason: string | null,
): Promise<NoticeView> {
  const n = await noticeFor(svc, ctx, id, 'notice.decide');
  if (n.status !== 'pending') throw alreadyDecided(id, n.status);
  const target = await findPersonById(svc.db, n.target_person_id);
  if (!target || target.status === 'merged')
    throw new DomainError('REGISTRY.NOTICE_STALE', `the person of notice ${id} was merged into another`, { id });
  const state = parseState(target.data);
  const plan = JSON.parse(n.changes) as NoticePlan;
  const why = staleness(n, state, plan);
  if (why) throw new DomainError('REGISTRY.NOTICE_STALE', `${why}; reject the notice instead`, { id });
  const spec = specOf(plan, state);
  const env = await svc.env();
  const existing = await listChanges(svc.db, target.id);
  await writePersons(svc.db, ctx, env, [{ person: target, existing, specs: [spec] }], async (trx, at) => {
    if (!(await decideNotice(trx, id, { status: 'confirmed', by: ctx.actor.id, at, reason }))) throw alreadyDecided(id);
    await svc.audit.recordIn(trx, ctx, {
      action: 'notice.confirm',
      outcome: 'ok',
      personId: target.id,
      pin: target.pin,
      fields: Object.keys(spec.changes),
      details: { notice: id, kind: n.kind, event: plan.event },
    });
  });
  svc.afterWrite([target.id]);
  return viewOf((await findNotice(svc.db, id))!);
}

/** Leaves the target unchanged and records why. */
export async function rejectNotice(
  svc: RegistryService,
  ctx: RequestContext,
  id: number,
  reason: string,
): Promise<NoticeView> {
  if (!reason.trim())
    throw new ValidationError([
      { field: 'reason', rule: 'required', message: 'say why the notice is rejected', value: reason },
    ]);
  const n = await noticeFor(svc, ctx, id, 'notice.decide');
  if (n.status !== 'pending') throw alreadyDecided(id, n.status);
  await svc.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    if (!(await decideNotice(trx, id, { status: 'rejected', by: ctx.actor.id, at, reason: reason.trim() })))
      throw alreadyDecided(id);
    await svc.audit.recordIn(trx, ctx, {
      action: 'notice.reject',
      outcome: 'ok',
      personId: n.target_person_id,
      pin: n.target_pin,
      details: { notice: id, kind: n.kind, reason: reason.trim() },
    });
  });
  return viewOf((await findNotice(svc.db, id))!);
}

// Card applications: received (with the photo and, under 14, the representative), approved (the printed data
// taken from the registry now, so a later correction needs a new card), refused or cancelled with a reason.
// Each step checks the card permission and the holder's jurisdiction, and is audited in its own transaction.
import type { RequestContext } from '../../domain/context.ts';
import { ageOn } from '../../domain/dates.ts';
import { DomainError, ValidationError, Violations } from '../../domain/errors.ts';
import { parseState } from '../registry/person.model.ts';
import { unitWithin } from '../registry/registry.access.ts';
import type { PersonRow } from '../registry/registry.tx.ts';
import {
  findApplication,
  insertApplication,
  openApplicationsOf,
  updateApplicationIfVersion,
} from './card.application.repository.ts';
import { type CardDeps, changedMeanwhile, invalidTransition } from './card.deps.ts';
import { checkEligibility, type HeldCard } from './card.eligibility.ts';
import { insertPhoto, latestPhotoId } from './card.photo.repository.ts';
import { checkPhoto } from './card.photo.ts';
import { PHOTO_FROM_AGE, printedCard } from './card.printed.ts';
import { cardsOfPerson } from './card.repository.ts';
import type { ApplicationView, ApplyBody } from './card.schemas.ts';
import { logStepIn } from './card.steps.ts';
import type { CardApplicationStatus } from './card.table.ts';
import { applicationView, printedOf } from './card.views.ts';

/** Under this age the legal representative applies (Law 26/2023 Art 19). */
const REPRESENTED_UNDER = 14;

/** The person's cards with the data each was printed with, newest first. */
export async function heldCardsOf(deps: CardDeps, personId: number): Promise<HeldCard[]> {
  const out: HeldCard[] = [];
  for (const c of await cardsOfPerson(deps.db, personId)) {
    const app = await findApplication(deps.db, c.application_id);
    const printed = app && printedOf(app);
    if (printed) out.push({ id: c.id, status: c.status, issuedOn: c.issued_on, expiresOn: c.expires_on, printed });
  }
  return out;
}

export async function apply(deps: CardDeps, ctx: RequestContext, body: ApplyBody): Promise<ApplicationView> {
  await deps.door.permit(ctx, 'card.apply', 'card.apply', body.pin);
  const person = await deps.door.personByPin(ctx, body.pin, 'card.apply');
  const state = parseState(person.data);
  const catalog = await deps.registry.catalog();
  const today = deps.today();
  const v = new Violations();
  const unit = catalog.unitOn(body.receivedUnit, today);
  if (unit?.level !== 'commune') {
    v.add('receivedUnit', 'unit.unknown', 'is not a commune code valid today', body.receivedUnit);
  } else if (!unitWithin(ctx.actor, unit.code, today, catalog)) {
    v.add('receivedUnit', 'card.received_unit.jurisdiction', 'is outside your jurisdiction', body.receivedUnit);
  }
  const age = ageOn(state.dateOfBirth, today);
  if (age < REPRESENTED_UNDER && !body.representative) {
    v.add('representative', 'card.representative.required', `the applicant is ${age}: a legal representative applies`);
  }
  if (age < PHOTO_FROM_AGE && body.photo) {
    v.add('photo', 'card.photo.under_6', `the applicant is ${age}: a card under ${PHOTO_FROM_AGE} has no photo`);
  }
  v.throwIfAny();
  const { replaces } = checkEligibility({
    state,
    reason: body.reason,
    cards: await heldCardsOf(deps, person.id),
    openApplications: (await openApplicationsOf(deps.db, person.id)).map((a) => a.id),
    printedNow: printedCard(state, today, catalog),
    today,
  });
  const photo = age >= PHOTO_FROM_AGE && body.photo ? checkPhoto(body.photo) : null;
  // A reissue for a lost or damaged card reuses the last captured face (domain.md §4.3); otherwise one is taken.
  const reused = age >= PHOTO_FROM_AGE && !photo ? await latestPhotoId(deps.db, person.id) : undefined;
  if (age >= PHOTO_FROM_AGE && !photo && (reused === undefined || !['lost', 'damaged'].includes(body.reason))) {
    throw new ValidationError([
      {
        field: 'photo',
        rule: 'card.photo.required',
        message: `a face photo is required from age ${PHOTO_FROM_AGE}${reused === undefined ? '' : ' (only a lost or damaged card reuses the last one)'}`,
      },
    ]);
  }
  const at = deps.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const photoId = photo
      ? await insertPhoto(trx, {
          person_id: person.id,
          media_type: 'image/jpeg',
          bytes: photo.bytes,
          sha256: photo.sha256,
          captured_at: at,
          source: 'capture',
        })
      : (reused ?? null);
    const appId = await insertApplication(trx, {
      person_id: person.id,
      pin: person.pin,
      reason: body.reason,
      status: 'received',
      status_reason: null,
      received_unit: body.receivedUnit,
      unit_code: person.res_unit,
      province_code: person.res_province,
      received_at: at,
      received_by: ctx.actor.id,
      decided_at: null,
      decided_by: null,
      representative: age < REPRESENTED_UNDER && body.representative ? JSON.stringify(body.representative) : null,
      photo_id: photoId,
      printed: null,
      batch_id: null,
      card_id: null,
      replaces_card_id: replaces?.id ?? null,
      version: 1,
      updated_at: at,
    });
    const details = { reason: body.reason, receivedUnit: body.receivedUnit, photo: photo ? 'new' : photoId };
    await logStepIn(deps, trx, ctx, person, { applicationId: appId }, 'card.apply', 'received', null, details);
    return appId;
  });
  return applicationView((await findApplication(deps.db, id))!, state.fullName);
}

/** Approval: the data to print, taken from the registry now. */
export async function approve(deps: CardDeps, ctx: RequestContext, id: number): Promise<ApplicationView> {
  return decide(deps, ctx, id, 'card.approve', ['received'], 'approved', null, async (person) => {
    const state = parseState(person.data);
    if (state.death) {
      throw new DomainError('CARD.NOT_ELIGIBLE', `the person is recorded as ${state.death.kind}`, {
        rule: 'card.deceased',
      });
    }
    return { printed: JSON.stringify(printedCard(state, deps.today(), await deps.registry.catalog())) };
  });
}

export function refuse(deps: CardDeps, ctx: RequestContext, id: number, reason: string): Promise<ApplicationView> {
  return decide(deps, ctx, id, 'card.refuse', ['received'], 'refused', reason);
}

export function cancel(deps: CardDeps, ctx: RequestContext, id: number, reason: string): Promise<ApplicationView> {
  return decide(deps, ctx, id, 'card.cancel', ['received', 'approved'], 'cancelled', reason);
}

/** An application the actor may see (card.read, and the holder within jurisdiction). */
export async function getApplication(deps: CardDeps, ctx: RequestContext, id: number): Promise<ApplicationView> {
  await deps.door.permit(ctx, 'card.read', 'card.application.read');
  const app = await findApplication(deps.db, id);
  if (!app) throw deps.door.missing(ctx, 'CARD.APPLICATION_NOT_FOUND', 'application', id);
  const person = await deps.door.holder(ctx, app.person_id, `application ${id}`, 'card.application.read');
  await deps.audit.record(ctx, {
    action: 'card.application.read',
    outcome: 'ok',
    personId: person.id,
    pin: person.pin,
    details: { applicationId: id },
  });
  return applicationView(app, parseState(person.data).fullName);
}

async function decide(
  deps: CardDeps,
  ctx: RequestContext,
  id: number,
  action: 'card.approve' | 'card.refuse' | 'card.cancel',
  from: readonly CardApplicationStatus[],
  to: CardApplicationStatus,
  reason: string | null,
  extra?: (person: PersonRow) => Promise<{ printed: string }>,
): Promise<ApplicationView> {
  await deps.door.permit(ctx, action === 'card.cancel' ? 'card.apply' : 'card.approve', action);
  const app = await findApplication(deps.db, id);
  if (!app) throw deps.door.missing(ctx, 'CARD.APPLICATION_NOT_FOUND', 'application', id);
  const person = await deps.door.holder(ctx, app.person_id, `application ${id}`, action);
  if (!from.includes(app.status)) throw invalidTransition(`application ${id}`, action, app.status, from);
  const more = extra ? await extra(person) : {};
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await updateApplicationIfVersion(trx, id, app.version, {
      status: to,
      status_reason: reason,
      decided_at: to === 'cancelled' ? app.decided_at : at,
      decided_by: to === 'cancelled' ? app.decided_by : ctx.actor.id,
      updated_at: at,
      ...more,
    });
    if (!ok) throw changedMeanwhile(`application ${id}`);
    await logStepIn(deps, trx, ctx, person, { applicationId: id }, action, to, reason, { from: app.status });
  });
  return applicationView((await findApplication(deps.db, id))!, parseState(person.data).fullName);
}

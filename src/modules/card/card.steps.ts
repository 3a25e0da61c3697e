// What a card step writes besides the card itself: its application's status, the card's event log and the audit
// entry, all in the step's transaction.
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import { findApplication, updateApplicationIfVersion } from './card.application.repository.ts';
import { type CardDeps, changedMeanwhile } from './card.deps.ts';
import { insertCardEvent } from './card.event.repository.ts';
import type { CardRow } from './card.repository.ts';

/** Moves the card's application on (delivered, issued) if it is still where `from` says. */
export async function moveApplication(
  trx: Trx,
  deps: CardDeps,
  card: CardRow,
  from: readonly string[],
  to: 'delivered' | 'issued',
): Promise<void> {
  const app = await findApplication(trx, card.application_id);
  if (!app || !from.includes(app.status)) return;
  const ok = await updateApplicationIfVersion(trx, app.id, app.version, { status: to, updated_at: deps.now() });
  if (!ok) throw changedMeanwhile(`application ${app.id}`);
}

/** What a logged step is about: a card, or an application (before it has a card). */
export type StepSubject = { cardId: number } | { applicationId: number };

/** The event row and the audit entry of a card or application step, in its transaction. */
export async function logStepIn(
  deps: Pick<CardDeps, 'audit' | 'now'>,
  trx: Trx,
  ctx: RequestContext,
  person: { id: number; pin: string },
  subject: StepSubject,
  action: string,
  type: string,
  reason: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  const cardId = 'cardId' in subject ? subject.cardId : null;
  const applicationId = 'applicationId' in subject ? subject.applicationId : null;
  await insertCardEvent(trx, {
    card_id: cardId,
    application_id: applicationId,
    at: deps.now(),
    by: ctx.actor.id,
    type,
    reason,
    details: JSON.stringify(details),
  });
  await deps.audit.recordIn(trx, ctx, {
    action,
    outcome: 'ok',
    personId: person.id,
    pin: person.pin,
    details: { ...subject, ...(reason ? { reason } : {}), ...details },
  });
}

/** A card step's event and audit entry (logStepIn for a card). */
export function logCardIn(
  deps: Pick<CardDeps, 'audit' | 'now'>,
  trx: Trx,
  ctx: RequestContext,
  person: { id: number; pin: string },
  cardId: number,
  action: string,
  type: string,
  reason: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  return logStepIn(deps, trx, ctx, person, { cardId }, action, type, reason, details);
}

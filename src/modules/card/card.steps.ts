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

/** The event row and the audit entry of a card step, in its transaction. */
export async function logCardIn(
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
  await insertCardEvent(trx, {
    card_id: cardId,
    application_id: null,
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
    details: { cardId, ...(reason ? { reason } : {}), ...details },
  });
}

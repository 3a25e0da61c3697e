// The card module's part of a death, a declaration of missing and a PIN re-establishment, run by the registry
// inside the event's transaction (registry.lifehooks.ts): a dead person's cards are revoked and their open
// applications cancelled, a missing person's cards locked (found again: unlocked by an officer), and the cards
// printed with a replaced PIN revoked. If this fails, the event is not recorded either.
import type { Trx } from '../../db/database.ts';
import type { AuditSink } from '../../domain/audit.ts';
import type { LifeEvent, LifeEventListener } from '../registry/registry.lifehooks.ts';
import { listApplications, updateApplicationIfVersion } from './card.application.repository.ts';
import { changedMeanwhile } from './card.deps.ts';
import { insertCardEvent } from './card.event.repository.ts';
import { cardsOfPerson, LIVE_CARD, setCardStatusIfVersion } from './card.repository.ts';
import { logCardIn } from './card.steps.ts';

const CAUSE = { death: 'death', missing: 'declared missing', pin_reestablishment: 'PIN replaced' } as const;

export function cardLifeListener(deps: { audit: AuditSink; now: () => string }): LifeEventListener {
  return async (trx: Trx, e: LifeEvent) => {
    const at = deps.now();
    const reason = CAUSE[e.type];
    const holder = { id: e.personId, pin: e.pin };
    for (const card of await cardsOfPerson(trx, e.personId, LIVE_CARD)) {
      // Missing is not final: only the cards in use are locked; anything else waits for the person's return.
      if (e.type === 'missing' && card.status !== 'active') continue;
      const to = e.type === 'missing' ? 'locked' : 'revoked';
      if (!(await setCardStatusIfVersion(trx, card.id, card.version, { status: to, reason, at }))) {
        throw changedMeanwhile(`card ${card.id}`);
      }
      const details = { from: card.status, to, event: e.type, date: e.date, newPin: e.newPin };
      await logCardIn(
        deps,
        trx,
        e.ctx,
        holder,
        card.id,
        `card.${to === 'locked' ? 'lock' : 'revoke'}`,
        to,
        reason,
        details,
      );
    }
    if (e.type !== 'death') return;
    for (const app of await listApplications(trx, { personId: e.personId, limit: 1000 })) {
      if (app.status !== 'received' && app.status !== 'approved') continue;
      const patch = { status: 'cancelled' as const, status_reason: reason, updated_at: at };
      if (!(await updateApplicationIfVersion(trx, app.id, app.version, patch))) {
        throw changedMeanwhile(`application ${app.id}`);
      }
      await insertCardEvent(trx, {
        card_id: null,
        application_id: app.id,
        at,
        by: e.ctx.actor.id,
        type: 'cancelled',
        reason,
        details: JSON.stringify({ from: app.status, event: e.type, date: e.date }),
      });
      await deps.audit.recordIn(trx, e.ctx, {
        action: 'card.cancel',
        outcome: 'ok',
        personId: e.personId,
        pin: e.pin,
        details: { applicationId: app.id, reason },
      });
    }
  };
}

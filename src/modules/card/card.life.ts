// The life of a card after production: delivery to the place of receipt, hand-over (card.handover.ts), loss
// report, lock and unlock, revocation on the grounds of Law 26/2023 Art 29, retention and return (domain.md §4.3):
// which step may follow which status, and who may take it.
import type { RequestContext } from '../../domain/context.ts';
import type { Permission } from '../../domain/roles.ts';
import { findApplication } from './card.application.repository.ts';
import { type CardDeps, changedMeanwhile, invalidTransition } from './card.deps.ts';
import { handOver } from './card.handover.ts';
import { findCard, setCardStatusIfVersion } from './card.repository.ts';
import type { CardView } from './card.schemas.ts';
import { logCardIn, moveApplication } from './card.steps.ts';
import type { CardStatus } from './card.table.ts';
import { cardView } from './card.views.ts';

export type CardAction = 'deliver' | 'issue' | 'lost' | 'lock' | 'unlock' | 'revoke' | 'retain' | 'return';

interface Step {
  permission: Permission;
  from: readonly CardStatus[];
  to: CardStatus;
  /** The status reason when the caller gives none. */
  reason: string | null;
}

const STEPS: Record<CardAction, Step> = {
  deliver: { permission: 'card.apply', from: ['produced'], to: 'delivered', reason: null },
  issue: { permission: 'card.apply', from: ['delivered'], to: 'active', reason: null },
  // A loss report locks the card: it goes on the status list until found (unlock) or replaced (a reissue).
  lost: { permission: 'card.apply', from: ['active', 'locked'], to: 'locked', reason: 'lost' },
  lock: { permission: 'card.apply', from: ['active'], to: 'locked', reason: 'locked on request' },
  unlock: { permission: 'card.apply', from: ['locked'], to: 'active', reason: null },
  revoke: {
    permission: 'card.approve',
    from: ['produced', 'delivered', 'active', 'locked', 'retained'],
    to: 'revoked',
    reason: null,
  },
  // Retention: the holder is detained or in a compulsory facility; the card is returned at the end.
  retain: { permission: 'card.approve', from: ['active', 'locked'], to: 'retained', reason: 'retained' },
  return: { permission: 'card.approve', from: ['retained'], to: 'active', reason: null },
};

export async function cardStep(
  deps: CardDeps,
  ctx: RequestContext,
  id: number,
  action: CardAction,
  reason?: string | null,
): Promise<CardView> {
  const step = STEPS[action];
  const audited = `card.${action}`;
  await deps.door.permit(ctx, step.permission, audited);
  const card = await findCard(deps.db, id);
  if (!card) throw deps.door.missing(ctx, 'CARD.NOT_FOUND', 'card', id);
  const person = await deps.door.holder(ctx, card.person_id, `card ${id}`, audited);
  if (!step.from.includes(card.status)) throw invalidTransition(`card ${id}`, action, card.status, step.from);
  const why = reason?.trim() || step.reason;
  const at = deps.now();
  // Loaded before the transaction: on SQLite its one connection is held by the transaction until it ends.
  const catalog = await deps.registry.catalog();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await setCardStatusIfVersion(trx, id, card.version, { status: step.to, reason: why, at }))) {
      throw changedMeanwhile(`card ${id}`);
    }
    const details: Record<string, unknown> = { from: card.status, to: step.to };
    if (action === 'deliver') await moveApplication(trx, deps, card, ['produced'], 'delivered');
    if (action === 'issue') Object.assign(details, await handOver(trx, deps, ctx, card, person, catalog));
    await logCardIn(deps, trx, ctx, person, card.id, audited, step.to, why, details);
  });
  return cardView((await findCard(deps.db, id))!, (await findApplication(deps.db, card.application_id))!);
}

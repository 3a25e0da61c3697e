// The life of a card after production: delivery to the place of receipt, hand-over (the old card withdrawn,
// the application closed and the card added to field 14 of the person, all in one transaction), loss report,
// lock and unlock, revocation on the grounds of Law 26/2023 Art 29, retention and return (domain.md §4.3).
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import type { Permission } from '../../domain/roles.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { type IdCardRecord, parseState } from '../registry/person.model.ts';
import { type PersonRow, registryWriter } from '../registry/registry.tx.ts';
import { findApplication, updateApplicationIfVersion } from './card.application.repository.ts';
import { type CardDeps, changedMeanwhile, invalidTransition } from './card.deps.ts';
import { insertCardEvent } from './card.event.repository.ts';
import { ISSUER } from './card.printed.ts';
import { type CardRow, cardsOfPerson, findCard, setCardStatusIfVersion } from './card.repository.ts';
import type { CardView } from './card.schemas.ts';
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

/** Field 14 kind of a card by generation (domain.md §4.1). */
const KIND: Record<'2021' | '2024', IdCardRecord['kind']> = { '2021': 'cccd_chip', '2024': 'can_cuoc' };

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

async function moveApplication(
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

/**
 * Hand-over: the card the person held before is withdrawn, the application is issued, and the new card is
 * appended to the person's card history through the registry's writer (a new version of the person).
 */
async function handOver(
  trx: Trx,
  deps: CardDeps,
  ctx: RequestContext,
  card: CardRow,
  holder: PersonRow,
  catalog: ReferenceCatalog,
): Promise<Record<string, unknown>> {
  const at = deps.now();
  const withdrawn: number[] = [];
  for (const old of await cardsOfPerson(trx, card.person_id, ['active', 'locked', 'retained'])) {
    if (old.id === card.id) continue;
    const reason = `replaced by card ${card.id}`;
    if (!(await setCardStatusIfVersion(trx, old.id, old.version, { status: 'withdrawn', reason, at }))) {
      throw changedMeanwhile(`card ${old.id}`);
    }
    await logCardIn(deps, trx, ctx, holder, old.id, 'card.withdraw', 'withdrawn', reason, { by: card.id });
    withdrawn.push(old.id);
  }
  await moveApplication(trx, deps, card, ['delivered', 'produced'], 'issued');
  const writer = registryWriter(trx);
  const person = await writer.personById(card.person_id);
  if (!person) throw new Error(`card ${card.id}: holder ${card.person_id} vanished`);
  const state = parseState(person.data);
  const record: IdCardRecord = {
    number: card.number,
    kind: KIND[card.generation],
    issuedOn: card.issued_on,
    issuedBy: ISSUER,
    expiresOn: card.expires_on,
  };
  const idCards = [...state.idCards, record];
  const meta = {
    validFrom: deps.today(),
    recordedAt: at,
    recordedBy: ctx.actor.id,
    event: 'card_issued',
    reason: null,
    sourceDoc: `card ${card.id}`,
  };
  await writer.appendChange(person, { idCards }, { ...state, idCards }, meta, catalog);
  return { withdrawn, idCards: idCards.length };
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

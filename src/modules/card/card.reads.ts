// Reads of applications and cards: lists narrowed to the actor's jurisdiction, a person's cards, one card.
import type { RequestContext } from '../../domain/context.ts';
import { ValidationError } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { parseState } from '../registry/person.model.ts';
import { decide } from '../registry/registry.access.ts';
import { registryReader } from '../registry/registry.tx.ts';
import { findApplication, listApplications } from './card.application.repository.ts';
import type { CardDeps } from './card.deps.ts';
import { eventsOf } from './card.event.repository.ts';
import { type CardRow, cardsOfPerson, findCard } from './card.repository.ts';
import type { ApplicationQuery, ApplicationView, CardEventView, CardView } from './card.schemas.ts';
import { applicationView, cardView } from './card.views.ts';

/**
 * Applications newest first, in the actor's jurisdiction: narrowed in SQL by the residence recorded at
 * application, then each holder checked against the registry's policy (a person who moved away since drops out).
 */
export async function listApplicationsFor(
  deps: CardDeps,
  ctx: RequestContext,
  q: ApplicationQuery,
): Promise<{ items: ApplicationView[]; nextCursor: string | null }> {
  await deps.door.permit(ctx, 'card.read', 'card.application.list');
  const limit = q.limit ?? 50;
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, { id: 'number' });
  if (q.cursor !== undefined && !cursor) {
    throw new ValidationError([{ field: 'cursor', rule: 'cursor.format', message: 'is not a cursor of this list' }]);
  }
  const j = ctx.actor.jurisdiction;
  const personId = q.pin ? (await deps.door.personByPin(ctx, q.pin, 'card.application.list')).id : undefined;
  const rows = await listApplications(deps.db, {
    status: q.status,
    unit: q.unit ?? j ?? undefined,
    personId,
    beforeId: cursor?.id,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const persons = new Map(
    (await registryReader(deps.db).personsByIds([...new Set(page.map((r) => r.person_id))])).map((p) => [
      Number(p.id),
      p,
    ]),
  );
  const catalog = await deps.registry.catalog();
  const items: ApplicationView[] = [];
  for (const r of page) {
    const p = persons.get(r.person_id);
    const state = p && parseState(p.data);
    if (!state || !decide(ctx, 'person.read', [state], catalog).allowed) continue;
    items.push(applicationView(r, state.fullName));
  }
  await deps.audit.record(ctx, {
    action: 'card.application.list',
    outcome: 'ok',
    details: { count: items.length, ...(q.status ? { status: q.status } : {}), ...(q.unit ? { unit: q.unit } : {}) },
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

/** The cards of the person a PIN leads to (within jurisdiction), newest first. */
export async function cardsOfPin(deps: CardDeps, ctx: RequestContext, pin: string): Promise<{ items: CardView[] }> {
  await deps.door.permit(ctx, 'card.read', 'card.read', pin);
  const person = await deps.door.personByPin(ctx, pin, 'card.read');
  const items: CardView[] = [];
  for (const c of await cardsOfPerson(deps.db, person.id)) items.push(await viewOf(deps, c));
  await deps.audit.record(ctx, {
    action: 'card.read',
    outcome: 'ok',
    personId: person.id,
    pin: person.pin,
    details: { cards: items.map((c) => c.id) },
  });
  return { items };
}

/** A card the actor may see, with its row (card.read, and the holder within jurisdiction). */
export async function readCard(
  deps: CardDeps,
  ctx: RequestContext,
  id: number,
  action = 'card.read',
): Promise<{ card: CardRow; view: CardView }> {
  await deps.door.permit(ctx, 'card.read', action);
  const card = await findCard(deps.db, id);
  if (!card) throw deps.door.missing(ctx, 'CARD.NOT_FOUND', 'card', id);
  const person = await deps.door.holder(ctx, card.person_id, `card ${id}`, action);
  const view = await viewOf(deps, card);
  await deps.audit.record(ctx, {
    action,
    outcome: 'ok',
    personId: person.id,
    pin: person.pin,
    details: { cardId: id },
  });
  return { card, view };
}

async function viewOf(deps: CardDeps, card: CardRow): Promise<CardView> {
  const app = await findApplication(deps.db, card.application_id);
  if (!app) throw new Error(`card ${card.id} has no application ${card.application_id}`);
  return cardView(card, app);
}

/** How a card came to its status: its application's steps, then the card's own, oldest first. */
export async function cardHistory(deps: Pick<CardDeps, 'db'>, card: CardRow): Promise<CardEventView[]> {
  const [app, own] = await Promise.all([
    eventsOf(deps.db, { applicationId: card.application_id }),
    eventsOf(deps.db, { cardId: card.id }),
  ]);
  const view = (subject: CardEventView['subject']) => (e: (typeof own)[number]) => ({
    at: e.at,
    by: e.by,
    subject,
    type: e.type,
    reason: e.reason,
  });
  return [...app.map(view('application')), ...own.map(view('card'))].sort((a, b) => a.at.localeCompare(b.at));
}

// Hand-over of a card to its holder (domain.md §4.3): the card the person held before is withdrawn, the application
// is issued, and the new card is appended to field 14 of the person (their card history) through the registry's
// writer, all in the transaction of the step.
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { type IdCardRecord, parseState } from '../registry/person.model.ts';
import { type PersonRow, registryWriter } from '../registry/registry.tx.ts';
import { type CardDeps, changedMeanwhile } from './card.deps.ts';
import { ISSUER } from './card.printed.ts';
import { type CardRow, cardsOfPerson, setCardStatusIfVersion } from './card.repository.ts';
import { logCardIn, moveApplication } from './card.steps.ts';

/** Field 14 kind of a card by generation (domain.md §4.1). */
const KIND: Record<'2021' | '2024', IdCardRecord['kind']> = { '2021': 'cccd_chip', '2024': 'can_cuoc' };

/**
 * Hand-over: the card the person held before is withdrawn, the application is issued, and the new card is
 * appended to the person's card history through the registry's writer (a new version of the person).
 */
export async function handOver(
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

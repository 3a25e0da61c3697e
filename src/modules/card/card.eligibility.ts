// Whether a person may apply for a card for a given reason now (Law 26/2023 Art 19–24, domain.md §4.3). Pure:
// the caller hands in the person's state, their cards with the data each was printed with, and open applications.
import type { PrintedCard } from '../../domain/card/card.types.ts';
import { dueFor } from '../../domain/card/renewal.ts';
import { addYears } from '../../domain/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import type { PersonState } from '../registry/person.model.ts';
import { registryPart } from './card.printed.ts';
import type { CardApplicationReason, CardStatus } from './card.table.ts';

/** A card of the person with the data it was printed with. */
export interface HeldCard {
  id: number;
  status: CardStatus;
  issuedOn: string;
  expiresOn: string | null;
  printed: PrintedCard;
}

export interface EligibilityInput {
  state: PersonState;
  reason: CardApplicationReason;
  /** Every card of the person, newest first. */
  cards: readonly HeldCard[];
  /** Ids of the person's applications still on their way to a card. */
  openApplications: readonly number[];
  /** What a card issued today would print. */
  printedNow: PrintedCard;
  today: string;
}

/** How far ahead a renewal may be applied for: a card due within the year may be renewed now. */
const RENEWAL_WINDOW_YEARS = 1;

function refuse(rule: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('CARD.NOT_ELIGIBLE', message, { rule, ...details });
}

/** The card the person holds (active, or locked after a loss report), if any. */
export function heldCard(cards: readonly HeldCard[]): HeldCard | undefined {
  return cards.find((c) => c.status === 'active' || c.status === 'locked');
}

/** Throws CARD.NOT_ELIGIBLE naming the rule when the application may not be received. */
export function checkEligibility(x: EligibilityInput): { replaces: HeldCard | undefined } {
  const { state, reason } = x;
  if (state.death) {
    throw refuse('card.deceased', `the person is recorded as ${state.death.kind} since ${state.death.date}`);
  }
  if (!state.nationalities.includes('VN')) {
    throw refuse('card.nationality', 'identity cards are issued to Vietnamese citizens only', {
      nationalities: state.nationalities,
    });
  }
  if (x.openApplications.length > 0) {
    throw refuse('card.pending_application', `application ${x.openApplications[0]} of this person is still open`, {
      applicationId: x.openApplications[0],
    });
  }
  const held = heldCard(x.cards);
  const latest = x.cards[0];
  const changed = held !== undefined && registryPart(held.printed) !== registryPart(x.printedNow);
  const needHeld = () => {
    if (!held)
      throw refuse('card.no_card', `a ${reason} application needs a card held (active or locked); apply first`);
    return held;
  };
  switch (reason) {
    case 'first':
      if (held) {
        throw refuse('card.active_exists', `the person already holds card ${held.id} (${held.status})`, {
          cardId: held.id,
        });
      }
      break;
    case 'renewal': {
      const h = needHeld();
      const due = dueFor(state.dateOfBirth, { issuedOn: h.issuedOn, expiresOn: h.expiresOn }, x.today);
      const window = addYears(x.today, RENEWAL_WINDOW_YEARS);
      if (!changed && (!due || due.dueOn > window)) {
        throw refuse(
          'card.not_due',
          due
            ? `card ${h.id} is due for renewal on ${due.dueOn}, more than a year away, and its printed data is current`
            : `card ${h.id} is valid for life and its printed data is current`,
          { cardId: h.id, dueOn: due?.dueOn ?? null },
        );
      }
      break;
    }
    case 'change':
      if (!changed) {
        throw refuse('card.no_change', `the data printed on card ${needHeld().id} is still the registry's`, {
          cardId: held?.id,
        });
      }
      break;
    case 'sex_reregistration':
    case 'pin_reestablishment': {
      // A re-established PIN revokes the card it was printed on, so the comparison is with the latest card.
      if (!latest) throw refuse('card.no_card', `a ${reason} application replaces a card; the person has none`);
      const same =
        reason === 'sex_reregistration' ? latest.printed.sex === state.sex : latest.printed.number === state.pin;
      if (same) {
        throw refuse(
          reason === 'sex_reregistration' ? 'card.no_change' : 'card.no_pin_change',
          `card ${latest.id} already shows the registry's ${reason === 'sex_reregistration' ? 'sex' : 'PIN'}`,
          { cardId: latest.id },
        );
      }
      break;
    }
    case 'lost':
    case 'damaged':
      needHeld();
      break;
  }
  return {
    replaces: held ?? (reason === 'pin_reestablishment' || reason === 'sex_reregistration' ? latest : undefined),
  };
}

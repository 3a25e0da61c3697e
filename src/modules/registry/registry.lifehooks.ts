// Work other modules must do in the same transaction as a life event that ends a person's identity documents:
// a death, a declaration of missing, a PIN re-establishment (the card module revokes or locks the person's cards
// there, so a registry that says "dead" never coexists with an active card). A listener that throws rolls the
// event back with it.
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';

export interface LifeEvent {
  type: 'death' | 'missing' | 'pin_reestablishment';
  personId: number;
  /** The person's PIN before the event (for a re-establishment, the one now cancelled). */
  pin: string;
  /** The new PIN of a re-establishment; null otherwise. */
  newPin: string | null;
  /** The date of the event (valid date), YYYY-MM-DD. */
  date: string;
  ctx: RequestContext;
}

export type LifeEventListener = (trx: Trx, e: LifeEvent) => Promise<void>;

/** The listeners, run one after the other inside the event's transaction. */
export class LifeEventHooks {
  private readonly listeners: LifeEventListener[] = [];

  add(listener: LifeEventListener): void {
    this.listeners.push(listener);
  }

  async run(trx: Trx, e: LifeEvent): Promise<void> {
    for (const l of this.listeners) await l(trx, e);
  }
}

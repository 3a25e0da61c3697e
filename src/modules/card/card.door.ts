// Who may act on which card: the card permission of the actor's role, then the registry's door for the holder
// (registry.access.ts policy, through RegistryService), so an officer sees and acts on the cards and applications
// of persons in their jurisdiction only. An id outside it answers as an id that does not exist (403 for an actor
// with a jurisdiction, 404 only for a national one), and says nothing of the person.
import type { RequestContext } from '../../domain/context.ts';
import { DomainError, type ErrorCode, NotFoundError } from '../../domain/errors.ts';
import type { Permission } from '../../domain/roles.ts';
import { forbidden, isNational } from '../registry/registry.access.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { type PersonRow, registryReader } from '../registry/registry.tx.ts';

export class CardDoor {
  constructor(private readonly registry: RegistryService) {}

  /** Refuses (audited) an actor whose role lacks the permission. */
  permit(ctx: RequestContext, permission: Permission, action: string, pin?: string): Promise<void> {
    return this.registry.authorize(ctx, permission, action, pin);
  }

  /** The person a PIN leads to, within the actor's jurisdiction (else 403 as for a PIN nobody holds). */
  personByPin(ctx: RequestContext, pin: string, action: string): Promise<PersonRow> {
    return this.registry.personFor(ctx, 'person.read', pin, action);
  }

  /**
   * The holder of an application or a card (`what`, e.g. "card 12"), when within the actor's jurisdiction. The
   * refusal is audited by the registry and rethrown without the holder's PIN.
   */
  async holder(ctx: RequestContext, personId: number, what: string, action: string): Promise<PersonRow> {
    const person = await registryReader(this.registry.db).personById(personId);
    if (!person) throw new DomainError('REGISTRY.PERSON_NOT_FOUND', `the holder of ${what} is not in the registry`);
    try {
      await this.registry.authorizeAccess(ctx, 'person.read', person, { auditAction: action });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'AUTH.FORBIDDEN') throw this.outside(ctx, what);
      throw err;
    }
    return person;
  }

  /** The answer for an id that does not exist: 404 for a national actor, else the same 403 as out of scope. */
  missing(ctx: RequestContext, code: ErrorCode, what: string, id: number): DomainError {
    if (isNational(ctx.actor)) return new NotFoundError(code, `no ${what} has id ${id}`, { id });
    return this.outside(ctx, `${what} ${id}`);
  }

  private outside(ctx: RequestContext, what: string): DomainError {
    return forbidden(`${what} does not belong to a person in your jurisdiction`, {
      jurisdiction: ctx.actor.jurisdiction,
    });
  }
}

// What the card use cases are built from (the composition root hands it to CardService).
import type { Db } from '../../db/database.ts';
import type { AuditSink } from '../../domain/audit.ts';
import { DomainError } from '../../domain/errors.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import type { CardDoor } from './card.door.ts';

export interface CardDeps {
  db: Db;
  registry: RegistryService;
  audit: AuditSink;
  door: CardDoor;
  /** Today's date, YYYY-MM-DD (the configured clock). */
  today: () => string;
  /** Now, ISO 8601 (tests may fix it). */
  now: () => string;
}

/** The refusal of an action the application or card is not in a status for. */
export function invalidTransition(
  what: string,
  action: string,
  status: string,
  allowedFrom: readonly string[],
): DomainError {
  return new DomainError(
    'CARD.INVALID_TRANSITION',
    `${what} is ${status}: ${action} needs it ${allowedFrom.join(' or ')}`,
    { action, status, allowedFrom },
  );
}

/** Someone changed the application or card between our read and our write. */
export function changedMeanwhile(what: string): DomainError {
  return new DomainError('CARD.INVALID_TRANSITION', `${what} changed meanwhile; read it again`, { rule: 'version' });
}

// The registry's door for other modules that work inside a transaction of their own (campaign approval, dedup
// merge) or need persons by internal id (review queues): every read and write of a person outside the registry
// module goes through here or through RegistryService, never through registry.repository.ts. Jurisdiction and
// field visibility are decided by the registry's policy (registry.access.ts), not by the caller.
import type { DbOrTrx } from '../../db/database.ts';
import type { PersonChange } from './person.model.ts';
import {
  findPersonById,
  findPersonByPin,
  findPin,
  listChanges,
  type PersonRow,
  type PinRow,
  pinsOfPerson,
} from './registry.repository.ts';

export type { PersonRow, PinRow };

/** Reads of persons by id or PIN on a database or an open transaction. */
export class RegistryReader {
  constructor(protected readonly db: DbOrTrx) {}

  personById(id: number): Promise<PersonRow | undefined> {
    return findPersonById(this.db, id);
  }

  /** The person whose active PIN this is (a person retired by a merge is not found). */
  personByActivePin(pin: string): Promise<PersonRow | undefined> {
    return findPersonByPin(this.db, pin);
  }

  /** The person a PIN leads to: an active PIN, or a cancelled or merged one followed to its replacement. */
  async personByAnyPin(pin: string): Promise<PersonRow | undefined> {
    let person = await findPersonByPin(this.db, pin);
    for (let next: string | null = pin, hops = 0; !person && next && hops < 16; hops++) {
      const row = await findPin(this.db, next);
      if (!row) break;
      next = row.replaced_by;
      if (next) person = await findPersonByPin(this.db, next);
      else if (row.status !== 'merged') person = await findPersonById(this.db, row.person_id);
    }
    return person;
  }

  pin(pin: string): Promise<PinRow | undefined> {
    return findPin(this.db, pin);
  }

  pinsOf(personId: number): Promise<PinRow[]> {
    return pinsOfPerson(this.db, personId);
  }

  changesOf(personId: number): Promise<PersonChange[]> {
    return listChanges(this.db, personId);
  }
}

/** A reader over `db` (the database or a transaction). */
export function registryReader(db: DbOrTrx): RegistryReader {
  return new RegistryReader(db);
}

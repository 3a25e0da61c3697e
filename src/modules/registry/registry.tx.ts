// The registry's door for other modules that work inside a transaction of their own (campaign approval, dedup
// merge) or need persons by internal id (review queues): every read and write of a person outside the registry
// module goes through here or through RegistryService, never through registry.repository.ts. Jurisdiction and
// field visibility are decided by the registry's policy (registry.access.ts), not by the caller.
import type { DbOrTrx, Trx } from '../../db/database.ts';
import { yearOf } from '../../domain/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import { composePin, randomSerial, type Sex } from '../../domain/pin.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { compactState, type PersonChange, type PersonState } from './person.model.ts';
import { projectPerson } from './person.projection.ts';
import {
  deletePerson,
  findPersonById,
  findPersonByPin,
  findPersonsByIds,
  findPersonsByNameDob,
  findPin,
  insertChanges,
  insertHousehold,
  insertPerson,
  insertPin,
  listChanges,
  livingPersonsAfter,
  type PersonRow,
  type PinRow,
  pinsOfPerson,
  updatePersonIfVersion,
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

  /** Persons by internal id, in one query. */
  personsByIds(ids: readonly number[]): Promise<PersonRow[]> {
    return findPersonsByIds(this.db, ids);
  }

  /** Living persons after `afterId`, in id order, `limit` at a time (whole-registry scans such as the card due list). */
  livingPersonsAfter(afterId: number, limit: number): Promise<PersonRow[]> {
    return livingPersonsAfter(this.db, afterId, limit);
  }

  /** Persons with this folded name and birth date (possible matches only: folding drops tone marks). */
  personsByNameDob(nameFolded: string, dob: string): Promise<PersonRow[]> {
    return findPersonsByNameDob(this.db, nameFolded, dob);
  }

  /** The person a PIN was issued to (a cancelled PIN resolves to its replacement); one query for a new PIN. */
  async personByIssuedPin(pin: string): Promise<PersonRow | undefined> {
    const issued = await findPin(this.db, pin);
    if (!issued) return undefined;
    if (issued.status !== 'active' && issued.replaced_by) return findPersonByPin(this.db, issued.replaced_by);
    return findPersonById(this.db, issued.person_id);
  }
}

/** A reader over `db` (the database or a transaction). */
export function registryReader(db: DbOrTrx): RegistryReader {
  return new RegistryReader(db);
}

/** Who records a change, when, why and on which document (the person_change columns other than the values). */
export interface ChangeMeta {
  validFrom: string;
  recordedAt: string;
  recordedBy: string;
  event: string;
  reason: string | null;
  sourceDoc: string | null;
}

/** A new person: its state, and the PIN province code when the registry must allocate the PIN. */
export interface NewPerson {
  /** The state; `pin` is kept when given, else allocated under `pinCode`. */
  state: PersonState;
  /** The three-digit PIN province code (required when `state.pin` is empty). */
  pinCode?: string;
  meta: ChangeMeta;
  catalog: ReferenceCatalog;
  /** The serial source (tests force collisions with it); random otherwise. */
  serial?: () => number | undefined;
}

const MAX_PIN_ATTEMPTS = 50;

/** What a PIN is allocated from: the province code of the birth registration, the birth year and the sex. */
export interface PinCandidates {
  pinCode: string;
  year: number;
  sex: Sex;
  /** The serial source (tests force collisions with it); random otherwise. */
  serial?: () => number | undefined;
}

/**
 * The registry's one PIN allocation loop: random candidates until `place` takes one (it answers undefined when the
 * candidate is taken: see RegistryWriter.createIfPinFree). Collisions are rare with 1,000,000 serials a year,
 * province and sex, so giving up after MAX_PIN_ATTEMPTS means something else is wrong; the caller may retry.
 */
export async function allocatePin<T>(c: PinCandidates, place: (pin: string) => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < MAX_PIN_ATTEMPTS; attempt++) {
    const placed = await place(composePin(c.pinCode, c.year, c.sex, c.serial?.() ?? randomSerial()));
    if (placed !== undefined) return placed;
  }
  throw new DomainError('REGISTRY.PIN_EXHAUSTED', `no free PIN found after ${MAX_PIN_ATTEMPTS} attempts; retry`, {
    pinCode: c.pinCode,
    attempts: MAX_PIN_ATTEMPTS,
  });
}

/**
 * Writes of persons for modules that work inside a transaction of their own (campaign approval): the registry's
 * one PIN allocation loop, history appends behind the version compare-and-swap, and households. The caller has
 * already decided that the actor may write this person (registry.access.ts) and validated the resulting state.
 */
export class RegistryWriter extends RegistryReader {
  constructor(protected readonly trx: Trx) {
    super(trx);
  }

  /**
   * Inserts a person with its PIN (given, or allocated: a random candidate inserted with ON CONFLICT DO NOTHING
   * and reserved in person_pin; a PIN ever issued, even cancelled, is never reissued) and its first change.
   */
  async createPerson(p: NewPerson): Promise<{ id: number; pin: string; state: PersonState }> {
    if (p.state.pin !== '') {
      const id = await this.createIfPinFree(p.state, p.meta, p.catalog);
      if (id === undefined)
        throw conflict(`PIN ${p.state.pin} was registered by another writer meanwhile`, p.state.pin);
      return { id, pin: p.state.pin, state: p.state };
    }
    if (!p.pinCode) {
      throw new DomainError('REGISTRY.INVALID_EVENT', 'no PIN province code to allocate a PIN under', {
        field: 'pin',
      });
    }
    const candidates = { pinCode: p.pinCode, year: yearOf(p.state.dateOfBirth), sex: p.state.sex, serial: p.serial };
    return allocatePin(candidates, async (pin) => {
      const state: PersonState = { ...p.state, pin };
      const id = await this.createIfPinFree(state, p.meta, p.catalog);
      return id === undefined ? undefined : { id, pin, state };
    });
  }

  /**
   * Inserts a person under `state.pin` with its first change, unless the PIN belongs to someone or was ever
   * issued (a cancelled PIN stays in person_pin and is never reissued): undefined then, and nothing is kept.
   * The insert comes first, before any read: on SQLite a transaction that has read cannot take the write lock
   * once another process has committed (SQLITE_BUSY_SNAPSHOT), while one that starts by writing waits its turn.
   */
  async createIfPinFree(state: PersonState, meta: ChangeMeta, catalog: ReferenceCatalog): Promise<number | undefined> {
    const at = meta.recordedAt;
    const row = { ...projectPerson(state, catalog), version: 1, created_at: at, updated_at: at };
    const id = await insertPerson(this.trx, row);
    if (id === undefined) return undefined;
    if (!(await insertPin(this.trx, { pin: state.pin, person_id: id, status: 'active', issued_at: at }))) {
      await deletePerson(this.trx, id);
      return undefined;
    }
    await insertChanges(this.trx, [changeRow(id, 1, meta, compactState(state))]);
    return id;
  }

  /**
   * Records `changes` as version `person.version + 1` with `state` (the fold including them) as the new current
   * state: the compare-and-swap on the version comes first, so a concurrent writer makes this throw and the
   * caller's transaction keeps nothing.
   */
  async appendChange(
    person: PersonRow,
    changes: Partial<PersonState>,
    state: PersonState,
    meta: ChangeMeta,
    catalog: ReferenceCatalog,
  ): Promise<void> {
    const next = person.version + 1;
    const ok = await updatePersonIfVersion(
      this.trx,
      person.id,
      person.version,
      next,
      projectPerson(state, catalog),
      meta.recordedAt,
    );
    if (!ok) {
      throw new DomainError('REGISTRY.CONFLICT', `person ${person.pin} changed meanwhile (${meta.sourceDoc}); retry`, {
        pin: person.pin,
        expectedVersion: person.version,
      });
    }
    await insertChanges(this.trx, [changeRow(person.id, next, meta, changes)]);
  }

  /** Creates the household of `state` at its permanent residence unless it exists. */
  async ensureHousehold(state: PersonState, at: string): Promise<void> {
    if (!state.household) return;
    const r = state.permanentResidence;
    await insertHousehold(this.trx, {
      code: state.household.code,
      unit_code: r?.unitCode ?? null,
      address: r?.detail ?? null,
      created_at: at,
    });
  }
}

function conflict(message: string, pin: string): DomainError {
  return new DomainError('REGISTRY.CONFLICT', message, { pin });
}

function changeRow(personId: number, seq: number, m: ChangeMeta, changes: Partial<PersonState>) {
  return {
    person_id: personId,
    seq,
    valid_from: m.validFrom,
    recorded_at: m.recordedAt,
    recorded_by: m.recordedBy,
    event: m.event,
    reason: m.reason,
    source_doc: m.sourceDoc,
    changes: JSON.stringify(changes),
  };
}

/** A writer inside `trx` (writes of other modules always run in a transaction of theirs). */
export function registryWriter(trx: Trx): RegistryWriter {
  return new RegistryWriter(trx);
}

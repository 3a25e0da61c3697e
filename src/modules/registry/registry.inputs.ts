// Turns API/CLI input shapes into state values, resolving relatives given by PIN against the registry.

import type { DbOrTrx } from '../../db/database.ts';
import { isValidIsoDate } from '../../domain/dates.ts';
import { Violations } from '../../domain/errors.ts';
import type { Address, PersonState, RelatedPerson, Residence } from './person.model.ts';
import { findPersonByPin, findPin, type PersonRow } from './registry.repository.ts';
import type { EditableFields } from './registry.schemas.ts';

export interface AddressInput {
  unitCode: string;
  unitDate?: string | null;
  detail?: string;
}
export interface ResidenceInput extends AddressInput {
  since?: string | null;
  until?: string | null;
}
export interface RelatedInput {
  pin?: string | null;
  name?: string;
  oldIdNumber?: string | null;
  nationality?: string | null;
}

export function toAddress(a: AddressInput, factDate: string): Address {
  return { unitCode: a.unitCode, unitDate: a.unitDate ?? factDate, detail: (a.detail ?? '').trim() };
}

export function toResidence(r: ResidenceInput, factDate: string): Residence {
  return { ...toAddress(r, factDate), since: r.since ?? factDate, until: r.until ?? null };
}

/**
 * A relative given by PIN takes name and old ID from the registry (a cancelled or merged PIN is replaced by the
 * active one); an unknown PIN is a violation. A relative given by name is kept as given. A relative the actor may
 * not see (`covers` false: outside the jurisdiction) is linked by PIN with the name and old ID as declared, so
 * nothing of their record reaches the answer.
 */
export async function toRelated(
  db: DbOrTrx,
  r: RelatedInput,
  field: string,
  v: Violations,
  covers: (row: PersonRow) => boolean = () => true,
): Promise<RelatedPerson | null> {
  if (r.pin) {
    const pinRow = await findPin(db, r.pin);
    // A cancelled PIN, or one retired by a merge, stands for the PIN that replaced it.
    const activePin = pinRow?.status !== 'active' && pinRow?.replaced_by ? pinRow.replaced_by : r.pin;
    const person = await findPersonByPin(db, activePin);
    if (!person) {
      v.add(`${field}.pin`, 'pin.unknown', 'no person in the registry has this PIN', r.pin);
      return null;
    }
    if (!covers(person)) {
      return {
        pin: person.pin,
        name: (r.name ?? '').trim(),
        oldIdNumber: r.oldIdNumber ?? null,
        nationality: r.nationality ?? 'VN',
      };
    }
    return {
      pin: person.pin,
      name: person.full_name,
      oldIdNumber: person.old_id_number,
      nationality: r.nationality ?? 'VN',
    };
  }
  return {
    pin: null,
    name: (r.name ?? '').trim(),
    oldIdNumber: r.oldIdNumber ?? null,
    nationality: r.nationality ?? null,
  };
}

/**
 * Converts the editable-field input to state values (relatives by PIN resolved; a relative `covers` rejects, outside
 * the actor's jurisdiction, keeps the declared name, see toRelated).
 */
export async function editableToState(
  db: DbOrTrx,
  input: EditableFields,
  factDate: string,
  v: Violations,
  covers?: (row: PersonRow) => boolean,
): Promise<Partial<PersonState>> {
  const out: Partial<PersonState> = {};
  const addr = (a: AddressInput | null | undefined) => (a ? toAddress(a, factDate) : null);
  const res = (a: ResidenceInput | null | undefined) => (a ? toResidence(a, factDate) : null);
  const rel = async (r: RelatedInput | null | undefined, f: string) => (r ? toRelated(db, r, f, v, covers) : null);
  if (input.fullName !== undefined) out.fullName = input.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (input.otherNames !== undefined) out.otherNames = input.otherNames.map((n) => n.normalize('NFC').trim());
  if (input.dateOfBirth !== undefined) out.dateOfBirth = input.dateOfBirth;
  if (input.placeOfBirth !== undefined) out.placeOfBirth = addr(input.placeOfBirth);
  if (input.birthRegistrationPlace !== undefined) out.birthRegistrationPlace = addr(input.birthRegistrationPlace);
  if (input.hometown !== undefined) out.hometown = addr(input.hometown);
  if (input.ethnicity !== undefined) out.ethnicity = input.ethnicity;
  if (input.religion !== undefined) out.religion = input.religion;
  if (input.nationalities !== undefined) out.nationalities = input.nationalities;
  if (input.bloodGroup !== undefined) out.bloodGroup = input.bloodGroup as PersonState['bloodGroup'];
  if (input.oldIdNumber !== undefined) out.oldIdNumber = input.oldIdNumber;
  if (input.father !== undefined) out.father = await rel(input.father, 'father');
  if (input.mother !== undefined) out.mother = await rel(input.mother, 'mother');
  if (input.legalRepresentative !== undefined)
    out.legalRepresentative = await rel(input.legalRepresentative, 'legalRepresentative');
  if (input.representedPersons !== undefined) {
    const list = [];
    for (const [i, r] of input.representedPersons.entries()) {
      const x = await rel(r, `representedPersons.${i}`);
      if (x) list.push(x);
    }
    out.representedPersons = list;
  }
  if (input.permanentResidence !== undefined) out.permanentResidence = res(input.permanentResidence);
  if (input.temporaryResidence !== undefined) out.temporaryResidence = res(input.temporaryResidence);
  if (input.currentResidence !== undefined) out.currentResidence = res(input.currentResidence);
  if (input.residenceFileNumber !== undefined) out.residenceFileNumber = input.residenceFileNumber;
  if (input.phone !== undefined) out.phone = input.phone;
  if (input.email !== undefined) out.email = input.email;
  if (input.extra !== undefined) out.extra = input.extra;
  return out;
}

const ISO_TS = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The "as of" date and "known at" time of a read, checked; `knownAt` normalised to UTC. */
export function parseReadOptions(opts: { asOf?: string; knownAt?: string }): { knownAt: string | undefined } {
  const v = new Violations();
  if (opts.asOf !== undefined && !isValidIsoDate(opts.asOf))
    v.add('asOf', 'date.format', 'must be a date YYYY-MM-DD', opts.asOf);
  let knownAt: string | undefined;
  if (opts.knownAt !== undefined) {
    const t = ISO_TS.test(opts.knownAt) ? new Date(opts.knownAt) : new Date(Number.NaN);
    if (Number.isNaN(t.getTime())) v.add('knownAt', 'datetime.format', 'must be an ISO 8601 date-time', opts.knownAt);
    else knownAt = t.toISOString();
  }
  v.throwIfAny();
  return { knownAt };
}

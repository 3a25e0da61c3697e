// Turns API/CLI input shapes into state values, resolving relatives given by PIN against the registry.

import type { DbOrTrx } from '../../db/database.ts';
import type { Violations } from '../../domain/errors.ts';
import type { Address, RelatedPerson, Residence } from './person.model.ts';
import { findPersonByPin, findPin, type PersonRow } from './registry.repository.ts';

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

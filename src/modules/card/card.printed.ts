// What a card will show, taken from the registry at approval (domain.md §4.2): names of units from the
// reference catalog as they are today, the residence printed being the permanent one, else the temporary one,
// else the current place (the Residence Law's place of residence).

import type { CardGeneration, PrintedCard } from '../../domain/card/card.types.ts';
import { expiryFor } from '../../domain/card/renewal.ts';
import { ageOn } from '../../domain/dates.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import type { Address, PersonState } from '../registry/person.model.ts';

export const ISSUER = 'BỘ CÔNG AN';
/** Cards issued from this day are the Căn cước of Law 26/2023 (Circular 16/2024); before, the chip CCCD. */
const CAN_CUOC_FROM = '2024-07-01';
/** Children under this age get a card without a photo. */
export const PHOTO_FROM_AGE = 6;

export function generationOn(issuedOn: string): CardGeneration {
  return issuedOn >= CAN_CUOC_FROM ? '2024' : '2021';
}

/** "detail, commune, (district,) province" with today's unit names; null when there is no address. */
export function addressText(a: Address | null, catalog: ReferenceCatalog): string | null {
  if (!a) return null;
  const parts = a.detail.trim() ? [a.detail.trim()] : [];
  let unit = catalog.currentUnitsFor(a.unitCode, a.unitDate)?.units[0];
  const today = catalog.today();
  for (let depth = 0; unit && depth < 4; depth++) {
    parts.push(unit.fullName);
    unit = unit.parentCode ? catalog.unitOn(unit.parentCode, today) : undefined;
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The printed data of a card issued on `issuedOn` to the person in `state`. */
export function printedCard(state: PersonState, issuedOn: string, catalog: ReferenceCatalog): PrintedCard {
  const nationality = catalog.nationality(state.nationalities[0] ?? 'VN');
  return {
    number: state.pin,
    fullName: state.fullName,
    dateOfBirth: state.dateOfBirth,
    sex: state.sex,
    nationality: nationality?.alpha3 ?? 'VNM',
    nationalityName: nationality?.name_vi ?? 'Việt Nam',
    hometown: addressText(state.hometown, catalog),
    residence: addressText(state.permanentResidence ?? state.temporaryResidence ?? state.currentResidence, catalog),
    birthRegistrationPlace: addressText(state.birthRegistrationPlace, catalog),
    ethnicity: state.ethnicity ? (catalog.ethnicity(state.ethnicity)?.name_vi ?? null) : null,
    religion: state.religion ? (catalog.religion(state.religion)?.name_vi ?? null) : null,
    fatherName: state.father?.name || null,
    motherName: state.mother?.name || null,
    oldIdNumber: state.oldIdNumber,
    issuedOn,
    expiresOn: expiryFor(state.dateOfBirth, issuedOn),
    issuer: ISSUER,
    generation: generationOn(issuedOn),
    photo: ageOn(state.dateOfBirth, issuedOn) >= PHOTO_FROM_AGE,
  };
}

/** The printed fields that come from the registry (not the dates of issue), for "has the data changed" checks. */
export function registryPart(p: PrintedCard): string {
  const { issuedOn: _i, expiresOn: _e, generation: _g, photo: _p, ...rest } = p;
  return JSON.stringify(rest);
}

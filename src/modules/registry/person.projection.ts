// Derives the searchable columns of the current-state table from a person's state.
import { yearOf } from '../../domain/dates.ts';
import { foldName } from '../../domain/names.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { compactState, type PersonState, residenceOf, statusOf } from './person.model.ts';
import type { PersonProjection } from './registry.repository.ts';

export function projectPerson(state: PersonState, catalog: ReferenceCatalog): PersonProjection {
  const residence = residenceOf(state);
  let resUnit: string | null = null;
  let resProvince: string | null = null;
  if (residence) {
    const current = catalog.currentUnitsFor(residence.unitCode, residence.unitDate);
    // A commune split between several successors cannot be placed in one of them without the street address.
    if (current && current.units.length === 1) resUnit = current.units[0]!.code;
    resProvince = catalog.currentProvinceOf(residence.unitCode, residence.unitDate) ?? null;
  }
  return {
    pin: state.pin,
    full_name: state.fullName,
    name_folded: foldName(state.fullName),
    dob: state.dateOfBirth,
    birth_year: yearOf(state.dateOfBirth),
    sex: state.sex,
    status: statusOf(state),
    res_unit: resUnit,
    res_province: resProvince,
    household_code: state.household?.code ?? null,
    old_id_number: state.oldIdNumber,
    data: JSON.stringify(compactState(state)),
  };
}

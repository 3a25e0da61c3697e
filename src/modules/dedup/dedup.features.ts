// What the linkage engine reads of a person: a few raw strings per person, from a person row, a person state or
// a DC01 ballot. Standardisation (folding, name splitting, date parsing) is the engine's, so the batch run and the
// incremental checks see every value the same way.
import type { Dc01Row } from '../../domain/dc01.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { ballotToState } from '../registry/dc01.mapping.ts';
import type { PersonState } from '../registry/person.model.ts';
import { projectPerson } from '../registry/person.projection.ts';
import { FEATURE_COLUMNS, type Features } from './dedup.config.ts';

/** The person-table columns the features come from (phone is read out of the state JSON). */
export interface FeatureSource {
  full_name: string;
  dob: string;
  sex: string;
  pin: string;
  old_id_number: string | null;
  res_unit: string | null;
  phone: string | null;
}

export function featuresOfRow(r: FeatureSource): Features {
  return {
    name: r.full_name,
    dob: r.dob,
    sex: r.sex,
    pin: r.pin,
    old_id: r.old_id_number ?? '',
    phone: r.phone ?? '',
    commune: r.res_unit ?? '',
  };
}

/** A state not (yet) in the registry: the commune is derived as the registry would store it. */
export function featuresOfState(state: PersonState, catalog: ReferenceCatalog): Features {
  const p = projectPerson(state, catalog);
  return featuresOfRow({ ...p, phone: state.phone });
}

/** A DC01 ballot, read by the same mapping as `popreg load` and the campaign importer (problems are ignored here). */
export function featuresOfBallot(values: Partial<Dc01Row>, catalog: ReferenceCatalog, today: string): Features {
  return featuresOfState(ballotToState(values, today).state, catalog);
}

/** A row of the engine's table, in FEATURE_COLUMNS order. */
export function featureRow(id: string, f: Features): string[] {
  return FEATURE_COLUMNS.map((c) => (c === 'id' ? id : f[c]));
}

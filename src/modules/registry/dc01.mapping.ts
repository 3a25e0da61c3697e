// Turns one DC01 ballot row (flat strings, keys of src/domain/dc01.ts) into a person state, collecting every
// problem as a violation named by the DC01 key. Shared by `popreg load` and the collection importer.

import { firstDay, isValidIsoDate, parseDateInput } from '../../domain/dates.ts';
import type { Dc01Row, MaritalStatus, RelationToHead, Sex } from '../../domain/dc01.ts';
import { MARITAL_STATUS, RELATION_TO_HEAD } from '../../domain/dc01.ts';
import { Violations } from '../../domain/errors.ts';
import { normalizeName } from '../../domain/names.ts';
import { type Address, blankState, type PersonState, type RelatedPerson, type Residence } from './person.model.ts';

const SEX: Record<string, Sex> = { m: 'M', nam: 'M', male: 'M', f: 'F', nữ: 'F', nu: 'F', female: 'F' };
const LIST_SEP = /\s*;\s*/;

/** Items of a trimmed list cell. */
function list(v: string): string[] {
  if (!v) return [];
  // Nearly every cell holds a single item (nationality VN): no regex split for those.
  if (!v.includes(';')) return [v];
  return v.split(LIST_SEP).filter(Boolean);
}

/** A cell as the mapping reads it: trimmed, '' when absent. */
function cell(row: Partial<Dc01Row>, key: keyof Dc01Row): string {
  return (row[key] ?? '').trim();
}

/** Parses a date cell to canonical form; records a violation and returns null when it cannot. */
function date(v: Violations, key: string, raw: string, partial: boolean): string | null {
  if (!raw) return null;
  const r = parseDateInput(raw);
  if (!r.ok) {
    v.add(key, 'date.format', r.reason, raw);
    return null;
  }
  if (!partial && r.value.length !== 10) {
    v.add(key, 'date.format', 'a full date is needed (day, month and year)', raw);
    return null;
  }
  return r.value;
}

function address(unit: string, detail: string, unitDate: string): Address | null {
  return unit ? { unitCode: unit, unitDate, detail } : null;
}

function residence(unit: string, detail: string, unitDate: string, since: string | null): Residence | null {
  return unit ? { unitCode: unit, unitDate, detail, since, until: null } : null;
}

function related(name: string, pin: string, nationality: string | null): RelatedPerson | null {
  if (!name && !pin) return null;
  return { pin: pin || null, name: normalizeName(name), oldIdNumber: null, nationality };
}

export interface MappedBallot {
  state: PersonState;
  /** Problems found while reading the cells (formats, enums); the state's own rules are checked afterwards. */
  violations: Violations;
  /** The date the ballot's facts refer to (for the valid time of the registration). */
  validFrom: string;
}

export function ballotToState(row: Partial<Dc01Row>, today: string): MappedBallot {
  const v = new Violations();
  const refRaw = cell(row, 'unit_ref_date');
  const collected = date(v, 'collected_on', cell(row, 'collected_on'), false);
  const unitDate = (refRaw && isValidIsoDate(refRaw) ? refRaw : null) ?? collected ?? today;
  if (refRaw && !isValidIsoDate(refRaw)) v.add('unit_ref_date', 'date.format', 'must be YYYY-MM-DD', refRaw);

  const s = blankState();
  s.pin = cell(row, 'pin');
  s.fullName = normalizeName(cell(row, 'full_name'));
  s.otherNames = list(cell(row, 'other_names')).map(normalizeName);
  const dob = cell(row, 'date_of_birth');
  const dobParsed = dob ? date(v, 'date_of_birth', dob, true) : null;
  s.dateOfBirth = dob ? (dobParsed ?? dob) : '';
  const sexRaw = cell(row, 'sex');
  const sex = SEX[sexRaw.toLowerCase()];
  if (sexRaw && !sex) v.add('sex', 'enum', 'must be Nam or Nữ (M or F)', sexRaw);
  if (!sexRaw) v.add('sex', 'required', 'the sex is required', sexRaw);
  s.sex = sex ?? 'M';
  s.oldIdNumber = cell(row, 'old_id_number') || null;
  s.placeOfBirth = address(cell(row, 'place_of_birth'), '', unitDate);
  s.birthRegistrationPlace = address(cell(row, 'birth_registration_place'), '', unitDate);
  s.hometown = address(cell(row, 'hometown'), '', unitDate);
  s.ethnicity = cell(row, 'ethnicity');
  s.religion = cell(row, 'religion') || '00';
  s.nationalities = list(cell(row, 'nationality') || 'VN');
  s.bloodGroup = (cell(row, 'blood_group') || null) as PersonState['bloodGroup'];
  const marital = cell(row, 'marital_status') || 'single';
  if (!(marital in MARITAL_STATUS))
    v.add('marital_status', 'enum', `must be one of ${Object.keys(MARITAL_STATUS).join(', ')}`, marital);
  s.maritalStatus = marital as MaritalStatus;
  const since = date(v, 'permanent_since', cell(row, 'permanent_since'), false);
  s.permanentResidence = residence(cell(row, 'permanent_unit'), cell(row, 'permanent_address'), unitDate, since);
  s.currentResidence = residence(cell(row, 'current_unit'), cell(row, 'current_address'), unitDate, null);
  s.father = related(cell(row, 'father_name'), cell(row, 'father_pin'), 'VN');
  s.mother = related(cell(row, 'mother_name'), cell(row, 'mother_pin'), 'VN');
  s.spouse = related(cell(row, 'spouse_name'), cell(row, 'spouse_pin'), 'VN');
  const household = cell(row, 'household_code');
  const relation = cell(row, 'relation_to_head') || (household ? 'other' : '');
  if (relation && !(relation in RELATION_TO_HEAD)) {
    v.add('relation_to_head', 'enum', `must be one of ${Object.keys(RELATION_TO_HEAD).join(', ')}`, relation);
  }
  s.household = household ? { code: household, relationToHead: relation as RelationToHead } : null;
  s.phone = cell(row, 'phone') || null;
  s.email = cell(row, 'email') || null;
  const ballot = cell(row, 'ballot_id');
  if (ballot) s.extra = { ballotId: ballot };
  // The ballot's facts are taken to hold from birth (the earliest day a partial date allows).
  const validFrom = dobParsed !== null ? firstDay(dobParsed) : unitDate;
  return { state: s, violations: v, validFrom };
}

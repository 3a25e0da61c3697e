// Turns one DC01 ballot row (flat strings, keys of src/domain/dc01.ts) into a person state, collecting every
// problem as a violation named by the DC01 key. Shared by `popreg load` and the collection importer.

import { firstDay, isValidIsoDate, parseDateInput } from '../../domain/dates.ts';
import type { Dc01Row, MaritalStatus, RelationToHead, Sex } from '../../domain/dc01.ts';
import { MARITAL_STATUS, RELATION_TO_HEAD } from '../../domain/dc01.ts';
import { Violations } from '../../domain/errors.ts';
import { normalizeName } from '../../domain/names.ts';
import { type Address, blankState, type PersonState, type RelatedPerson } from './person.model.ts';

const SEX: Record<string, Sex> = { m: 'M', nam: 'M', male: 'M', f: 'F', nữ: 'F', nu: 'F', female: 'F' };
const LIST_SEP = /\s*;\s*/;

function list(v: string): string[] {
  return v ? v.split(LIST_SEP).filter(Boolean) : [];
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
  const get = (k: keyof Dc01Row) => (row[k] ?? '').trim();
  const v = new Violations();
  const refRaw = get('unit_ref_date');
  const collected = date(v, 'collected_on', get('collected_on'), false);
  const unitDate = (refRaw && isValidIsoDate(refRaw) ? refRaw : null) ?? collected ?? today;
  if (refRaw && !isValidIsoDate(refRaw)) v.add('unit_ref_date', 'date.format', 'must be YYYY-MM-DD', refRaw);

  const s = blankState();
  s.pin = get('pin');
  s.fullName = normalizeName(get('full_name'));
  s.otherNames = list(get('other_names')).map(normalizeName);
  const dob = get('date_of_birth');
  s.dateOfBirth = dob ? (date(v, 'date_of_birth', dob, true) ?? dob) : '';
  const sexRaw = get('sex');
  const sex = SEX[sexRaw.toLowerCase()];
  if (sexRaw && !sex) v.add('sex', 'enum', 'must be Nam or Nữ (M or F)', sexRaw);
  if (!sexRaw) v.add('sex', 'required', 'the sex is required', sexRaw);
  s.sex = sex ?? 'M';
  s.oldIdNumber = get('old_id_number') || null;
  s.placeOfBirth = address(get('place_of_birth'), '', unitDate);
  s.birthRegistrationPlace = address(get('birth_registration_place'), '', unitDate);
  s.hometown = address(get('hometown'), '', unitDate);
  s.ethnicity = get('ethnicity');
  s.religion = get('religion') || '00';
  s.nationalities = list(get('nationality') || 'VN');
  s.bloodGroup = (get('blood_group') || null) as PersonState['bloodGroup'];
  const marital = get('marital_status') || 'single';
  if (!(marital in MARITAL_STATUS))
    v.add('marital_status', 'enum', `must be one of ${Object.keys(MARITAL_STATUS).join(', ')}`, marital);
  s.maritalStatus = marital as MaritalStatus;
  const since = date(v, 'permanent_since', get('permanent_since'), false);
  const perm = address(get('permanent_unit'), get('permanent_address'), unitDate);
  s.permanentResidence = perm ? { ...perm, since, until: null } : null;
  const cur = address(get('current_unit'), get('current_address'), unitDate);
  s.currentResidence = cur ? { ...cur, since: null, until: null } : null;
  s.father = related(get('father_name'), get('father_pin'), 'VN');
  s.mother = related(get('mother_name'), get('mother_pin'), 'VN');
  s.spouse = related(get('spouse_name'), get('spouse_pin'), 'VN');
  const household = get('household_code');
  const relation = get('relation_to_head') || (household ? 'other' : '');
  if (relation && !(relation in RELATION_TO_HEAD)) {
    v.add('relation_to_head', 'enum', `must be one of ${Object.keys(RELATION_TO_HEAD).join(', ')}`, relation);
  }
  s.household = household ? { code: household, relationToHead: relation as RelationToHead } : null;
  s.phone = get('phone') || null;
  s.email = get('email') || null;
  const ballot = get('ballot_id');
  if (ballot) s.extra = { ballotId: ballot };
  // The ballot's facts are taken to hold from birth (the earliest day a partial date allows).
  const validFrom = s.dateOfBirth && parseDateInput(s.dateOfBirth).ok ? firstDay(s.dateOfBirth) : unitDate;
  return { state: s, violations: v, validFrom };
}

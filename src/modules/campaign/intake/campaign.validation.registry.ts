// A DC02's old value against what the registry holds: the registry's value of a DC01 column as text, and whether a
// written value means the same (names folded, dates and sex words normalised, unit codes through successions).
import { parseDateInput } from '../../../domain/dates.ts';
import type { Dc01Key } from '../../../domain/dc01.ts';
import { normalizeName } from '../../../domain/names.ts';
import type { PersonState } from '../../registry/person.model.ts';
import type { CrossContext } from './campaign.validation.cross.ts';

const SEX_WORDS: Record<string, string> = { m: 'M', nam: 'M', male: 'M', f: 'F', nữ: 'F', nu: 'F', female: 'F' };

/** What the registry holds for a DC01 column, as text; undefined when the state has no such item. */
export function registryValue(s: PersonState, key: Dc01Key, _ctx: CrossContext): string | undefined {
  switch (key) {
    case 'full_name':
      return s.fullName;
    case 'other_names':
      return s.otherNames.join('; ');
    case 'date_of_birth':
      return s.dateOfBirth;
    case 'sex':
      return s.sex;
    case 'old_id_number':
      return s.oldIdNumber ?? '';
    case 'place_of_birth':
      return s.placeOfBirth?.unitCode ?? '';
    case 'birth_registration_place':
      return s.birthRegistrationPlace?.unitCode ?? '';
    case 'hometown':
      return s.hometown?.unitCode ?? '';
    case 'ethnicity':
      return s.ethnicity;
    case 'religion':
      return s.religion;
    case 'nationality':
      return s.nationalities.join('; ');
    case 'blood_group':
      return s.bloodGroup ?? '';
    case 'marital_status':
      return s.maritalStatus;
    case 'permanent_unit':
      return s.permanentResidence?.unitCode ?? '';
    case 'permanent_address':
      return s.permanentResidence?.detail ?? '';
    case 'permanent_since':
      return s.permanentResidence?.since ?? '';
    case 'current_unit':
      return s.currentResidence?.unitCode ?? '';
    case 'current_address':
      return s.currentResidence?.detail ?? '';
    case 'father_name':
      return s.father?.name ?? '';
    case 'father_pin':
      return s.father?.pin ?? '';
    case 'mother_name':
      return s.mother?.name ?? '';
    case 'mother_pin':
      return s.mother?.pin ?? '';
    case 'spouse_name':
      return s.spouse?.name ?? '';
    case 'spouse_pin':
      return s.spouse?.pin ?? '';
    case 'household_code':
      return s.household?.code ?? '';
    case 'relation_to_head':
      return s.household?.relationToHead ?? '';
    case 'phone':
      return s.phone ?? '';
    case 'email':
      return s.email ?? '';
    default:
      return undefined;
  }
}

const UNIT_KEYS: ReadonlySet<string> = new Set([
  'place_of_birth',
  'birth_registration_place',
  'hometown',
  'permanent_unit',
  'current_unit',
]);

/** Equal as the same item: dates and sexes by meaning, units by their current unit, text ignoring case and spacing. */
export function sameValue(key: Dc01Key, written: string, held: string, ctx: CrossContext): boolean {
  const w = written.trim();
  if (w === held) return true;
  if (key === 'sex') return SEX_WORDS[w.toLowerCase()] === held;
  if (key === 'date_of_birth' || key === 'permanent_since') {
    const p = parseDateInput(w);
    return p.ok && p.value === held;
  }
  if (UNIT_KEYS.has(key)) {
    const a = ctx.catalog.currentUnitsFor(w, ctx.today)?.units.map((u) => u.code);
    const b =
      ctx.catalog.latestUnit(held) && ctx.catalog.currentUnitsFor(held, ctx.catalog.latestUnit(held)!.validFrom);
    return a !== undefined && b !== undefined && a.join() === b.units.map((u) => u.code).join();
  }
  return normalizeName(w).toLowerCase() === normalizeName(held).toLowerCase();
}

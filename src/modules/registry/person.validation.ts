// Rules a person's state must satisfy before it is written. Every violation names the field, a stable rule code
// and the value; the service throws them together as one ValidationError and writes nothing.

import { addYears, firstDay, isValidIsoDate, parseDateInput } from '../../domain/dates.ts';
import { BLOOD_GROUPS, MARITAL_STATUS, RELATION_TO_HEAD } from '../../domain/dc01.ts';
import { Violations } from '../../domain/errors.ts';
import { checkPinAgainst } from '../../domain/pin.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import type { Address, PersonState, RelatedPerson, Residence } from './person.model.ts';

const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;
const PHONE_RE = /^(\+84|0)\d{9,10}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PIN_RE = /^\d{12}$/;
const OLD_ID_RE = /^\d{9}$/;
const RELATIVES = ['father', 'mother', 'spouse', 'legalRepresentative'] as const;

export interface ValidationEnv {
  catalog: ReferenceCatalog;
  today: string;
}

function checkDate(
  v: Violations,
  field: string,
  value: string | null | undefined,
  today: string,
  partial = false,
): void {
  if (value === null || value === undefined) return;
  // States hold canonical dates only; input parsing (day-first and so on) happens before.
  const parsed = partial ? parseDateInput(value) : undefined;
  const ok = parsed ? parsed.ok && parsed.value === value : isValidIsoDate(value);
  if (!ok) {
    v.add(field, 'date.format', partial ? 'must be YYYY, YYYY-MM or YYYY-MM-DD' : 'must be a date YYYY-MM-DD', value);
    return;
  }
  if (firstDay(value) > today) v.add(field, 'date.future', `must not be after today (${today})`, value);
}

export function checkAddress(
  v: Violations,
  field: string,
  a: Address | null,
  env: ValidationEnv,
  level?: 'commune',
): void {
  if (!a) return;
  if (!isValidIsoDate(a.unitDate)) {
    v.add(`${field}.unitDate`, 'date.format', 'must be a date YYYY-MM-DD', a.unitDate);
    return;
  }
  const unit = env.catalog.unitOn(a.unitCode, a.unitDate);
  if (!unit) {
    const later = env.catalog.latestUnit(a.unitCode);
    if (later) {
      v.add(
        `${field}.unitCode`,
        'unit.not_valid_on_date',
        `unit ${a.unitCode} did not exist on ${a.unitDate}`,
        a.unitCode,
      );
    } else {
      v.add(`${field}.unitCode`, 'unit.unknown', `no administrative unit has code ${a.unitCode}`, a.unitCode);
    }
    return;
  }
  if (level === 'commune' && unit.level !== 'commune') {
    v.add(
      `${field}.unitCode`,
      'unit.level',
      `must be a commune-level unit, ${a.unitCode} is a ${unit.level}`,
      a.unitCode,
    );
  }
  if (a.detail.length > 300) v.add(`${field}.detail`, 'text.length', 'must be at most 300 characters', a.detail.length);
}

function checkResidence(
  v: Violations,
  field: string,
  r: Residence | null,
  env: ValidationEnv,
  temporary = false,
): void {
  if (!r) return;
  checkAddress(v, field, r, env, 'commune');
  checkDate(v, `${field}.since`, r.since, env.today);
  if (r.until !== null && !isValidIsoDate(r.until))
    v.add(`${field}.until`, 'date.format', 'must be a date YYYY-MM-DD', r.until);
  if (temporary && r.since && r.until && isValidIsoDate(r.since) && isValidIsoDate(r.until)) {
    if (r.until <= r.since) v.add(`${field}.until`, 'residence.term', 'must be after the start of the term', r.until);
    else if (r.until > addYears(r.since, 2)) {
      v.add(
        `${field}.until`,
        'residence.term',
        'a temporary residence term is at most 2 years (Residence Law Art 27)',
        r.until,
      );
    }
  }
}

function checkRelated(v: Violations, field: string, p: RelatedPerson | null, env: ValidationEnv): void {
  if (!p) return;
  if (p.pin !== null && !PIN_RE.test(p.pin)) v.add(`${field}.pin`, 'pin.format', 'must be 12 digits', p.pin);
  if (!p.name.trim() && p.pin === null) v.add(`${field}.name`, 'required', 'a relative needs a name or a PIN', p.name);
  if (p.oldIdNumber !== null && !OLD_ID_RE.test(p.oldIdNumber)) {
    v.add(`${field}.oldIdNumber`, 'format', 'must be 9 digits', p.oldIdNumber);
  }
  if (p.nationality !== null && !env.catalog.nationality(p.nationality)) {
    v.add(`${field}.nationality`, 'code.unknown', 'not an ISO 3166-1 alpha-2 country code', p.nationality);
  }
}

function hasViolation(v: Violations, field: string): boolean {
  for (const x of v.list) if (x.field === field) return true;
  return false;
}

/** Checks a whole state; returns the violations (empty when valid). */
export function validatePersonState(s: PersonState, env: ValidationEnv): Violations {
  const v = new Violations();
  const { catalog } = env;
  if (!s.fullName.trim()) v.add('fullName', 'required', 'the name at birth is required', s.fullName);
  else if (!NAME_RE.test(s.fullName) || s.fullName.length > 100) {
    v.add('fullName', 'name.format', 'letters and spaces only, at most 100 characters', s.fullName);
  }
  for (let i = 0; i < s.otherNames.length; i++) {
    const n = s.otherNames[i]!;
    if (!NAME_RE.test(n)) v.add(`otherNames.${i}`, 'name.format', 'letters and spaces only', n);
  }
  if (!s.dateOfBirth) v.add('dateOfBirth', 'required', 'the date of birth is required', s.dateOfBirth);
  else checkDate(v, 'dateOfBirth', s.dateOfBirth, env.today, true);
  if (s.sex !== 'M' && s.sex !== 'F') v.add('sex', 'enum', 'must be M (Nam) or F (Nữ)', s.sex);
  checkAddress(v, 'placeOfBirth', s.placeOfBirth, env);
  checkAddress(v, 'birthRegistrationPlace', s.birthRegistrationPlace, env);
  checkAddress(v, 'hometown', s.hometown, env);
  if (!catalog.ethnicity(s.ethnicity))
    v.add('ethnicity', 'code.unknown', 'not an ethnic-group code (01–54, 99)', s.ethnicity);
  if (!catalog.religion(s.religion))
    v.add('religion', 'code.unknown', 'not a religion code (00 none, 01–14)', s.religion);
  if (s.nationalities.length === 0) v.add('nationalities', 'required', 'at least one nationality', s.nationalities);
  for (let i = 0; i < s.nationalities.length; i++) {
    const n = s.nationalities[i]!;
    if (!catalog.nationality(n))
      v.add(`nationalities.${i}`, 'code.unknown', 'not an ISO 3166-1 alpha-2 country code', n);
  }
  if (s.bloodGroup !== null && !(BLOOD_GROUPS as readonly string[]).includes(s.bloodGroup)) {
    v.add('bloodGroup', 'enum', `must be one of ${BLOOD_GROUPS.join(', ')}`, s.bloodGroup);
  }
  if (s.oldIdNumber !== null && !OLD_ID_RE.test(s.oldIdNumber))
    v.add('oldIdNumber', 'format', 'must be 9 digits', s.oldIdNumber);
  for (const f of RELATIVES) checkRelated(v, f, s[f], env);
  for (let i = 0; i < s.children.length; i++) checkRelated(v, `children.${i}`, s.children[i]!, env);
  for (let i = 0; i < s.representedPersons.length; i++)
    checkRelated(v, `representedPersons.${i}`, s.representedPersons[i]!, env);
  checkResidence(v, 'permanentResidence', s.permanentResidence, env);
  checkResidence(v, 'temporaryResidence', s.temporaryResidence, env, true);
  checkResidence(v, 'currentResidence', s.currentResidence, env);
  if (s.temporaryAbsence) {
    checkDate(v, 'temporaryAbsence.from', s.temporaryAbsence.from, '9999-12-31');
    checkDate(v, 'temporaryAbsence.to', s.temporaryAbsence.to, '9999-12-31');
  }
  if (!(s.maritalStatus in MARITAL_STATUS)) {
    v.add('maritalStatus', 'enum', `must be one of ${Object.keys(MARITAL_STATUS).join(', ')}`, s.maritalStatus);
  }
  if (s.household && !(s.household.relationToHead in RELATION_TO_HEAD)) {
    v.add(
      'household.relationToHead',
      'enum',
      `must be one of ${Object.keys(RELATION_TO_HEAD).join(', ')}`,
      s.household.relationToHead,
    );
  }
  if (s.death) {
    checkDate(v, 'death.date', s.death.date, env.today);
    if (s.dateOfBirth && s.death.date < firstDay(s.dateOfBirth))
      v.add('death.date', 'date.order', 'must not be before the date of birth', s.death.date);
  }
  if (s.phone !== null && !PHONE_RE.test(s.phone))
    v.add('phone', 'format', 'a Vietnamese mobile number such as 0912345678', s.phone);
  if (s.email !== null && !EMAIL_RE.test(s.email)) v.add('email', 'format', 'an e-mail address', s.email);
  if (!PIN_RE.test(s.pin)) v.add('pin', 'pin.format', 'must be 12 digits', s.pin);
  else if (!hasViolation(v, 'dateOfBirth') && !hasViolation(v, 'sex')) {
    const birthProvince = s.birthRegistrationPlace
      ? catalog.currentProvinceOf(s.birthRegistrationPlace.unitCode, s.birthRegistrationPlace.unitDate)
      : undefined;
    const reasons = checkPinAgainst(
      s.pin,
      { dateOfBirth: s.dateOfBirth, sex: s.sex, birthRegistrationProvince: birthProvince },
      catalog.pinLookup,
    );
    for (const r of reasons) v.add('pin', r.rule, r.message, s.pin);
  }
  return v;
}

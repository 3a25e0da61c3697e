// Row-local rules of a DC01 ballot. The registry's mapping (ballotToState) and person rules
// (validatePersonState) decide what is correct; their violations, named by person-state paths, are reported
// under the DC01 column they come from. On top come the form's own rules: required columns, rules by age and
// marital status, the collection date, the household head's PIN, and the importer's jurisdiction.
import { ageOn, firstDay, isValidIsoDate, parseDateInput } from '../../../domain/dates.ts';
import { DC01_KEYS, type Dc01Key, type Dc01Row } from '../../../domain/dc01.ts';
import type { Violation } from '../../../domain/errors.ts';
import { foldName } from '../../../domain/names.ts';
import type { ReferenceCatalog, Resolution } from '../../reference/catalog.ts';
import { ballotToState } from '../../registry/dc01.mapping.ts';
import type { PersonState } from '../../registry/person.model.ts';
import { validatePersonState } from '../../registry/person.validation.ts';
import { type Issue, issue } from '../campaign.rules.ts';
import {
  type BallotFacts,
  ballotData,
  ballotRef,
  type RowCheck,
  uniqueIssues,
  type ValidationContext,
} from './campaign.validation.common.ts';

/** Person-state paths (first segment, or the whole path for nested ones) → the DC01 column they come from. */
const STATE_TO_DC01: Record<string, Dc01Key> = {
  pin: 'pin',
  fullName: 'full_name',
  otherNames: 'other_names',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  placeOfBirth: 'place_of_birth',
  birthRegistrationPlace: 'birth_registration_place',
  hometown: 'hometown',
  ethnicity: 'ethnicity',
  religion: 'religion',
  nationalities: 'nationality',
  bloodGroup: 'blood_group',
  oldIdNumber: 'old_id_number',
  maritalStatus: 'marital_status',
  household: 'relation_to_head',
  phone: 'phone',
  email: 'email',
  'father.pin': 'father_pin',
  'father.name': 'father_name',
  'father.nationality': 'father_name',
  'mother.pin': 'mother_pin',
  'mother.name': 'mother_name',
  'mother.nationality': 'mother_name',
  'spouse.pin': 'spouse_pin',
  'spouse.name': 'spouse_name',
  'spouse.nationality': 'spouse_name',
  'permanentResidence.unitCode': 'permanent_unit',
  'permanentResidence.unitDate': 'unit_ref_date',
  'permanentResidence.detail': 'permanent_address',
  'permanentResidence.since': 'permanent_since',
  'currentResidence.unitCode': 'current_unit',
  'currentResidence.unitDate': 'unit_ref_date',
  'currentResidence.detail': 'current_address',
};

export function dc01KeyOf(stateField: string): string {
  const direct = STATE_TO_DC01[stateField];
  if (direct) return direct;
  const dot = stateField.indexOf('.');
  if (dot < 0) return stateField;
  const first = stateField.slice(0, dot);
  const second = stateField.indexOf('.', dot + 1);
  const two = second < 0 ? stateField : stateField.slice(0, second);
  return STATE_TO_DC01[two] ?? STATE_TO_DC01[first] ?? stateField;
}

/** Columns every DC01 ballot must fill (the rest are optional or default: religion none, nationality VN). */
const REQUIRED: readonly Dc01Key[] = [
  'full_name',
  'date_of_birth',
  'sex',
  'birth_registration_place',
  'hometown',
  'ethnicity',
];

const PIN_RE = /^\d{12}$/;
const OLD_ID_AGE = 14;
/** Minimum marriage age (Law on Marriage and Family 2014 Art 8): men 20, women 18. */
const MARRIAGE_AGE = { M: 20, F: 18 } as const;

function toIssue(v: Violation, row: Partial<Dc01Row>): Issue {
  const key = dc01KeyOf(v.field);
  const cell = (row as Record<string, string | undefined>)[key];
  return issue(key, v.rule, cell !== undefined && cell !== '' ? cell : v.value, v.message);
}

/** A cell of the stored row ('' when left out). */
function cellOf(row: Partial<Dc01Row>, key: Dc01Key): string {
  return row[key] ?? '';
}

/** Whether the mapping already reported `field` (the list is nearly always empty). */
function reported(violations: readonly Violation[], field: string): boolean {
  for (const v of violations) if (v.field === field) return true;
  return false;
}

export interface CurrentCommune {
  readonly unit: string | null;
  readonly province: string | null;
  readonly communes: readonly string[];
}

/**
 * Derived once per resolution, which the catalog itself keeps one of per unit version (and renews when its today
 * changes): a file names the same few hundred communes a million times. Shared, hence frozen.
 */
const communeOfResolution = new WeakMap<Resolution, CurrentCommune>();

function communeOf(r: Resolution): CurrentCommune {
  const communes: string[] = [];
  for (const u of r.units) if (u.level === 'commune') communes.push(u.code);
  const first = r.units[0]!;
  return Object.freeze({
    unit: communes[0] ?? null,
    province: first.level === 'province' ? first.code : first.provinceCode,
    communes: Object.freeze(communes),
  });
}

/** Current commune and province of a unit column, for routing the ballot and checking jurisdiction. */
export function currentCommune(catalog: ReferenceCatalog, code: string, refDate: string): CurrentCommune | null {
  if (!code) return null;
  const r = catalog.currentUnitsFor(code, refDate);
  if (!r) return null;
  let c = communeOfResolution.get(r);
  if (c === undefined) {
    c = communeOf(r);
    communeOfResolution.set(r, c);
  }
  return c;
}

export function inUnit(catalog: ReferenceCatalog, jurisdiction: string | null, communes: readonly string[]): boolean {
  return jurisdiction === null || communes.some((c) => catalog.isWithin(c, jurisdiction));
}

export function validateDc01Row(values: Record<string, string>, ctx: ValidationContext): RowCheck {
  const data = ballotData(values, DC01_KEYS);
  const row = data as Partial<Dc01Row>;
  const { catalog, today } = ctx;
  const mapped = ballotToState(row, today);
  const s = mapped.state;
  const mappingViolations = mapped.violations.list;
  const out: Issue[] = [];
  for (const v of mappingViolations) out.push(toIssue(v, row));

  for (const k of REQUIRED)
    if (cellOf(row, k) === '' && !reported(mappingViolations, k)) out.push(issue(k, 'required', ''));
  if (cellOf(row, 'permanent_unit') === '' && cellOf(row, 'current_unit') === '')
    out.push(issue('permanent_unit', 'required', ''));

  // A ballot without PIN is checked with a well-formed stand-in; PIN rules then apply to the one allocated later.
  const hasPin = s.pin !== '';
  if (!hasPin) s.pin = '000000000000';
  // The context is a ValidationEnv (catalog and today) as it stands: no env object per row.
  for (const v of validatePersonState(s, ctx).list) {
    if (v.field === 'pin' && !hasPin) continue;
    // A sex the mapping could not read was replaced by a default: do not judge the PIN's sex digit against it.
    if (v.rule === 'pin.century_sex' && reported(mappingViolations, 'sex')) continue;
    const key = dc01KeyOf(v.field);
    // Blank required columns are reported once, as missing, not also as unknown codes.
    if (cellOf(row, key as Dc01Key) === '' && REQUIRED.includes(key as Dc01Key)) continue;
    out.push(toIssue(v, row));
  }
  if (!hasPin) s.pin = '';

  const headPin = cellOf(row, 'head_pin');
  if (headPin !== '' && !PIN_RE.test(headPin)) out.push(issue('head_pin', 'pin.format', headPin, 'must be 12 digits'));
  const collected = cellOf(row, 'collected_on');
  const collectedOn = collected && !reported(mappingViolations, 'collected_on') ? parseDateInput(collected) : undefined;
  if (collectedOn?.ok && firstDay(collectedOn.value) > today)
    out.push(issue('collected_on', 'date.future', collected, `must not be after today (${today})`));

  // Ages are taken on the registry's today: a ballot states the facts as they stand when it enters the registry.
  const dob = dobOf(s);
  if (dob) byAgeAndStatus(out, row, s, dob, today);

  const unitDate = unitDateOf(row, today);
  const facts = factsOf(row, s, dob, unitDate, ctx);
  if (ctx.jurisdiction !== null) placeInJurisdiction(out, facts, row, unitDate, catalog, ctx.jurisdiction);
  return { issues: uniqueIssues(out), facts, data };
}

/**
 * Routes the ballot to the first of its permanent and current communes that lies in the importer's jurisdiction;
 * when both can be read and neither does, the ballot is out of the importer's jurisdiction.
 */
function placeInJurisdiction(
  out: Issue[],
  facts: BallotFacts,
  row: Partial<Dc01Row>,
  unitDate: string,
  catalog: ReferenceCatalog,
  jurisdiction: string,
): void {
  let readable = false;
  for (const code of [cellOf(row, 'permanent_unit'), cellOf(row, 'current_unit')]) {
    const w = currentCommune(catalog, code, unitDate);
    if (w === null || w.unit === null) continue;
    readable = true;
    const inside = w.communes.find((c) => catalog.isWithin(c, jurisdiction));
    if (inside !== undefined) {
      facts.unitCode = inside;
      facts.provinceCode = w.province;
      return;
    }
  }
  if (!readable) return;
  const permanent = cellOf(row, 'permanent_unit');
  out.push(
    issue(
      permanent ? 'permanent_unit' : 'current_unit',
      'unit.out_of_jurisdiction',
      permanent || cellOf(row, 'current_unit'),
      `the commune is outside your jurisdiction (${jurisdiction})`,
    ),
  );
}

function dobOf(s: PersonState): string | null {
  const r = s.dateOfBirth ? parseDateInput(s.dateOfBirth) : undefined;
  return r?.ok && r.value === s.dateOfBirth ? r.value : null;
}

function unitDateOf(row: Partial<Dc01Row>, today: string): string {
  const ref = row.unit_ref_date ?? '';
  if (isValidIsoDate(ref)) return ref;
  const c = parseDateInput(row.collected_on ?? '');
  return c.ok && c.value.length === 10 ? c.value : today;
}

/** A relative is named by a name or a PIN. */
function named(name?: string, pin?: string): boolean {
  return Boolean(name || pin);
}

/** Completeness and correctness that depend on the age (a partial birth date counts from its earliest day, so a
 * person is judged under an age only when certainly so). */
function byAgeAndStatus(out: Issue[], row: Partial<Dc01Row>, s: PersonState, dob: string, on: string): void {
  if (firstDay(dob) > on) return;
  const age = ageOn(dob, on);
  if (age < OLD_ID_AGE) {
    const someone =
      named(row.father_name, row.father_pin) ||
      named(row.mother_name, row.mother_pin) ||
      named(row.head_name, row.head_pin);
    if (!someone)
      out.push(issue('father_name', 'required.by_age', '', `age ${age}: name a parent or the household head`));
    if (row.old_id_number)
      out.push(issue('old_id_number', 'old_id.under_14', row.old_id_number, `age ${age} on ${on}`));
  }
  const marital = row.marital_status ?? 'single';
  const sex = s.sex;
  if (marital !== 'single' && (marital === 'married' || marital === 'divorced' || marital === 'widowed')) {
    if (age < MARRIAGE_AGE[sex])
      out.push(issue('marital_status', 'marriage.age', marital, `age ${age} on ${on}, minimum ${MARRIAGE_AGE[sex]}`));
  }
  if (marital === 'married' && !named(row.spouse_name, row.spouse_pin))
    out.push(issue('spouse_name', 'required.by_marital_status', ''));
}

const NO_HOME = { unit: null, province: null } as const;

function factsOf(
  row: Partial<Dc01Row>,
  s: PersonState,
  dob: string | null,
  unitDate: string,
  ctx: ValidationContext,
): BallotFacts {
  const data = row as Record<string, string>;
  const home =
    currentCommune(ctx.catalog, row.permanent_unit ?? '', unitDate) ??
    currentCommune(ctx.catalog, row.current_unit ?? '', unitDate) ??
    NO_HOME;
  const pin = s.pin !== '' && PIN_RE.test(s.pin) ? s.pin : null;
  const fatherPin = row.father_pin && PIN_RE.test(row.father_pin) ? row.father_pin : null;
  const motherPin = row.mother_pin && PIN_RE.test(row.mother_pin) ? row.mother_pin : null;
  return {
    ref: ballotRef('DC01', data),
    pin,
    fullName: s.fullName || null,
    nameFolded: s.fullName ? foldName(s.fullName) : null,
    dob,
    unitCode: home.unit,
    provinceCode: home.province,
    fatherPin,
    motherPin,
    fatherName: row.father_name ?? '',
    motherName: row.mother_name ?? '',
  };
}

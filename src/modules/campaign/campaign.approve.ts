// Approval applies one ballot to the registry inside the caller's transaction: a DC01 creates the person it
// declares (allocating a PIN where it has none) or, for a person already in the registry, records what changed
// as a new version; a DC02 updates or corrects the one field it names. The source document of every change is
// "ballot:<id>". Nothing is written for a ballot that is skipped (a duplicate, a conflicting re-declaration, a
// state that breaks a registry rule): the decision is made before the first write, so a transaction holding
// several ballots never keeps half of one.
import type { Trx } from '../../db/database.ts';
import { firstDay, isValidIsoDate, yearOf } from '../../domain/dates.ts';
import type { Dc01Key, Dc01Row } from '../../domain/dc01.ts';
import { DC02_CHANGEABLE, type Dc02Row } from '../../domain/dc02.ts';
import type { Violation } from '../../domain/errors.ts';
import { foldName } from '../../domain/names.ts';
import { composePin, randomSerial } from '../../domain/pin.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { ballotToState } from '../registry/dc01.mapping.ts';
import {
  type Address,
  compactState,
  foldState,
  type PersonChange,
  type PersonField,
  type PersonState,
  parseState,
  type RelatedPerson,
  sourceOfField,
} from '../registry/person.model.ts';
import { projectPerson } from '../registry/person.projection.ts';
import { validatePersonState } from '../registry/person.validation.ts';
import {
  findPersonById,
  findPersonByPin,
  findPin,
  insertChanges,
  insertHousehold,
  insertPerson,
  insertPin,
  listChanges,
  type PersonRow,
  updatePersonIfVersion,
} from '../registry/registry.repository.ts';
import { approvedBallotOfPerson, findPersonsByNameDob, statusOfBallot } from './campaign.approve.repository.ts';
import type { BallotRow } from './campaign.review.repository.ts';

export interface ApprovalEnv {
  catalog: ReferenceCatalog;
  today: string;
  /** The actor recorded as author of the registry changes. */
  actorId: string;
  /** The registry's PIN serial source (tests replace it to force collisions); random otherwise. */
  serial?: () => number | undefined;
}

/** What one chunk of a bulk approval remembers between its ballots (households already ensured). */
export interface ChunkMemo {
  households: Set<string>;
}

export type SkipReason = 'duplicate' | 'pin_conflict' | 'invalid' | 'person_not_found';

export type ApprovalResult =
  | { ok: true; kind: 'created' | 'updated' | 'unchanged'; personId: number; pin: string; fields: string[] }
  | { ok: false; reason: SkipReason; message: string; violations?: Violation[] };

/** Where the source document of a registry change points back to its ballot. */
export function sourceDocOf(ballotId: number): string {
  return `ballot:${ballotId}`;
}

const MAX_PIN_ATTEMPTS = 50;

/** The state fields a DC01 declares (everything but the PIN, which identifies rather than describes). */
const DC01_STATE_FIELDS: readonly PersonField[] = [
  'fullName',
  'otherNames',
  'dateOfBirth',
  'sex',
  'oldIdNumber',
  'placeOfBirth',
  'birthRegistrationPlace',
  'hometown',
  'ethnicity',
  'religion',
  'nationalities',
  'bloodGroup',
  'maritalStatus',
  'permanentResidence',
  'currentResidence',
  'father',
  'mother',
  'spouse',
  'household',
  'phone',
  'email',
];

/** The state field each DC01 column feeds (a DC02 names a DC01 column). */
export const STATE_FIELD_OF: Partial<Record<Dc01Key, PersonField>> = {
  full_name: 'fullName',
  other_names: 'otherNames',
  date_of_birth: 'dateOfBirth',
  sex: 'sex',
  old_id_number: 'oldIdNumber',
  place_of_birth: 'placeOfBirth',
  birth_registration_place: 'birthRegistrationPlace',
  hometown: 'hometown',
  ethnicity: 'ethnicity',
  religion: 'religion',
  nationality: 'nationalities',
  blood_group: 'bloodGroup',
  marital_status: 'maritalStatus',
  permanent_unit: 'permanentResidence',
  permanent_address: 'permanentResidence',
  permanent_since: 'permanentResidence',
  current_unit: 'currentResidence',
  current_address: 'currentResidence',
  father_name: 'father',
  father_pin: 'father',
  mother_name: 'mother',
  mother_pin: 'mother',
  spouse_name: 'spouse',
  spouse_pin: 'spouse',
  household_code: 'household',
  relation_to_head: 'household',
  phone: 'phone',
  email: 'email',
};

function skip(reason: SkipReason, message: string, violations?: Violation[]): ApprovalResult {
  return violations ? { ok: false, reason, message, violations } : { ok: false, reason, message };
}

export function parseData<T>(b: BallotRow): Partial<T> {
  return JSON.parse(b.data) as Partial<T>;
}

/** Applies one ballot (DC01 or DC02) to the registry inside `trx`; see the file comment. */
export async function applyBallot(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  recordedAt: string,
  memo: ChunkMemo = { households: new Set() },
): Promise<ApprovalResult> {
  return b.form === 'DC02' ? applyDc02(trx, env, b, recordedAt, memo) : applyDc01(trx, env, b, recordedAt, memo);
}

// ---- DC01

async function applyDc01(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  recordedAt: string,
  memo: ChunkMemo,
): Promise<ApprovalResult> {
  if (b.duplicate_of !== null) {
    const original = await statusOfBallot(trx, b.duplicate_of);
    // A re-declaration of a ballot still alive in the workflow would declare the same person twice.
    if (original !== undefined && original !== 'rejected') {
      return skip('duplicate', `ballot ${b.duplicate_of} of the same file already declares this person`);
    }
  }
  const mapped = ballotToState(parseData<Dc01Row>(b), env.today);
  if (!mapped.violations.empty) return skip('invalid', 'the ballot breaks a rule', mapped.violations.list);
  const state = mapped.state;
  const person = await locatePerson(trx, b, state);
  if (person) {
    const earlier = await approvedBallotOfPerson(trx, b.campaign_code, person.id, b.id);
    if (earlier) {
      const same = changedFields(parseState(person.data), state, env.catalog).length === 0;
      return same
        ? skip('duplicate', `ballot ${earlier.id} of this campaign already declared this person`)
        : skip(
            'pin_conflict',
            `ballot ${earlier.id} of this campaign declared person ${person.pin} with other values: review them together`,
          );
    }
    return recollect(trx, env, b, person, state, recordedAt, memo);
  }
  return createPerson(trx, env, b, state, mapped.validFrom, recordedAt, memo);
}

/** The registry person a DC01 declares: by PIN (a cancelled one resolves), by the import's match, or by name,
 *  birth date and parents for a ballot without PIN. */
async function locatePerson(trx: Trx, b: BallotRow, s: PersonState): Promise<PersonRow | undefined> {
  if (s.pin) return findByPin(trx, s.pin);
  if (b.person_id !== null) return findPersonById(trx, b.person_id);
  if (!s.fullName || !s.dateOfBirth) return undefined;
  const candidates = await findPersonsByNameDob(trx, foldName(s.fullName), s.dateOfBirth);
  const same = (a: RelatedPerson | null, c: RelatedPerson | null) =>
    !a?.name || !c?.name || foldName(a.name) === foldName(c.name);
  const matches = candidates.filter((p) => {
    const ps = parseState(p.data);
    return same(s.father, ps.father) && same(s.mother, ps.mother);
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** A comparable form of a value: addresses by today's unit(s), detail and term, everything else as is. */
function comparable(v: unknown, catalog: ReferenceCatalog): string {
  if (v && typeof v === 'object' && 'unitCode' in v) {
    const a = v as Address & { since?: string | null; until?: string | null };
    const units = catalog.currentUnitsFor(a.unitCode, a.unitDate)?.units.map((u) => u.code) ?? [a.unitCode];
    return JSON.stringify([units, a.detail, a.since ?? null, a.until ?? null]);
  }
  if (v && typeof v === 'object' && 'name' in v && 'pin' in v) {
    const r = v as RelatedPerson;
    return JSON.stringify([r.pin, foldName(r.name)]);
  }
  return JSON.stringify(v);
}

/** The declared fields whose value differs from the registry's. An empty cell declares nothing: a ballot never
 *  erases what the registry holds. */
export function changedFields(current: PersonState, declared: PersonState, catalog: ReferenceCatalog): PersonField[] {
  const out: PersonField[] = [];
  for (const f of DC01_STATE_FIELDS) {
    const v = declared[f];
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (comparable(v, catalog) !== comparable(current[f], catalog)) out.push(f);
  }
  return out;
}

/** The day a re-collected fact is recorded from: the collection date when it is a sensible one, else today. */
function collectionDay(b: BallotRow, s: PersonState, today: string): string {
  const raw = (parseData<Dc01Row>(b).collected_on ?? '').trim();
  const birth = s.dateOfBirth ? firstDay(s.dateOfBirth) : '0000-01-01';
  return isValidIsoDate(raw) && raw <= today && raw >= birth ? raw : today;
}

async function recollect(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  person: PersonRow,
  declared: PersonState,
  recordedAt: string,
  memo: ChunkMemo,
): Promise<ApprovalResult> {
  const current = parseState(person.data);
  const fields = changedFields(current, declared, env.catalog);
  if (fields.length === 0) return { ok: true, kind: 'unchanged', personId: person.id, pin: person.pin, fields };
  const changes: Partial<PersonState> = {};
  for (const f of fields) (changes as Record<string, unknown>)[f] = declared[f];
  const validFrom = collectionDay(b, current, env.today);
  const written = await writeChange(
    trx,
    env,
    person,
    {
      validFrom,
      event: 're_collection',
      reason: 'Thu thập lại thông tin dân cư (phiếu DC01)',
      changes,
      sourceDoc: sourceDocOf(b.id),
      recordedAt,
    },
    memo,
  );
  return written.ok ? { ok: true, kind: 'updated', personId: person.id, pin: person.pin, fields } : written;
}

interface Change {
  validFrom: string;
  event: string;
  reason: string;
  sourceDoc: string;
  changes: Partial<PersonState>;
  recordedAt: string;
}

/** A new version of an existing person: the registry's fold, rules and compare-and-swap, inside `trx`. */
async function writeChange(
  trx: Trx,
  env: ApprovalEnv,
  person: PersonRow,
  c: Change,
  memo: ChunkMemo,
): Promise<{ ok: true } | ApprovalResult> {
  const existing = await listChanges(trx, person.id);
  const fresh: PersonChange = {
    seq: person.version + 1,
    validFrom: c.validFrom,
    recordedAt: c.recordedAt,
    recordedBy: env.actorId,
    event: c.event,
    reason: c.reason,
    sourceDoc: c.sourceDoc,
    changes: c.changes,
  };
  const state = foldState([...existing, fresh], env.today);
  if (!state) return skip('invalid', 'the change would leave no state as of today');
  const violations = validatePersonState(state, env).list;
  if (violations.length > 0) return skip('invalid', 'the registry would break a rule', violations);
  const ok = await updatePersonIfVersion(
    trx,
    person.id,
    person.version,
    person.version + 1,
    projectPerson(state, env.catalog),
    c.recordedAt,
  );
  // Another writer changed the person meanwhile: the caller's transaction must not commit anything of this ballot.
  if (!ok) throw new Error(`person ${person.pin} changed during the approval of ${c.sourceDoc}; retry`);
  await insertChanges(trx, [
    {
      person_id: person.id,
      seq: fresh.seq,
      valid_from: c.validFrom,
      recorded_at: c.recordedAt,
      recorded_by: env.actorId,
      event: c.event,
      reason: c.reason,
      source_doc: c.sourceDoc,
      changes: JSON.stringify(c.changes),
    },
  ]);
  await ensureHousehold(trx, state, c.recordedAt, memo);
  return { ok: true };
}

async function ensureHousehold(trx: Trx, s: PersonState, at: string, memo: ChunkMemo): Promise<void> {
  if (!s.household || memo.households.has(s.household.code)) return;
  memo.households.add(s.household.code);
  const r = s.permanentResidence;
  await insertHousehold(trx, {
    code: s.household.code,
    unit_code: r?.unitCode ?? null,
    address: r?.detail ?? null,
    created_at: at,
  });
}

/** The PIN province of a person without PIN: that of the birth-registration place, else of the residence. */
function pinProvinceOf(s: PersonState, catalog: ReferenceCatalog): string | undefined {
  const place = s.birthRegistrationPlace ?? s.permanentResidence;
  if (!place) return undefined;
  const province = catalog.currentProvinceOf(place.unitCode, place.unitDate);
  return province ? catalog.pinProvince(`0${province}`)?.pinCode : undefined;
}

async function createPerson(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  declared: PersonState,
  validFrom: string,
  recordedAt: string,
  memo: ChunkMemo,
): Promise<ApprovalResult> {
  const given = declared.pin !== '';
  const pinCode = given ? undefined : pinProvinceOf(declared, env.catalog);
  // Checked first with the PIN it will have (or a well-formed stand-in of the right prefix): nothing is written
  // for a state that breaks a rule.
  const probe = { ...declared };
  if (!given) {
    if (!pinCode || yearOf(declared.dateOfBirth) < 1900) {
      return skip('invalid', 'no PIN can be allocated', [
        {
          field: 'birthRegistrationPlace.unitCode',
          rule: 'pin.province',
          message: 'the birth-registration place (or residence) has no PIN province code',
          value: declared.birthRegistrationPlace?.unitCode ?? declared.permanentResidence?.unitCode ?? null,
        },
      ]);
    }
    probe.pin = composePin(pinCode, yearOf(declared.dateOfBirth), declared.sex, 0);
  }
  const violations = validatePersonState(probe, env).list;
  if (violations.length > 0) return skip('invalid', 'the ballot breaks a registry rule', violations);

  for (let attempt = 0; attempt < MAX_PIN_ATTEMPTS; attempt++) {
    const pin = given
      ? declared.pin
      : composePin(pinCode!, yearOf(declared.dateOfBirth), declared.sex, env.serial?.() ?? randomSerial());
    // A cancelled PIN is never reissued: it stays in person_pin.
    if (!given && (await findPin(trx, pin))) continue;
    const state: PersonState = { ...declared, pin };
    const id = await insertPerson(trx, {
      ...projectPerson(state, env.catalog),
      version: 1,
      created_at: recordedAt,
      updated_at: recordedAt,
    });
    if (id === undefined) {
      if (given) throw new Error(`PIN ${pin} was registered by another writer during the approval of ballot ${b.id}`);
      continue;
    }
    if (!(await insertPin(trx, { pin, person_id: id, status: 'active', issued_at: recordedAt }))) {
      throw new Error(`PIN ${pin} was reserved by another writer during the approval of ballot ${b.id}`);
    }
    await insertChanges(trx, [
      {
        person_id: id,
        seq: 1,
        valid_from: validFrom,
        recorded_at: recordedAt,
        recorded_by: env.actorId,
        event: 'registration',
        reason: 'Thu thập thông tin dân cư (phiếu DC01)',
        source_doc: sourceDocOf(b.id),
        changes: JSON.stringify(compactState(state)),
      },
    ]);
    await ensureHousehold(trx, state, recordedAt, memo);
    return { ok: true, kind: 'created', personId: id, pin, fields: [] };
  }
  throw new Error(`no free PIN found for ballot ${b.id} after ${MAX_PIN_ATTEMPTS} attempts; retry`);
}

// ---- DC02

/** A DC01 row holding a person's current values, so that one column can be replaced and read back. */
export function stateToDc01Row(s: PersonState, refDate: string): Dc01Row {
  const code = (a: Address | null) => a?.unitCode ?? '';
  return {
    ballot_id: '',
    household_code: s.household?.code ?? '',
    relation_to_head: s.household?.relationToHead ?? '',
    full_name: s.fullName,
    other_names: s.otherNames.join('; '),
    date_of_birth: s.dateOfBirth,
    sex: s.sex === 'F' ? 'Nữ' : 'Nam',
    pin: s.pin,
    old_id_number: s.oldIdNumber ?? '',
    place_of_birth: code(s.placeOfBirth),
    birth_registration_place: code(s.birthRegistrationPlace),
    hometown: code(s.hometown),
    ethnicity: s.ethnicity,
    religion: s.religion,
    nationality: s.nationalities.join('; '),
    blood_group: s.bloodGroup ?? '',
    marital_status: s.maritalStatus,
    permanent_unit: code(s.permanentResidence),
    permanent_address: s.permanentResidence?.detail ?? '',
    permanent_since: s.permanentResidence?.since ?? '',
    current_unit: code(s.currentResidence),
    current_address: s.currentResidence?.detail ?? '',
    unit_ref_date: refDate,
    father_name: s.father?.name ?? '',
    father_pin: s.father?.pin ?? '',
    mother_name: s.mother?.name ?? '',
    mother_pin: s.mother?.pin ?? '',
    spouse_name: s.spouse?.name ?? '',
    spouse_pin: s.spouse?.pin ?? '',
    head_name: '',
    head_pin: '',
    phone: s.phone ?? '',
    email: s.email ?? '',
    collected_on: '',
  };
}

export interface Dc02Plan {
  person: PersonRow;
  field: Dc01Key;
  stateField: PersonField;
  /** The registry's value now, written as the form writes it. */
  registryValue: string;
  newValue: string;
  kind: 'update' | 'correction';
  change: Partial<PersonState>;
  validFrom: string;
}

/** The person a PIN was issued to (every PIN ever issued is in person_pin); a cancelled one resolves to the
 *  active PIN that replaced it. One query when the PIN is new, the common case of a collection campaign. */
async function findByPin(trx: Trx, pin: string): Promise<PersonRow | undefined> {
  const issued = await findPin(trx, pin);
  if (!issued) return undefined;
  if (issued.status !== 'active' && issued.replaced_by) return findPersonByPin(trx, issued.replaced_by);
  return findPersonById(trx, issued.person_id);
}

/** What a DC02 would change, read from the registry as it is now (also the detail view's old and new values). */
export async function planDc02(
  trx: Trx | Parameters<typeof findPersonByPin>[0],
  env: Pick<ApprovalEnv, 'catalog' | 'today'>,
  b: BallotRow,
): Promise<Dc02Plan | ApprovalResult> {
  const d = parseData<Dc02Row>(b);
  const pin = (d.pin ?? '').trim();
  const field = (d.field ?? '').trim() as Dc01Key;
  const newValue = (d.new_value ?? '').trim();
  const stateField = STATE_FIELD_OF[field];
  if (!DC02_CHANGEABLE.includes(field) || !stateField) {
    return skip('invalid', `field ${field} cannot be changed by a DC02`, [
      { field: 'field', rule: 'enum', message: 'not a field a DC02 may change', value: field },
    ]);
  }
  const person = await findByPin(trx as Trx, pin);
  if (!person) return skip('person_not_found', `no person has PIN ${pin}`);
  const current = parseState(person.data);
  const effective = (d.effective_date ?? '').trim();
  const refDate = isValidIsoDate(effective) && effective <= env.today ? effective : env.today;
  const row = stateToDc01Row(current, refDate);
  const registryValue = row[field];
  row[field] = newValue;
  const mapped = ballotToState(row, env.today);
  const own = mapped.violations.list.filter((v) => STATE_FIELD_OF[v.field as Dc01Key] === stateField);
  if (own.length > 0) return skip('invalid', 'the new value breaks a rule', own);
  const kind = (d.change_kind ?? '').trim() === 'correction' ? 'correction' : 'update';
  const change = { [stateField]: mapped.state[stateField] } as Partial<PersonState>;
  let validFrom = refDate;
  if (kind === 'correction') {
    // A correction replaces the wrong value over the whole period it was held.
    const existing = await listChanges(trx as Trx, person.id);
    validFrom =
      sourceOfField(existing, stateField, env.today)?.validFrom ??
      (current.dateOfBirth ? firstDay(current.dateOfBirth) : refDate);
  }
  return { person, field, stateField, registryValue, newValue, kind, change, validFrom };
}

async function applyDc02(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  recordedAt: string,
  memo: ChunkMemo,
): Promise<ApprovalResult> {
  const plan = await planDc02(trx, env, b);
  if ('ok' in plan) return plan;
  const d = parseData<Dc02Row>(b);
  const written = await writeChange(
    trx,
    env,
    plan.person,
    {
      validFrom: plan.validFrom,
      event: plan.kind,
      reason:
        (d.reason ?? '').trim() || `Phiếu DC02: ${plan.kind === 'correction' ? 'chỉnh sửa' : 'cập nhật'} thông tin`,
      sourceDoc: sourceDocOf(b.id),
      changes: plan.change,
      recordedAt,
    },
    memo,
  );
  if (!written.ok) return written as ApprovalResult;
  return { ok: true, kind: 'updated', personId: plan.person.id, pin: plan.person.pin, fields: [plan.stateField] };
}

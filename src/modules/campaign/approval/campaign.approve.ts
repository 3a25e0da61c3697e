// Approval applies one ballot to the registry inside the caller's transaction: a DC01 creates the person it
// declares (allocating a PIN where it has none) or, for a person already in the registry, records what changed
// as a new version; a DC02 updates or corrects the one field it names. The source document of every change is
// "ballot:<id>". Nothing is written for a ballot that is skipped (a duplicate, a conflicting re-declaration, a
// state that breaks a registry rule): the decision is made before the first write, so a transaction holding
// several ballots never keeps half of one.
import type { DbOrTrx, Trx } from '../../../db/database.ts';
import type { Actor } from '../../../domain/context.ts';
import { firstDay, isValidIsoDate, yearOf } from '../../../domain/dates.ts';
import type { Dc01Key, Dc01Row } from '../../../domain/dc01.ts';
import { DC02_CHANGEABLE, type Dc02Row } from '../../../domain/dc02.ts';
import type { Violation } from '../../../domain/errors.ts';
import { foldName } from '../../../domain/names.ts';
import { composePin } from '../../../domain/pin.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { ballotToState } from '../../registry/dc01.mapping.ts';
import {
  type Address,
  foldState,
  type PersonChange,
  type PersonField,
  type PersonState,
  parseState,
  type RelatedPerson,
  sourceOfField,
} from '../../registry/person.model.ts';
import { validatePersonState } from '../../registry/person.validation.ts';
import { type PersonRow, registryReader, registryWriter } from '../../registry/registry.tx.ts';
import { covers, declaredFields, IDENTITY_FIELDS, type MatchDecision, matchDc01 } from '../review/campaign.match.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';
import { approvedBallotOfPerson, statusOfBallot } from './campaign.approve.repository.ts';

export interface ApprovalEnv {
  catalog: ReferenceCatalog;
  today: string;
  /** The actor recorded as author of the registry changes. */
  actorId: string;
  /** The approving actor: a change to an existing person needs jurisdiction over them. */
  actor: Actor;
  /** The reviewer's answer to a possible match (single approvals; bulk approval leaves possible matches). */
  match?: MatchDecision;
  /** The officer confirms a change of name, birth date, sex or PIN by re-collection. */
  confirmIdentityChange?: boolean;
  /** The registry's PIN serial source (tests replace it to force collisions); random otherwise. */
  serial?: () => number | undefined;
}

/** What one chunk of a bulk approval remembers between its ballots (households already ensured). */
export interface ChunkMemo {
  households: Set<string>;
}

export type SkipReason =
  | 'duplicate'
  | 'pin_conflict'
  | 'invalid'
  | 'person_not_found'
  | 'outside_jurisdiction'
  | 'possible_match'
  | 'needs_confirmation';

export type ApprovalResult =
  | { ok: true; kind: 'created' | 'updated' | 'unchanged'; personId: number; pin: string; fields: string[] }
  | {
      ok: false;
      reason: SkipReason;
      message: string;
      violations?: Violation[];
      /** possible_match: the candidates' PINs; needs_confirmation: the identity fields that would change. */
      details?: Record<string, unknown>;
    };

/** Where the source document of a registry change points back to its ballot. */
export function sourceDocOf(ballotId: number): string {
  return `ballot:${ballotId}`;
}

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

function skip(
  reason: SkipReason,
  message: string,
  violations?: Violation[],
  details?: Record<string, unknown>,
): ApprovalResult {
  return {
    ok: false,
    reason,
    message,
    ...(violations ? { violations } : {}),
    ...(details ? { details } : {}),
  };
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
  const match = await matchDc01(registryReader(trx), env.actor, env.catalog, b, state, env.match);
  if (match.kind === 'outside') {
    return skip('outside_jurisdiction', `PIN ${state.pin} names a person outside your jurisdiction`);
  }
  if (match.kind === 'new') return createPerson(trx, env, b, state, mapped.validFrom, recordedAt, memo);
  const person = match.kind === 'possible' ? match.candidates[0]! : match.person;
  // A person this campaign already declared: a repeated declaration (duplicate) or a conflicting one.
  if (match.kind !== 'possible' || match.candidates.length === 1) {
    const earlier = await approvedBallotOfPerson(trx, b.campaign_code, person.id, b.id);
    if (earlier) {
      const same = changedFields(parseState(person.data), state, env.catalog, declaredOf(b)).length === 0;
      return same
        ? skip('duplicate', `ballot ${earlier.id} of this campaign already declared this person`)
        : skip(
            'pin_conflict',
            `ballot ${earlier.id} of this campaign declared person ${person.pin} with other values: review them together`,
          );
    }
  }
  if (match.kind === 'possible') {
    const pins = match.candidates.map((c) => c.pin);
    return skip(
      'possible_match',
      `the registry holds ${pins.length} person(s) with the same name and birth date (${pins.join(', ')}): confirm the match or approve as a new person`,
      undefined,
      { candidates: pins },
    );
  }
  return recollect(trx, env, b, person, state, recordedAt, memo);
}

/** The state fields the ballot declares (a blank cell declares nothing). */
function declaredOf(b: BallotRow): Set<PersonField> {
  return declaredFields(parseData<Record<string, string>>(b), STATE_FIELD_OF);
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

/** The declared fields whose value differs from the registry's. A blank cell declares nothing (the mapping's
 *  defaults for blank cells, such as religion 00 or marital status single, are not declarations): a ballot never
 *  erases what the registry holds. */
export function changedFields(
  current: PersonState,
  declared: PersonState,
  catalog: ReferenceCatalog,
  filled: ReadonlySet<PersonField>,
): PersonField[] {
  const out: PersonField[] = [];
  for (const f of DC01_STATE_FIELDS) {
    if (!filled.has(f)) continue;
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
  const fields = changedFields(current, declared, env.catalog, declaredOf(b));
  if (fields.length === 0) return { ok: true, kind: 'unchanged', personId: person.id, pin: person.pin, fields };
  const identity = fields.filter((f) => IDENTITY_FIELDS.includes(f));
  if (identity.length > 0 && !env.confirmIdentityChange) {
    return skip(
      'needs_confirmation',
      `the re-collection would change ${identity.join(', ')} of ${person.pin}: the approving officer must confirm it`,
      undefined,
      { fields: identity },
    );
  }
  const changes: Partial<PersonState> = {};
  for (const f of fields) (changes as Record<string, unknown>)[f] = declared[f];
  // Marital status and spouse stay consistent: a person declared no longer married keeps no spouse.
  if (changes.maritalStatus && changes.maritalStatus !== 'married' && current.spouse && !('spouse' in changes)) {
    changes.spouse = null;
    fields.push('spouse');
  }
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

/** A new version of an existing person: the registry's fold and rules, then its compare-and-swap, inside `trx`. */
async function writeChange(
  trx: Trx,
  env: ApprovalEnv,
  person: PersonRow,
  c: Change,
  memo: ChunkMemo,
): Promise<{ ok: true } | ApprovalResult> {
  if (!covers(env.actor, person, env.catalog)) {
    return skip('outside_jurisdiction', `person ${person.pin} is outside your jurisdiction`);
  }
  const writer = registryWriter(trx);
  const existing = await writer.changesOf(person.id);
  const meta = {
    validFrom: c.validFrom,
    recordedAt: c.recordedAt,
    recordedBy: env.actorId,
    event: c.event,
    reason: c.reason,
    sourceDoc: c.sourceDoc,
  };
  const fresh: PersonChange = { seq: person.version + 1, ...meta, changes: c.changes };
  const state = foldState([...existing, fresh], env.today);
  if (!state) return skip('invalid', 'the change would leave no state as of today');
  const violations = validatePersonState(state, env).list;
  if (violations.length > 0) return skip('invalid', 'the registry would break a rule', violations);
  await writer.appendChange(person, c.changes, state, meta, env.catalog);
  await ensureHousehold(trx, state, c.recordedAt, memo);
  return { ok: true };
}

async function ensureHousehold(trx: Trx, s: PersonState, at: string, memo: ChunkMemo): Promise<void> {
  if (!s.household || memo.households.has(s.household.code)) return;
  memo.households.add(s.household.code);
  await registryWriter(trx).ensureHousehold(s, at);
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

  const created = await registryWriter(trx).createPerson({
    state: declared,
    ...(pinCode ? { pinCode } : {}),
    meta: {
      validFrom,
      recordedAt,
      recordedBy: env.actorId,
      event: 'registration',
      reason: 'Thu thập thông tin dân cư (phiếu DC01)',
      sourceDoc: sourceDocOf(b.id),
    },
    catalog: env.catalog,
    ...(env.serial ? { serial: env.serial } : {}),
  });
  await ensureHousehold(trx, created.state, recordedAt, memo);
  return { ok: true, kind: 'created', personId: created.id, pin: created.pin, fields: [] };
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

/** What a DC02 would change, read from the registry as it is now (also the detail view's old and new values). */
export async function planDc02(
  db: DbOrTrx,
  env: Pick<ApprovalEnv, 'catalog' | 'today' | 'actor'>,
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
  const reader = registryReader(db);
  const person = await reader.personByIssuedPin(pin);
  // Outside the jurisdiction the answer is the same as for an unknown PIN: nothing about the person is disclosed.
  if (!person || !covers(env.actor, person, env.catalog)) {
    return skip(
      'person_not_found',
      env.actor.jurisdiction === null ? `no person has PIN ${pin}` : `no person of your jurisdiction has PIN ${pin}`,
    );
  }
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
    const existing = await reader.changesOf(person.id);
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

// What approval shares between DC01 and DC02: its environment and results, the skip that writes nothing, the state
// fields a ballot names, and the write of a new version of an existing person through the registry's rules.
import type { Trx } from '../../../db/database.ts';
import type { Actor } from '../../../domain/context.ts';
import type { Dc01Key } from '../../../domain/dc01.ts';
import type { Violation } from '../../../domain/errors.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { foldState, type PersonChange, type PersonField, type PersonState } from '../../registry/person.model.ts';
import { validatePersonState } from '../../registry/person.validation.ts';
import { type PersonRow, registryWriter } from '../../registry/registry.tx.ts';
import { covers, type MatchDecision } from '../review/campaign.match.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';

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
export const DC01_STATE_FIELDS: readonly PersonField[] = [
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

export function skip(
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

export interface Change {
  validFrom: string;
  event: string;
  reason: string;
  sourceDoc: string;
  changes: Partial<PersonState>;
  recordedAt: string;
}

/** A new version of an existing person: the registry's fold and rules, then its compare-and-swap, inside `trx`. */
export async function writeChange(
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

export async function ensureHousehold(trx: Trx, s: PersonState, at: string, memo: ChunkMemo): Promise<void> {
  if (!s.household || memo.households.has(s.household.code)) return;
  memo.households.add(s.household.code);
  await registryWriter(trx).ensureHousehold(s, at);
}

/** The PIN province of a person without PIN: that of the birth-registration place, else of the residence. */

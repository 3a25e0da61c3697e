// Approval of a DC01: creates the person it declares (allocating a PIN where it has none) or, for a person
// already in the registry, records what changed as a new version, dated from the collection day.
import type { Trx } from '../../../db/database.ts';
import { firstDay, isValidIsoDate, yearOf } from '../../../domain/dates.ts';
import type { Dc01Row } from '../../../domain/dc01.ts';
import { foldName } from '../../../domain/names.ts';
import { composePin } from '../../../domain/pin.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { ballotToState } from '../../registry/dc01.mapping.ts';
import {
  type Address,
  type PersonField,
  type PersonState,
  parseState,
  type RelatedPerson,
} from '../../registry/person.model.ts';
import { validatePersonState } from '../../registry/person.validation.ts';
import { type PersonRow, registryReader, registryWriter } from '../../registry/registry.tx.ts';
import { declaredFields, IDENTITY_FIELDS, matchDc01 } from '../review/campaign.match.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';
import {
  type ApprovalEnv,
  type ApprovalResult,
  type ChunkMemo,
  DC01_STATE_FIELDS,
  ensureHousehold,
  parseData,
  STATE_FIELD_OF,
  skip,
  sourceDocOf,
  writeChange,
} from './campaign.approve.common.ts';
import { approvedBallotOfPerson, statusOfBallot } from './campaign.approve.repository.ts';

export async function applyDc01(
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

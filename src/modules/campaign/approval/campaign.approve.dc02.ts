// Approval of a DC02: updates or corrects the one field it names, read back through a DC01 row of the person's
// current values so the same field rules apply.
import type { DbOrTrx, Trx } from '../../../db/database.ts';
import { firstDay, isValidIsoDate } from '../../../domain/dates.ts';
import type { Dc01Key, Dc01Row } from '../../../domain/dc01.ts';
import { DC02_CHANGEABLE, type Dc02Row } from '../../../domain/dc02.ts';
import { ballotToState } from '../../registry/dc01.mapping.ts';
import {
  type Address,
  type PersonField,
  type PersonState,
  parseState,
  sourceOfField,
} from '../../registry/person.model.ts';
import { type PersonRow, registryReader } from '../../registry/registry.tx.ts';
import { covers } from '../review/campaign.match.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';
import {
  type ApprovalEnv,
  type ApprovalResult,
  type ChunkMemo,
  parseData,
  STATE_FIELD_OF,
  skip,
  sourceDocOf,
  writeChange,
} from './campaign.approve.common.ts';

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

export async function applyDc02(
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

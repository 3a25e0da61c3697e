// Life events, each one transaction over every person it touches: death and declared missing, marriage and
// divorce (both sides), name change, move, household head change, and PIN re-establishment. A change to a person
// outside the recording officer's jurisdiction (a second party) is left as a notice (registry.notices.ts), and
// nothing about such a person (name, old ID, marital status) is put in an answer or an error message.
import type { RequestContext } from '../../domain/context.ts';
import { ageOn, firstDay, yearOf } from '../../domain/dates.ts';
import type { RelationToHead } from '../../domain/dc01.ts';
import { DomainError, ValidationError, Violations } from '../../domain/errors.ts';
import { type PersonState, parseState, type RelatedPerson } from './person.model.ts';
import { type ChangeSpec, type PersonWrite, writePersons } from './person.writer.ts';
import { coversSecondParty, isNational } from './registry.access.ts';
import { toAddress, toResidence } from './registry.inputs.ts';
import {
  insertNoticesIn,
  MARRIAGE_AGE,
  type NoticeKind,
  type NoticeRef,
  type SecondParty,
  specOf,
  splitSecondParties,
} from './registry.notices.ts';
import {
  cancelPin,
  findPersonByPin,
  findPin,
  householdMembers,
  insertPin,
  listChanges,
  type PersonRow,
} from './registry.repository.ts';
import type { EventBody } from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';
import { allocatePin } from './registry.tx.ts';

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('REGISTRY.INVALID_EVENT', message, details);
}

function ref(row: PersonRow, s: PersonState): RelatedPerson {
  return { pin: row.pin, name: s.fullName, oldIdNumber: s.oldIdNumber, nationality: s.nationalities[0] ?? null };
}

/** What an event wrote: the person's new state, every person written, and the notices left for others. */
export interface EventResult {
  person: PersonRow;
  state: PersonState;
  written: number[];
  notices: NoticeRef[];
}

/** The one answer about a spouse the recorder may not see: it does not say whether the PIN exists, nor why. */
function spouseIneligible(pin: string): ValidationError {
  return new ValidationError([
    {
      field: 'spousePin',
      rule: 'marriage.spouse_ineligible',
      message: "the spouse's PIN does not identify a person who can marry",
      value: pin,
    },
  ]);
}

export async function recordEvent(
  svc: RegistryService,
  ctx: RequestContext,
  person: PersonRow,
  e: EventBody,
): Promise<EventResult> {
  const env = await svc.env();
  const db = svc.db;
  const state = parseState(person.data);
  const v = new Violations();
  if (e.date > env.today) v.add('date', 'date.future', `must not be after today (${env.today})`, e.date);
  if (state.dateOfBirth && e.date < firstDay(state.dateOfBirth))
    v.add('date', 'date.order', 'must not be before the date of birth', e.date);
  v.throwIfAny();
  const base = { validFrom: e.date, event: e.type, reason: e.reason ?? null, sourceDoc: e.sourceDocument ?? null };
  const self = async (specs: ChangeSpec[]): Promise<PersonWrite> => ({
    person,
    existing: await listChanges(db, person.id),
    specs,
  });
  // Changes to persons other than the one the event is recorded for: written now or left as notices.
  const parties: SecondParty[] = [];
  const second = (kind: NoticeKind, row: PersonRow, set: Partial<PersonState>, label: string, event?: string) =>
    parties.push({ kind, row, label, plan: { ...base, event: event ?? base.event, set } });
  const covers = (row: PersonRow) => coversSecondParty(ctx, parseState(row.data), env.catalog);
  const alive = () => {
    if (state.death)
      throw invalid(`person ${person.pin} is recorded as ${state.death.kind} since ${state.death.date}`, {
        pin: person.pin,
      });
  };

  let writes: PersonWrite[];
  switch (e.type) {
    case 'death':
    case 'missing': {
      alive();
      writes = [
        await self([{ ...base, changes: { death: { kind: e.type === 'death' ? 'dead' : 'missing', date: e.date } } }]),
      ];
      const spouse = state.spouse?.pin ? await findPersonByPin(db, state.spouse.pin) : undefined;
      if (e.type === 'death' && spouse && state.maritalStatus === 'married')
        second('spouse_death', spouse, { maritalStatus: 'widowed' }, 'spouse: ', 'spouse_death');
      break;
    }
    case 'marriage': {
      alive();
      const partner = await findPersonByPin(db, e.spousePin);
      // Only a spouse the recorder covers is described in errors; otherwise one answer for unknown and ineligible.
      const open = partner !== undefined && covers(partner);
      if (!partner) {
        if (!isNational(ctx.actor)) throw spouseIneligible(e.spousePin);
        throw new ValidationError([
          {
            field: 'spousePin',
            rule: 'pin.unknown',
            message: 'no person in the registry has this PIN',
            value: e.spousePin,
          },
        ]);
      }
      if (partner.id === person.id) throw invalid('a person cannot marry themselves');
      const ps = parseState(partner.data);
      if (!open) {
        const married = ps.maritalStatus === 'married';
        if (ps.death || married || ageOn(ps.dateOfBirth, e.date) < MARRIAGE_AGE[ps.sex])
          throw spouseIneligible(e.spousePin);
      }
      if (ps.death) throw invalid(`person ${partner.pin} is recorded as ${ps.death.kind}`, { pin: partner.pin });
      for (const [row, s] of [
        [person, state],
        [partner, ps],
      ] as const) {
        if (s.maritalStatus === 'married')
          v.add(
            row === person ? 'pin' : 'spousePin',
            'marriage.already_married',
            `${s.fullName} is already married`,
            row.pin,
          );
        if (ageOn(s.dateOfBirth, e.date) < MARRIAGE_AGE[s.sex]) {
          v.add(
            row === person ? 'pin' : 'spousePin',
            'marriage.age',
            `${s.fullName} is under the minimum marriage age (${MARRIAGE_AGE[s.sex]})`,
            s.dateOfBirth,
          );
        }
      }
      v.throwIfAny();
      // The record of a spouse outside the jurisdiction is not copied: the name is the one declared, if any.
      const spouseRef: RelatedPerson = open
        ? ref(partner, ps)
        : { pin: partner.pin, name: (e.spouseName ?? '').trim(), oldIdNumber: null, nationality: null };
      writes = [await self([{ ...base, changes: { spouse: spouseRef, maritalStatus: 'married' } }])];
      second('marriage', partner, { spouse: ref(person, state), maritalStatus: 'married' }, 'spouse: ');
      break;
    }
    case 'divorce': {
      if (state.maritalStatus !== 'married')
        throw invalid(`${state.fullName} is not recorded as married`, { pin: person.pin });
      writes = [await self([{ ...base, changes: { spouse: null, maritalStatus: 'divorced' } }])];
      const partner = state.spouse?.pin ? await findPersonByPin(db, state.spouse.pin) : undefined;
      if (partner) second('divorce', partner, { spouse: null, maritalStatus: 'divorced' }, 'spouse: ');
      break;
    }
    case 'name_change': {
      const fullName = e.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (fullName === state.fullName) throw invalid('the new name is the current name');
      writes = [await self([{ ...base, changes: { fullName } }])];
      break;
    }
    case 'move': {
      alive();
      const to = toResidence({ ...e.to, since: e.to.since ?? e.date }, e.date);
      const field = `${e.residence}Residence` as 'permanentResidence' | 'temporaryResidence' | 'currentResidence';
      if (e.residence === 'temporary' && !to.until)
        v.add('to.until', 'required', 'a temporary residence needs the end of its term', null);
      v.throwIfAny();
      writes = [await self([{ ...base, changes: { [field]: to } }])];
      break;
    }
    case 'household_head_change': {
      if (!state.household) throw invalid(`${state.fullName} belongs to no household`, { pin: person.pin });
      const members = await householdMembers(db, state.household.code);
      const newHead = members.find((m) => m.pin === e.newHeadPin);
      if (!newHead)
        throw new ValidationError([
          {
            field: 'newHeadPin',
            rule: 'household.not_member',
            message: `not a member of household ${state.household.code}`,
            value: e.newHeadPin,
          },
        ]);
      const oldHead = members.find((m) => parseState(m.data).household?.relationToHead === 'head');
      if (oldHead?.id === newHead.id) throw invalid('this person is already the household head');
      const nh = parseState(newHead.data);
      const code = state.household.code;
      writes = [];
      second('household_head_change', newHead, { household: { code, relationToHead: 'head' } }, 'new head: ');
      if (oldHead) {
        const oh = parseState(oldHead.data);
        const relation: RelationToHead =
          (e.formerHeadRelation as RelationToHead | undefined) ??
          (oh.spouse?.pin === newHead.pin
            ? 'spouse'
            : nh.father?.pin === oldHead.pin || nh.mother?.pin === oldHead.pin
              ? 'parent'
              : 'other');
        second('household_head_change', oldHead, { household: { code, relationToHead: relation } }, 'former head: ');
      }
      break;
    }
    case 'pin_reestablishment': {
      const sex = e.sex ?? state.sex;
      const dateOfBirth = e.dateOfBirth ?? state.dateOfBirth;
      const place = e.birthRegistrationPlace
        ? toAddress(e.birthRegistrationPlace, e.date)
        : state.birthRegistrationPlace;
      if (e.cause === 'sex_reregistration' && sex === state.sex)
        v.add('sex', 'pin.no_change', 'a sex re-registration changes the sex', sex);
      const province = place ? env.catalog.currentProvinceOf(place.unitCode, place.unitDate) : undefined;
      // Keep the original province digits unless the place itself was corrected.
      const pinCode = e.birthRegistrationPlace && province ? `0${province}` : person.pin.slice(0, 3);
      if (!env.catalog.pinProvince(pinCode))
        v.add('birthRegistrationPlace', 'pin.province', 'no PIN province code for this place', pinCode);
      v.throwIfAny();
      // An encoding error was always wrong: the corrected values hold from birth. A sex re-registration holds from its date.
      const validFrom = e.cause === 'encoding_error' ? firstDay(dateOfBirth) : e.date;
      const r = await reestablish(
        svc,
        ctx,
        person,
        { ...base, validFrom },
        { sex, dateOfBirth, birthRegistrationPlace: place },
        pinCode,
        e.date,
      );
      return { ...r, written: [r.person.id], notices: [] };
    }
  }
  const { now, later } = splitSecondParties(ctx, parties, env.catalog);
  for (const p of now) {
    // The person may be their own second party (a head handing the household to themselves is refused above).
    const existing = await listChanges(db, p.row.id);
    const current = p.row.id === person.id ? state : parseState(p.row.data);
    const write = writes.find((w) => w.person.id === p.row.id);
    if (write) write.specs.push(specOf(p.plan, current));
    else writes.push({ person: p.row, existing, specs: [specOf(p.plan, current)], label: p.label });
  }
  const selfWrite = writes.find((w) => w.person.id === person.id);
  let notices: NoticeRef[] = [];
  const written = await writePersons(db, ctx, env, writes, async (trx, at) => {
    if (e.type === 'death' || e.type === 'missing') {
      const hook = { type: e.type, personId: person.id, pin: person.pin, newPin: null, date: e.date, ctx };
      await svc.lifeEvents.run(trx, hook);
    }
    notices = await insertNoticesIn(
      svc,
      trx,
      ctx,
      later,
      { personId: person.id, pin: person.pin, seq: selfWrite ? person.version + 1 : null, event: e.type },
      at,
    );
    for (const w of writes) {
      await svc.audit.recordIn(trx, ctx, {
        action: 'person.event',
        outcome: 'ok',
        personId: w.person.id,
        pin: w.person.pin,
        fields: [...new Set(w.specs.flatMap((x) => Object.keys(x.changes)))],
        details: { type: e.type, date: e.date },
      });
    }
  });
  const ids = written.map((w) => w.person.id);
  const mine = written.find((w) => w.person.id === person.id);
  if (mine) return { person: mine.person, state: mine.state, written: ids, notices };
  const fresh = await findPersonByPin(db, person.pin);
  return { person: fresh!, state: parseState(fresh!.data), written: ids, notices };
}

async function reestablish(
  svc: RegistryService,
  ctx: RequestContext,
  person: PersonRow,
  base: Omit<ChangeSpec, 'changes'>,
  fields: Pick<PersonState, 'sex' | 'dateOfBirth' | 'birthRegistrationPlace'>,
  pinCode: string,
  date: string,
): Promise<{ person: PersonRow; state: PersonState }> {
  const env = await svc.env();
  const db = svc.db;
  const existing = await listChanges(db, person.id);
  // The registry's one allocation loop: a candidate already issued (even cancelled) is skipped before the write,
  // and one taken by a concurrent writer makes the write throw PinTaken, which asks for the next candidate.
  const candidates = {
    pinCode,
    year: yearOf(fields.dateOfBirth),
    sex: fields.sex,
    serial: () => svc.nextSerial(),
  };
  return allocatePin(candidates, async (pin) => {
    if (await findPin(db, pin)) return undefined;
    try {
      const [w] = await writePersons(
        db,
        ctx,
        env,
        [{ person, existing, specs: [{ ...base, changes: { ...fields, pin } }] }],
        async (trx, at) => {
          if (!(await insertPin(trx, { pin, person_id: person.id, status: 'active', issued_at: at })))
            throw new PinTaken();
          await cancelPin(trx, person.pin, at, base.reason ?? base.event, pin);
          const hook = { personId: person.id, pin: person.pin, newPin: pin, date, ctx };
          await svc.lifeEvents.run(trx, { type: 'pin_reestablishment', ...hook });
          await svc.audit.recordIn(trx, ctx, {
            action: 'person.event',
            outcome: 'ok',
            personId: person.id,
            pin,
            fields: ['pin', ...Object.keys(fields)],
            details: { type: 'pin_reestablishment', cancelledPin: person.pin },
          });
        },
      );
      return { person: w!.person, state: w!.state };
    } catch (err) {
      if (err instanceof PinTaken) return undefined;
      throw err;
    }
  });
}

class PinTaken extends Error {}

// Birth registration as one transaction: a new person with a freshly allocated PIN, links to the parents (and the
// parents' lists of children), and a household: the one given, else the mother's or father's, else a new one.
// A parent outside the officer's jurisdiction is linked by PIN with the name as declared; nothing is taken from
// their record (residence, hometown, household), and their list of children grows only when an officer covering
// them confirms the notice left for them.
import type { RequestContext } from '../../domain/context.ts';
import { isValidIsoDate, yearOf } from '../../domain/dates.ts';
import type { RelationToHead } from '../../domain/dc01.ts';
import { DomainError, ValidationError, Violations } from '../../domain/errors.ts';
import { composePin } from '../../domain/pin.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { blankState, type PersonState, parseState, type RelatedPerson } from './person.model.ts';
import { validatePersonState } from './person.validation.ts';
import { type ChangeSpec, type PersonWrite, writePersons } from './person.writer.ts';
import { forbidden, inJurisdiction, isNational, unitWithin } from './registry.access.ts';
import { toAddress, toRelated, toResidence } from './registry.inputs.ts';
import { insertNoticesIn, type NoticeRef, type SecondParty } from './registry.notices.ts';
import { findHousehold, findPersonByPin, listChanges, type PersonRow } from './registry.repository.ts';
import type { BirthRegistrationBody } from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';
import { allocatePin, registryWriter } from './registry.tx.ts';

function relationUnder(parent: PersonState | undefined): RelationToHead {
  switch (parent?.household?.relationToHead) {
    case 'head':
    case 'spouse':
      return 'child';
    case 'child':
    case 'child_in_law':
      return 'grandchild';
    default:
      return 'other';
  }
}

export async function registerBirth(
  svc: RegistryService,
  ctx: RequestContext,
  body: BirthRegistrationBody,
): Promise<{ person: PersonRow; state: PersonState; notices: NoticeRef[] }> {
  const env = await svc.env();
  const db = svc.db;
  const registeredOn = body.registeredOn ?? env.today;
  const v = new Violations();
  if (!isValidIsoDate(body.dateOfBirth)) {
    throw new ValidationError([
      { field: 'dateOfBirth', rule: 'date.format', message: 'not a calendar date', value: body.dateOfBirth },
    ]);
  }
  if (body.registeredOn && !isValidIsoDate(body.registeredOn)) {
    throw new ValidationError([
      { field: 'registeredOn', rule: 'date.format', message: 'not a calendar date', value: body.registeredOn },
    ]);
  }
  if (body.dateOfBirth > registeredOn)
    v.add('dateOfBirth', 'date.future', `must not be after the registration date (${registeredOn})`, body.dateOfBirth);
  if (registeredOn > env.today)
    v.add('registeredOn', 'date.future', `must not be after today (${env.today})`, registeredOn);

  const covers = await svc.coversFn(ctx);
  const father = body.father ? await toRelated(db, body.father, 'father', v, covers) : null;
  const mother = body.mother ? await toRelated(db, body.mother, 'mother', v, covers) : null;
  // Parents the officer covers are written in the same transaction; the others get a notice.
  const parentRows: PersonRow[] = [];
  const farParents: PersonRow[] = [];
  for (const p of [mother, father]) {
    const row = p?.pin ? await findPersonByPin(db, p.pin) : undefined;
    if (row) (covers(row) ? parentRows : farParents).push(row);
  }
  const parentStates = parentRows.map((r) => parseState(r.data));

  const state: PersonState = {
    ...blankState(),
    fullName: body.fullName.normalize('NFC').trim().replace(/\s+/g, ' '),
    otherNames: body.otherNames ?? [],
    dateOfBirth: body.dateOfBirth,
    sex: body.sex,
    placeOfBirth: body.placeOfBirth ? toAddress(body.placeOfBirth, body.dateOfBirth) : null,
    birthRegistrationPlace: toAddress(body.birthRegistrationPlace, registeredOn),
    hometown: body.hometown
      ? toAddress(body.hometown, registeredOn)
      : (parentStates.find((p) => p.sex === 'M')?.hometown ?? parentStates[0]?.hometown ?? null),
    ethnicity: body.ethnicity,
    religion: body.religion ?? '00',
    nationalities: body.nationalities ?? ['VN'],
    bloodGroup: (body.bloodGroup ?? null) as PersonState['bloodGroup'],
    father,
    mother,
    legalRepresentative: body.legalRepresentative
      ? await toRelated(db, body.legalRepresentative, 'legalRepresentative', v, covers)
      : null,
    // A child's permanent residence follows the parents' (Residence Law Art 20) unless given.
    permanentResidence: body.permanentResidence
      ? toResidence(body.permanentResidence, body.dateOfBirth)
      : (() => {
          const r = parentStates.find((p) => p.permanentResidence)?.permanentResidence;
          return r ? { ...r, since: body.dateOfBirth, until: null } : null;
        })(),
    maritalStatus: 'single',
  };
  const headParent = parentStates.find((p) => p.household);
  if (body.household) {
    state.household = { code: body.household.code, relationToHead: body.household.relationToHead as RelationToHead };
  } else if (headParent?.household) {
    state.household = { code: headParent.household.code, relationToHead: relationUnder(headParent) };
  }
  v.throwIfAny();

  const catalog = env.catalog;
  const birthProvince = catalog.currentProvinceOf(
    state.birthRegistrationPlace!.unitCode,
    state.birthRegistrationPlace!.unitDate,
  );
  const pinProvince = birthProvince ? catalog.pinProvince(`0${birthProvince}`) : undefined;
  // Validate everything but the PIN first, with a well-formed placeholder of the right prefix.
  const prefixOk = pinProvince !== undefined && yearOf(state.dateOfBirth) >= 1900;
  state.pin = prefixOk ? composePin(pinProvince.pinCode, yearOf(state.dateOfBirth), state.sex, 0) : '000000000000';
  const violations = validatePersonState(state, env).list.filter((x) => x.field !== 'pin');
  if (!prefixOk && violations.length === 0) {
    violations.push({
      field: 'birthRegistrationPlace.unitCode',
      rule: 'pin.province',
      message: 'the birth-registration place has no PIN province code',
      value: state.birthRegistrationPlace!.unitCode,
    });
  }
  if (violations.length > 0) throw new ValidationError(violations);
  if (!inJurisdiction(ctx.actor, state, catalog) && !placeWithin(ctx, state, catalog)) {
    await svc.audit.record(ctx, {
      action: 'person.create',
      outcome: 'denied',
      details: { reason: 'outside jurisdiction' },
    });
    throw forbidden('the birth is registered and resides outside your jurisdiction', {
      jurisdiction: ctx.actor.jurisdiction,
    });
  }
  if (body.household) {
    // A household of another jurisdiction answers like an unknown one: its existence is not the officer's to learn.
    const h = await findHousehold(db, body.household.code);
    const within =
      h !== undefined &&
      (isNational(ctx.actor) ||
        (h.unit_code !== null && unitWithin(ctx.actor, h.unit_code, h.created_at.slice(0, 10), catalog)));
    if (!within) {
      throw new ValidationError([
        {
          field: 'household.code',
          rule: 'household.unknown',
          message: isNational(ctx.actor)
            ? 'no household has this code'
            : 'no household in your jurisdiction has this code',
          value: body.household.code,
        },
      ]);
    }
  }

  const spec: ChangeSpec = {
    validFrom: body.dateOfBirth,
    event: 'birth_registration',
    reason: 'đăng ký khai sinh',
    sourceDoc: body.sourceDocument ?? null,
    changes: state,
  };
  // The parents' lists of children grow in the same transaction, under their version checks.
  const parentWrites: PersonWrite[] = [];
  for (const row of parentRows) {
    parentWrites.push({
      person: row,
      existing: await listChanges(db, row.id),
      specs: [],
      label: `parent ${row.pin}: `,
    });
  }

  let notices: NoticeRef[] = [];
  const candidates = { pinCode: pinProvince!.pinCode, year: yearOf(state.dateOfBirth), sex: state.sex };
  const final = await allocatePin({ ...candidates, serial: () => svc.nextSerial() }, async (pin) => {
    const final: PersonState = { ...state, pin };
    if (!final.household) final.household = { code: `H${pin}`, relationToHead: 'head' };
    const childRef: RelatedPerson = {
      pin,
      name: final.fullName,
      oldIdNumber: null,
      nationality: final.nationalities[0] ?? null,
    };
    for (const [i, w] of parentWrites.entries()) {
      w.specs = [
        {
          validFrom: body.dateOfBirth,
          event: 'child_registered',
          reason: 'đăng ký khai sinh cho con',
          sourceDoc: spec.sourceDoc,
          changes: { children: [...parentStates[i]!.children, childRef] },
        },
      ];
    }
    try {
      // The parents are written first (under their version checks), so a taken PIN rolls their change back too.
      await writePersons(db, ctx, env, parentWrites, async (trx, recordedAt) => {
        const writer = registryWriter(trx);
        const meta = { ...spec, recordedAt, recordedBy: ctx.actor.id };
        const createdId = await writer.createIfPinFree(final, meta, catalog);
        if (createdId === undefined) throw new PinTaken();
        await writer.ensureHousehold(final, recordedAt);
        await svc.audit.recordIn(trx, ctx, {
          action: 'person.create',
          outcome: 'ok',
          personId: createdId,
          pin,
          details: { event: 'birth_registration', parents: parentRows.map((r) => r.pin) },
        });
        const far: SecondParty[] = farParents.map((row) => ({
          kind: 'child_registered',
          row,
          label: `parent ${row.pin}: `,
          plan: {
            validFrom: body.dateOfBirth,
            event: 'child_registered',
            reason: 'đăng ký khai sinh cho con',
            sourceDoc: spec.sourceDoc,
            set: {},
            addChild: childRef,
          },
        }));
        notices = await insertNoticesIn(
          svc,
          trx,
          ctx,
          far,
          { personId: createdId, pin, seq: 1, event: 'birth_registration' },
          recordedAt,
        );
      });
    } catch (err) {
      if (err instanceof PinTaken) return undefined;
      throw err;
    }
    return final;
  });
  const person = await findPersonByPin(db, final.pin);
  if (!person)
    throw new DomainError('REGISTRY.CONFLICT', `person ${final.pin} vanished after registration`, { pin: final.pin });
  return { person, state: final, notices };
}

/** Thrown inside the transaction when the candidate PIN is taken, so that the parents' changes roll back with it. */
class PinTaken extends Error {}

/** The birth-registration place lies in the actor's jurisdiction. */
function placeWithin(ctx: RequestContext, state: PersonState, catalog: ReferenceCatalog): boolean {
  const place = state.birthRegistrationPlace;
  if (ctx.actor.jurisdiction === null) return true;
  return place !== null && unitWithin(ctx.actor, place.unitCode, place.unitDate, catalog);
}

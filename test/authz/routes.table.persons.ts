// Route table, part 1: persons, events and births (with their second parties), statistics and reference data.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { anyone, type Case, expectNothingOf, gate, get, type Table } from './routes.cases.ts';
import { covers, type PersonRef, type Place, type Subject, UNIT, type World } from './routes.world.ts';

const read = (place: Place) => gate('person.read', place);
const write = (place: Place) => gate('person.write', place);
const personOf = (w: World, place: Place) => (place === 'in' ? w.persons.in : w.persons.out);

/** One case per place for a read of a person's URL. */
function perPlace(
  path: (pin: string) => string,
  outcome: (place: Place) => (s: Subject) => ReturnType<Case['expect']>,
) {
  return (['in', 'out'] as const).map(
    (place): Case => ({
      label: place,
      request: get((w) => path(personOf(w, place).pin)),
      expect: outcome(place),
    }),
  );
}

/**
 * A second-party case: the subject acts on a fresh person of its commune, the request names a fresh person of
 * province 79. Target behaviour: the in-scope person's part is recorded; the other person stays as they were and
 * a pending notice about them is filed for an officer who covers them, unless the actor covers both (then the
 * change applies at once). Nothing about the other person shows in the response.
 */
function secondParty(
  label: string,
  setup: (w: World) => Promise<{ subject?: PersonRef; other: PersonRef }>,
  send: (w: World, subject: PersonRef | undefined, other: PersonRef) => InjectOptions,
  applied: (state: Record<string, unknown>, other: PersonRef) => void,
  /** false where the subject's record already names the other (a spouse married earlier). */
  nameIsNew = true,
): Case {
  const seen = new Map<string, { other: PersonRef; version: number }>();
  return {
    label,
    async request(w, s) {
      const { subject, other } = await w.fresh(label, () => setup(w));
      seen.set(s.name, { other, version: (await w.stateOf(other.pin)).version });
      return send(w, subject, other);
    },
    expect: write('in'),
    async after(w, s, r) {
      if (r.statusCode >= 300) return;
      const { other, version } = seen.get(s.name)!;
      const now = await w.stateOf(other.pin);
      if (covers(s, 'out')) {
        applied(now.state, other);
        return;
      }
      expect(now.version, `${label}: the person of province 79 was changed by an officer of 38`).toBe(version);
      if (nameIsNew)
        expect(r.body.includes(other.name), `${label}: the response shows the other person's name`).toBe(false);
      expect(await w.noticesText(), `${label}: no pending notice about ${other.pin}`).toContain(other.pin);
    },
  };
}

const married = async (w: World) => {
  const subject = await w.freshPerson('in');
  const other = await w.freshPerson('out');
  const r = await w.admin({
    method: 'POST',
    url: `/api/v1/persons/${subject.pin}/events`,
    payload: { type: 'marriage', spousePin: other.pin, date: '2015-06-01' },
  });
  if (r.statusCode !== 200) throw new Error(`marriage for the case: ${r.statusCode} ${r.body}`);
  return { subject, other };
};
const event = (payload: Record<string, unknown>) => (_w: World, subject: PersonRef | undefined) => ({
  method: 'POST' as const,
  url: `/api/v1/persons/${subject!.pin}/events`,
  payload,
});

const brides = new Map<string, PersonRef>();

export const personRoutes: Table = {
  'GET /api/v1/persons/:pin': { cases: perPlace((pin) => `/api/v1/persons/${pin}`, read) },
  'GET /api/v1/persons/:pin/history': { cases: perPlace((pin) => `/api/v1/persons/${pin}/history`, read) },
  'GET /api/v1/persons/:pin/access-log': {
    // The person's own officers and auditors of their jurisdiction; a province auditor not another province's.
    cases: perPlace(
      (pin) => `/api/v1/persons/${pin}/access-log`,
      (place) => gate(['person.read', 'audit.read'], place),
    ),
  },
  'GET /api/v1/persons': {
    cases: [
      {
        label: 'search by name: only the jurisdiction',
        request: get(() => '/api/v1/persons?name=xa%20la&limit=100'),
        expect: gate('person.read'),
        after(w, s, r) {
          if (r.statusCode === 200 && !covers(s, 'out')) expectNothingOf(w, r, 'search');
        },
      },
    ],
  },
  'PATCH /api/v1/persons/:pin': {
    cases: (['in', 'out'] as const).map(
      (place): Case => ({
        label: place,
        async request(w, s) {
          const p = place === 'in' ? w.persons.in2 : w.persons.out2;
          return {
            method: 'PATCH',
            url: `/api/v1/persons/${p.pin}`,
            headers: { 'if-match': await w.etagOf(p.pin) },
            payload: { changes: { email: `${s.username}@vi-du.vn` }, reason: 'ma trận quyền' },
          };
        },
        expect: write(place),
      }),
    ),
  },
  'POST /api/v1/persons/:pin/events': {
    cases: [
      ...(['in', 'out'] as const).map(
        (place): Case => ({
          label: `move, person ${place}`,
          async request(w) {
            const p = await w.fresh(`move ${place}`, () => w.freshPerson(place));
            return event({
              type: 'move',
              residence: 'current',
              to: { unitCode: UNIT[place], detail: 'Số 9' },
              date: '2026-05-01',
            })(w, p);
          },
          expect: write(place),
        }),
      ),
      {
        label: 'marriage, spouse in the same commune',
        async request(w, s) {
          const [a, b] = await w.fresh('couple in', async () => [
            await w.freshPerson('in'),
            await w.freshPerson('in', { sex: 'F' }),
          ]);
          brides.set(s.name, b);
          return event({ type: 'marriage', spousePin: b.pin, date: '2026-05-01' })(w, a);
        },
        expect: write('in'),
        async after(w, s, r) {
          // Both in the actor's commune: the spouse's part applies at once, no notice.
          if (r.statusCode < 300)
            expect((await w.stateOf(brides.get(s.name)!.pin)).state.maritalStatus).toBe('married');
        },
      },
      secondParty(
        'marriage, spouse in province 79 (second party)',
        async (w) => ({ subject: await w.freshPerson('in'), other: await w.freshPerson('out') }),
        (w, subject, other) => event({ type: 'marriage', spousePin: other.pin, date: '2026-05-01' })(w, subject),
        (state) => expect(state.maritalStatus).toBe('married'),
      ),
      {
        label: 'marriage, spouse in province 79 already married: the refusal tells nothing of her',
        async request(w) {
          const { other, groom } = await w.fresh('married elsewhere', async () => ({
            other: (await married(w)).other,
            groom: await w.freshPerson('in'),
          }));
          return event({ type: 'marriage', spousePin: other.pin, date: '2026-05-01' })(w, groom);
        },
        expect: (s) => (write('in')(s) === 'ok' ? 'passes' : 'denied'),
        after(w, s, r) {
          if (covers(s, 'out')) return;
          expectNothingOf(w, r, 'marriage refusal');
          expect(/married|kết hôn|Hoàng Thị/i.test(r.body), `the refusal discloses her: ${r.body}`).toBe(false);
        },
      },
      secondParty(
        'death, spouse in province 79 (second party)',
        married,
        event({ type: 'death', date: '2026-05-01' }),
        (state) => expect(state.maritalStatus).toBe('widowed'),
        false,
      ),
      secondParty(
        'divorce, spouse in province 79 (second party)',
        married,
        event({ type: 'divorce', date: '2026-05-01' }),
        (state) => expect(state.maritalStatus).toBe('divorced'),
        false,
      ),
    ],
  },
  'POST /api/v1/persons': {
    cases: [
      ...(['in', 'out'] as const).map(
        (place): Case => ({
          label: `birth ${place}`,
          request: () => ({ method: 'POST', url: '/api/v1/persons', payload: birthPayload(place) }),
          expect: write(place),
        }),
      ),
      ...(['mother', 'father'] as const).map((parent) =>
        secondParty(
          `birth in 15835, ${parent} in province 79 (second party)`,
          async (w) => ({ other: await w.freshPerson('out', { sex: parent === 'mother' ? 'F' : 'M' }) }),
          (_w, _s, other) => ({
            method: 'POST',
            url: '/api/v1/persons',
            payload: { ...birthPayload('in'), [parent]: { pin: other.pin } },
          }),
          (state) => expect((state.children as unknown[]).length).toBe(1),
        ),
      ),
    ],
  },
  'GET /api/v1/stats': {
    cases: [{ label: 'national figures', request: get(() => '/api/v1/stats'), expect: gate('person.read') }],
  },
  'GET /api/v1/pins/:pin/check': {
    cases: [{ label: 'explain a PIN', request: get((w) => `/api/v1/pins/${w.persons.out.pin}/check`), expect: anyone }],
  },
  'GET /api/v1/units': { cases: [{ label: 'list', request: get(() => '/api/v1/units?parent=38'), expect: anyone }] },
  'GET /api/v1/units/:code': {
    cases: [{ label: 'a commune', request: get(() => `/api/v1/units/${UNIT.out}`), expect: anyone }],
  },
  'GET /api/v1/codes/:list': {
    cases: [{ label: 'ethnicities', request: get(() => '/api/v1/codes/ethnicities'), expect: anyone }],
  },
};

let births = 0;
function birthPayload(place: Place): Record<string, unknown> {
  births += 1;
  return {
    fullName: `Trần Thị Sinh ${['An', 'Bình', 'Cúc', 'Dung', 'Giao'][births % 5]}`,
    dateOfBirth: '2026-04-10',
    sex: 'F',
    birthRegistrationPlace: { unitCode: UNIT[place] },
    ethnicity: '01',
    permanentResidence: { unitCode: UNIT[place], detail: 'Số 2' },
    registeredOn: '2026-04-20',
  };
}

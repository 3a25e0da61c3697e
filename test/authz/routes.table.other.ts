// Route table, part 3: sign-in and accounts, the audit trail, dedup pairs and merges, second-party notices.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { anyone, type Case, expectNothingOf, gate, get, type Table } from './routes.cases.ts';
import { covers, type PersonRef, type Place, type Subject, type World } from './routes.world.ts';

const places = ['in', 'out'] as const;
const dedup = (place?: Place) => gate('dedup.review', place);
const self = (label: string, request: (w: World, s: Subject) => InjectOptions | Promise<InjectOptions>): Case => ({
  label,
  request,
  expect: anyone,
});
const adminOnly = (label: string, request: (w: World, s: Subject) => InjectOptions | Promise<InjectOptions>): Case => ({
  label,
  request,
  expect: gate('user.manage'),
});
let serial = 0;

/** Crossing a pair between 15835 and province 79: full only for an actor covering both. */
const crossing = (s: Subject) => (dedup()(s) === 'denied' ? 'denied' : covers(s, 'out') ? 'ok' : 'hidden');

/**
 * Trail entries about a person of province 79. Entries of acts in 15835 may carry a PIN the officer there typed
 * (a DC02 ballot received for anyone); what the trail must not show a province-38 auditor is the reads, changes
 * and access of the person of 79 themselves.
 */
function aboutOut(w: World, items: { personId: number | null; seq: number; action: string }[]) {
  const ids = new Set([w.persons.out.id, w.persons.out2.id]);
  return items.filter((e) => e.personId !== null && ids.has(e.personId)).map((e) => `${e.seq} ${e.action}`);
}

/** A notice about a person at `place`: filed by an officer of the other side marrying them to one of theirs. */
async function notice(w: World, place: Place): Promise<number> {
  const about = await w.freshPerson(place, { sex: 'F' });
  const spouse = await w.freshPerson(place === 'in' ? 'out' : 'in', { sex: 'M' });
  const filer = place === 'in' ? w.officer79 : w.subjects.commune_officer;
  const r = await w.send(filer, {
    method: 'POST',
    url: `/api/v1/persons/${spouse.pin}/events`,
    payload: { type: 'marriage', spousePin: about.pin, date: '2026-05-01' },
  });
  if (r.statusCode !== 200) throw new Error(`marriage filing a notice: ${r.statusCode} ${r.body}`);
  const list = await w.admin('/api/v1/notices?limit=200');
  if (list.statusCode !== 200) throw new Error(`GET /api/v1/notices: ${list.statusCode} ${list.body}`);
  const found = (list.json().items as { id: number }[]).find((n) => JSON.stringify(n).includes(about.pin));
  if (!found) throw new Error(`no notice about ${about.pin} after a marriage filed by ${filer.username}`);
  return found.id;
}

const decideNotice = (verb: 'confirm' | 'reject') =>
  places.map(
    (place): Case => ({
      label: `${verb} a notice about a person ${place}`,
      async request(w) {
        return {
          method: 'POST',
          url: `/api/v1/notices/${await w.fresh(`notice ${place}`, () => notice(w, place))}/${verb}`,
          payload: { reason: 'kiểm tra' },
        };
      },
      expect: gate('person.write', place),
    }),
  );

export const otherRoutes: Table = {
  'POST /api/v1/auth/login': {
    public: true,
    async anonymous(w) {
      const r = await w.send(undefined, {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'viewer', password: 'mật-khẩu-dài-viewer-2026' },
      });
      expect(r.statusCode, r.body).toBe(200);
    },
  },
  'POST /api/v1/auth/logout': {
    public: true,
    async anonymous(w) {
      expect((await w.send(undefined, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    },
  },
  'GET /api/v1/auth/me': {
    cases: [
      self(
        'oneself',
        get(() => '/api/v1/auth/me'),
      ),
    ],
  },
  'GET /api/v1/auth/tokens': {
    cases: [
      self(
        'own tokens',
        get(() => '/api/v1/auth/tokens'),
      ),
    ],
  },
  'POST /api/v1/auth/tokens': {
    cases: [
      self('a token for oneself', () => ({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'cli' } })),
    ],
  },
  'DELETE /api/v1/auth/tokens/:id': {
    cases: [
      self('own token', async (w, s) => {
        const t = await w.f.services.access.createToken(cliContext(), 'to-revoke', s.username);
        return { method: 'DELETE', url: `/api/v1/auth/tokens/${t.id}` };
      }),
      {
        label: "another officer's token",
        async request(w) {
          const t = await w.f.services.access.createToken(cliContext(), 'not-yours', w.officer79.username);
          return { method: 'DELETE', url: `/api/v1/auth/tokens/${t.id}` };
        },
        expect: (s) => (gate('user.manage')(s) === 'ok' ? 'ok' : 'hidden'),
      },
    ],
  },
  'GET /api/v1/users': {
    cases: [
      adminOnly(
        'all accounts',
        get(() => '/api/v1/users'),
      ),
    ],
  },
  'POST /api/v1/users': {
    cases: [
      adminOnly('a new viewer', () => {
        serial += 1;
        return {
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: `moi.${serial}`,
            roles: ['viewer'],
            jurisdiction: '38',
            password: 'mật-khẩu-mới-dài-2026',
          },
        };
      }),
    ],
  },
  'GET /api/v1/users/:username': {
    cases: [
      self(
        'oneself',
        get((_w, s) => `/api/v1/users/${s.username}`),
      ),
      adminOnly(
        'another officer',
        get((w) => `/api/v1/users/${w.officer79.username}`),
      ),
    ],
  },
  'PATCH /api/v1/users/:username': {
    cases: [
      self('own display name', (_w, s) => ({
        method: 'PATCH',
        url: `/api/v1/users/${s.username}`,
        payload: { displayName: 'Cán bộ thử' },
      })),
      adminOnly("another officer's display name", (w) => ({
        method: 'PATCH',
        url: `/api/v1/users/${w.officer79.username}`,
        payload: { displayName: 'Cán bộ tỉnh 79' },
      })),
    ],
  },
  'POST /api/v1/users/:username/unlock': {
    cases: [
      adminOnly('unlock another officer', (w) => ({
        method: 'POST',
        url: `/api/v1/users/${w.officer79.username}/unlock`,
      })),
    ],
  },
  'POST /api/v1/users/:username/totp': {
    cases: [
      {
        label: 'enrol oneself',
        request: (_w, s) => ({ method: 'POST', url: `/api/v1/users/${s.username}/totp` }),
        // The administrator has TOTP on already: replacing it takes another administrator.
        expect: (s) => (s.name === 'national_admin' ? 'denied' : 'ok'),
      },
      adminOnly('enrol another officer', (w) => ({
        method: 'POST',
        url: `/api/v1/users/${w.officer79.username}/totp`,
      })),
    ],
  },
  'POST /api/v1/users/:username/totp/confirm': {
    cases: [
      {
        label: 'confirm oneself (a wrong code)',
        request: (_w, s) => ({
          method: 'POST',
          url: `/api/v1/users/${s.username}/totp/confirm`,
          payload: { code: '000000' },
        }),
        expect: () => 'passes',
      },
      {
        label: 'confirm another officer',
        request: (w) => ({
          method: 'POST',
          url: `/api/v1/users/${w.officer79.username}/totp/confirm`,
          payload: { code: '000000' },
        }),
        expect: (s) => (gate('user.manage')(s) === 'ok' ? 'passes' : 'denied'),
      },
    ],
  },

  'GET /api/v1/audit': {
    cases: [
      {
        label: 'the trail: a province auditor sees its province only',
        request: get(() => '/api/v1/audit?limit=500'),
        expect: gate('audit.read'),
        after(w, s, r) {
          if (r.statusCode === 200 && !covers(s, 'out')) expect(aboutOut(w, r.json().items), s.name).toEqual([]);
        },
      },
      ...places.map(
        (place): Case => ({
          label: `entries of a person ${place}`,
          request: get((w) => `/api/v1/audit?pin=${(place === 'in' ? w.persons.in : w.persons.out).pin}`),
          expect: (s) => (gate('audit.read', place)(s) === 'hidden' ? 'blind' : gate('audit.read', place)(s)),
          after(w, s, r) {
            if (r.statusCode === 200 && !covers(s, place)) expect(aboutOut(w, r.json().items), s.name).toEqual([]);
          },
        }),
      ),
    ],
  },
  'GET /api/v1/audit/verify': {
    cases: [{ label: 'the chain', request: get(() => '/api/v1/audit/verify'), expect: gate('audit.read') }],
  },

  'GET /api/v1/dedup/status': {
    cases: [{ label: 'status', request: get(() => '/api/v1/dedup/status'), expect: dedup() }],
  },
  'GET /api/v1/dedup/precision': {
    cases: [{ label: 'precision', request: get(() => '/api/v1/dedup/precision'), expect: dedup() }],
  },
  'GET /api/v1/dedup/pairs': {
    cases: [
      {
        label: 'the queue: a pair crossing into 79 shows no person of 79 below national level',
        request: get(() => '/api/v1/dedup/pairs?limit=200'),
        expect: dedup(),
        after(w, s, r) {
          if (r.statusCode !== 200 || covers(s, 'out')) return;
          for (const p of [w.persons.out, w.persons.out2])
            expect(r.body.includes(p.pin), `${s.name} sees ${p.pin}`).toBe(false);
        },
      },
    ],
  },
  'GET /api/v1/dedup/pairs/:id': {
    cases: [
      { label: 'both in 15835', request: get((w) => `/api/v1/dedup/pairs/${w.pairs.inIn}`), expect: dedup('in') },
      { label: 'both in 79', request: get((w) => `/api/v1/dedup/pairs/${w.pairs.outOut}`), expect: dedup('out') },
      {
        label: 'one in 15835, one in 79',
        request: get((w) => `/api/v1/dedup/pairs/${w.pairs.cross}`),
        expect: crossing,
      },
    ],
  },
  'POST /api/v1/dedup/pairs/:id/decision': {
    cases: (
      [
        ['both in 15835', 'in', 'in', dedup('in')],
        ['both in 79', 'out', 'out', dedup('out')],
        ['one in 15835, one in 79', 'in', 'out', crossing],
      ] as const
    ).map(
      ([label, a, b, expectation]): Case => ({
        label,
        async request(w) {
          const id = await w.fresh(`pair ${label}`, async () => w.pair(await w.freshPerson(a), await w.freshPerson(b)));
          return {
            method: 'POST',
            url: `/api/v1/dedup/pairs/${id}/decision`,
            payload: { decision: 'different', version: 1 },
          };
        },
        expect: expectation,
      }),
    ),
  },
  'POST /api/v1/dedup/merges': {
    cases: (
      [
        ['both in 15835', 'in', 'in', dedup('in')],
        ['retiring a person of 79 into one of 15835', 'in', 'out', crossing],
      ] as const
    ).map(([label, a, b, expectation]): Case => {
      const retired = new Map<string, PersonRef>();
      return {
        label,
        async request(w, s) {
          const [survivor, gone] = await w.fresh(`merge ${label}`, async () => [
            await w.freshPerson(a),
            await w.freshPerson(b),
          ]);
          retired.set(s.name, gone);
          return {
            method: 'POST',
            url: '/api/v1/dedup/merges',
            payload: { survivorPin: survivor.pin, retiredPin: gone.pin },
          };
        },
        expect: expectation,
        async after(w, s, r) {
          if (r.statusCode < 300) return;
          expect((await w.stateOf(retired.get(s.name)!.pin)).version, 'a refused merge changed nothing').toBe(1);
        },
      };
    }),
  },
  'GET /api/v1/dedup/merges/:id': {
    cases: places.map((place) => ({
      label: `a merge ${place}`,
      request: get((w) => `/api/v1/dedup/merges/${w.merges[place]}`),
      expect: dedup(place),
    })),
  },
  'POST /api/v1/dedup/merges/:id/undo': {
    cases: places.map(
      (place): Case => ({
        label: `undo a merge ${place}`,
        async request(w) {
          const id = await w.fresh(`undo ${place}`, async () =>
            w.merge(await w.freshPerson(place), await w.freshPerson(place)),
          );
          return { method: 'POST', url: `/api/v1/dedup/merges/${id}/undo` };
        },
        expect: dedup(place),
      }),
    ),
  },

  // Second-party notices (issue 10): an officer covering the person confirms or rejects what another commune filed.
  'GET /api/v1/notices': {
    cases: [
      {
        label: 'pending notices',
        request: get(() => '/api/v1/notices?limit=200'),
        expect: gate('person.write'),
        after: (w, s, r) => {
          if (r.statusCode !== 200 || covers(s, 'out')) return;
          expectNothingOf(w, r, 'notices');
          // Persons registered in province 79 carry its code (079) in their PIN.
          const targets = (r.json().items as { targetPin: string }[]).map((n) => n.targetPin);
          expect(
            targets.filter((pin) => pin.startsWith('079')),
            `${s.name} lists notices for persons of 79`,
          ).toEqual([]);
        },
      },
    ],
  },
  'GET /api/v1/notices/:id': {
    cases: places.map(
      (place): Case => ({
        label: `a notice about a person ${place}`,
        async request(w) {
          return { method: 'GET', url: `/api/v1/notices/${await w.fresh(`notice ${place}`, () => notice(w, place))}` };
        },
        expect: gate('person.write', place),
      }),
    ),
  },
  'POST /api/v1/notices/:id/confirm': { cases: decideNotice('confirm') },
  'POST /api/v1/notices/:id/reject': { cases: decideNotice('reject') },
};

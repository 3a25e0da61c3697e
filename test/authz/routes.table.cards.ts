// Route table, part 4: card applications and the life of a card. Every object belongs to a person living in
// commune 15835 (province 38) or in province 79; an officer with a jurisdiction reaches only the first, and an id
// beyond it answers 403 like an unknown one, naming nobody.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { can, type Permission } from '../../src/domain/roles.ts';
import { photoJpeg, produceCard } from '../card/helpers.ts';
import { type Case, expectNothingOf, gate, get, type Table } from './routes.cases.ts';
import { type Place, type Subject, UNIT, type World } from './routes.world.ts';

const places = ['in', 'out'] as const;
type CardStage = 'produced' | 'delivered' | 'active' | 'locked' | 'retained';

async function admin(w: World, method: 'GET' | 'POST', url: string, payload: object = {}) {
  const r = await w.admin({ method, url: `/api/v1${url}`, ...(method === 'POST' ? { payload } : {}) });
  if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** A new application (received, or approved) for a new person at `place`. */
async function application(w: World, place: Place, approved = false): Promise<number> {
  const p = await w.freshPerson(place);
  const body = { pin: p.pin, reason: 'first', receivedUnit: UNIT[place], photo: photoJpeg() };
  const app = await admin(w, 'POST', '/cards/applications', body);
  if (approved) await admin(w, 'POST', `/cards/applications/${app.id}/approve`);
  return app.id;
}

/** A new card at `place`, brought to `stage` by the national administrator. */
async function cardAt(w: World, place: Place, stage: CardStage): Promise<number> {
  const id = await produceCard(w.f.t.db, await application(w, place, true));
  const steps = { produced: [], delivered: ['deliver'], active: ['deliver', 'issue'] } as Record<string, string[]>;
  const path = steps[stage] ?? ['deliver', 'issue', stage === 'locked' ? 'lock' : 'retain'];
  for (const s of path) await admin(w, 'POST', `/cards/${id}/${s}`);
  return id;
}

/** One case per place: `make` an object there (new each time unless the request is to be refused). */
function perPlace(
  permission: Permission,
  key: string,
  make: (w: World, place: Place) => Promise<number>,
  request: (id: number) => InjectOptions,
): Case[] {
  return places.map(
    (place): Case => ({
      label: `${key} ${place}`,
      async request(w) {
        return request(await w.fresh(`${key} ${place}`, () => make(w, place)));
      },
      expect: gate(permission, place),
    }),
  );
}

const post = (url: string, payload: object = {}): InjectOptions => ({ method: 'POST', url: `/api/v1${url}`, payload });
const mayRead = (s: Subject) => can([s.role], 'card.read');

/** A card step: a card at the stage it needs, then the step. */
const step = (permission: Permission, stage: CardStage, verb: string, payload: object = {}) => ({
  cases: perPlace(
    permission,
    `card ${stage}`,
    (w, place) => cardAt(w, place, stage),
    (id) => post(`/cards/${id}/${verb}`, payload),
  ),
});

export const cardRoutes: Table = {
  'POST /api/v1/cards/applications': {
    cases: places.map(
      (place): Case => ({
        label: `a person ${place}`,
        async request(w) {
          const p = await w.fresh(`applicant ${place}`, () => w.freshPerson(place));
          return post('/cards/applications', {
            pin: p.pin,
            reason: 'first',
            receivedUnit: UNIT[place],
            photo: photoJpeg(),
          });
        },
        expect: gate('card.apply', place),
      }),
    ),
  },
  'GET /api/v1/cards/applications': {
    cases: [
      {
        label: 'the list',
        request: get(() => '/api/v1/cards/applications?limit=200'),
        expect: (s) => (mayRead(s) ? 'ok' : 'denied'),
        after(w, s, r) {
          if (s.jurisdiction !== null) expectNothingOf(w, r, 'the application list');
          if (r.statusCode === 200) expect(Array.isArray(r.json().items)).toBe(true);
        },
      },
    ],
  },
  'GET /api/v1/cards/applications/:id': {
    cases: perPlace(
      'card.read',
      'application',
      (w, place) => application(w, place),
      (id) => ({
        method: 'GET',
        url: `/api/v1/cards/applications/${id}`,
      }),
    ),
  },
  'POST /api/v1/cards/applications/:id/approve': {
    cases: perPlace(
      'card.approve',
      'application',
      (w, place) => application(w, place),
      (id) => post(`/cards/applications/${id}/approve`),
    ),
  },
  'POST /api/v1/cards/applications/:id/refuse': {
    cases: perPlace(
      'card.approve',
      'application',
      (w, place) => application(w, place),
      (id) => post(`/cards/applications/${id}/refuse`, { reason: 'hồ sơ thiếu' }),
    ),
  },
  'POST /api/v1/cards/applications/:id/cancel': {
    cases: perPlace(
      'card.apply',
      'application',
      (w, place) => application(w, place),
      (id) => post(`/cards/applications/${id}/cancel`, { reason: 'rút hồ sơ' }),
    ),
  },
  'GET /api/v1/cards': {
    cases: places.map(
      (place): Case => ({
        label: `the cards of a person ${place}`,
        request: get((w) => `/api/v1/cards?pin=${place === 'in' ? w.persons.in.pin : w.persons.out.pin}`),
        expect: gate('card.read', place),
      }),
    ),
  },
  'GET /api/v1/cards/:id': {
    cases: perPlace(
      'card.read',
      'card active',
      (w, place) => cardAt(w, place, 'active'),
      (id) => ({
        method: 'GET',
        url: `/api/v1/cards/${id}`,
      }),
    ),
  },
  'GET /api/v1/cards/:id/front.svg': {
    cases: perPlace(
      'card.read',
      'card active',
      (w, place) => cardAt(w, place, 'active'),
      (id) => ({
        method: 'GET',
        url: `/api/v1/cards/${id}/front.svg`,
      }),
    ),
  },
  'GET /api/v1/cards/:id/back.svg': {
    cases: perPlace(
      'card.read',
      'card active',
      (w, place) => cardAt(w, place, 'active'),
      (id) => ({
        method: 'GET',
        url: `/api/v1/cards/${id}/back.svg`,
      }),
    ),
  },
  'POST /api/v1/cards/:id/deliver': step('card.apply', 'produced', 'deliver'),
  'POST /api/v1/cards/:id/issue': step('card.apply', 'delivered', 'issue'),
  'POST /api/v1/cards/:id/lost': step('card.apply', 'active', 'lost'),
  'POST /api/v1/cards/:id/lock': step('card.apply', 'active', 'lock'),
  'POST /api/v1/cards/:id/unlock': step('card.apply', 'locked', 'unlock'),
  'POST /api/v1/cards/:id/retain': step('card.approve', 'active', 'retain'),
  'POST /api/v1/cards/:id/return': step('card.approve', 'retained', 'return'),
  'POST /api/v1/cards/:id/revoke': step('card.approve', 'active', 'revoke', { reason: 'issued_in_violation' }),
};

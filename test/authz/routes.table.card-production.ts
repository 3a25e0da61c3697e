// Route table, part 5: card production, the due list, the dashboard and the public verification routes. A batch
// belongs to a province (38 or 79); an officer of 38 reaches only its batches, and another answers as unknown.
// The world has no card keys, so building a batch is asked for an application nobody can take (refused before
// any signing), and the public routes are only checked to answer without credentials.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { can, type Permission } from '../../src/domain/roles.ts';
import { type Case, expectNothingOf, get, type Table } from './routes.cases.ts';
import { covers, type Place, PROVINCE, type Subject, type World } from './routes.world.ts';

const places = ['in', 'out'] as const;
const may = (s: Subject, p: Permission) => can([s.role], p);

/** A batch row of the place's province (its cards do not matter to authorization). */
async function batchAt(w: World, place: Place): Promise<number> {
  const r = await w.f.t.db
    .insertInto('card_batch')
    .values({
      status: 'built',
      created_at: new Date().toISOString(),
      created_by: 'admin',
      province_code: PROVINCE[place],
      cards: 0,
      produced: 0,
      failed: 0,
      signer_id: null,
      exported_at: null,
      closed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

function perBatch(request: (id: number) => InjectOptions, inside: 'ok' | 'passes' = 'ok'): Case[] {
  return places.map(
    (place): Case => ({
      label: `batch ${place}`,
      async request(w) {
        return request(await w.fresh(`batch ${place}`, () => batchAt(w, place)));
      },
      expect: (s) => (!may(s, 'card.produce') ? 'denied' : covers(s, place) ? inside : 'hidden'),
    }),
  );
}

/** The due list as computed now (both provinces' persons in it), read by a subject. */
function dueCase(url: string, label: string): Case {
  return {
    label,
    async request(w) {
      await w.fresh('due list', () => w.f.services.cardProduction.due.runDaily());
      return { method: 'GET', url };
    },
    expect: (s) => (may(s, 'card.read') ? 'ok' : 'denied'),
    after(w, s, r) {
      if (s.jurisdiction !== null && r.statusCode === 200) expectNothingOf(w, r, label);
    },
  };
}

async function publicAnswer(w: World, opts: InjectOptions): Promise<void> {
  const r = await w.send(undefined, opts);
  // Without card keys in this world the answer is 503 CARD.KEYS_MISSING; what matters is no sign-in was asked.
  expect([401, 403], `${opts.method} ${opts.url} → ${r.statusCode} ${r.body.slice(0, 200)}`).not.toContain(
    r.statusCode,
  );
}

export const cardProductionRoutes: Table = {
  'POST /api/v1/cards/batches': {
    cases: places.map(
      (place): Case => ({
        label: `an approved application nobody can take (${place})`,
        request: () => ({
          method: 'POST',
          url: '/api/v1/cards/batches',
          payload: { provinceCode: PROVINCE[place], applicationIds: [999_999_999] },
        }),
        expect: (s) => (!may(s, 'card.produce') ? 'denied' : 'refused'),
      }),
    ),
  },
  'GET /api/v1/cards/batches': {
    cases: [
      {
        label: 'the list',
        request: get(() => '/api/v1/cards/batches'),
        expect: (s) => (may(s, 'card.produce') ? 'ok' : 'denied'),
        after(_w, s, r) {
          if (s.jurisdiction === null || r.statusCode !== 200) return;
          for (const b of r.json().items) expect(b.provinceCode).toBe(PROVINCE.in);
        },
      },
    ],
  },
  'GET /api/v1/cards/batches/:id': { cases: perBatch((id) => ({ method: 'GET', url: `/api/v1/cards/batches/${id}` })) },
  'GET /api/v1/cards/batches/:id/export': {
    cases: perBatch((id) => ({ method: 'GET', url: `/api/v1/cards/batches/${id}/export` })),
  },
  'POST /api/v1/cards/batches/:id/results': {
    cases: perBatch(
      (id) => ({
        method: 'POST',
        url: `/api/v1/cards/batches/${id}/results`,
        payload: [{ applicationId: 999_999_999, outcome: 'produced' }],
      }),
      'passes',
    ),
  },
  'GET /api/v1/cards/due': {
    cases: [
      dueCase('/api/v1/cards/due?by=2027-05-01&limit=1000', 'the list'),
      dueCase('/api/v1/cards/due?by=2027-05-01&format=csv', 'the list as CSV'),
    ],
  },
  'GET /api/v1/cards/due/months': { cases: [dueCase('/api/v1/cards/due/months', 'the months')] },
  'GET /api/v1/cards/dashboard': { cases: [dueCase('/api/v1/cards/dashboard', 'the dashboard')] },
  'POST /api/v1/cards/verify': {
    public: true,
    anonymous: (w) => publicAnswer(w, { method: 'POST', url: '/api/v1/cards/verify', payload: { qr: 'x' } }),
  },
  'GET /api/v1/cards/status-list': {
    public: true,
    anonymous: (w) => publicAnswer(w, { method: 'GET', url: '/api/v1/cards/status-list' }),
  },
  'GET /api/v1/cards/crl': {
    public: true,
    anonymous: (w) => publicAnswer(w, { method: 'GET', url: '/api/v1/cards/crl' }),
  },
  'GET /api/v1/cards/ca': {
    public: true,
    anonymous: (w) => publicAnswer(w, { method: 'GET', url: '/api/v1/cards/ca' }),
  },
};

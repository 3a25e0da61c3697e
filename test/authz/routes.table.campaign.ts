// Route table, part 2: the collection campaign (ballots, review, imports, progress) and quality scores.
import { expect } from 'vitest';
import type { Permission } from '../../src/domain/roles.ts';
import { can } from '../../src/domain/roles.ts';
import { type Case, expectNothingOf, gate, get, type Table } from './routes.cases.ts';
import { CAMPAIGN, covers, dc01Values, type Subject, UNIT, type World } from './routes.world.ts';

const C = `/api/v1/campaigns/${CAMPAIGN}`;
const REVIEW: Permission[] = ['ballot.check', 'ballot.verify', 'ballot.approve'];
const ANY_BALLOT: Permission[] = ['ballot.collect', ...REVIEW];
const JOBS: Permission[] = ['ballot.collect', 'ballot.check', 'campaign.read'];
const places = ['in', 'out'] as const;

/** A DC02 received in commune 15835 asking to change the phone of a person of province 79. */
function dc02AboutOut(pin: string): Record<string, string> {
  return {
    pin,
    field: 'phone',
    old_value: '0900000001',
    new_value: '0900000002',
    change_kind: 'update',
    effective_date: '2026-04-01',
    reason: 'Đổi số điện thoại',
    unit_code: UNIT.in,
    collected_on: '2026-04-02',
  };
}

/** A 2xx about a person of province 79 carries nothing of them unless the actor covers province 79. */
function nothingUnlessCovering(w: World, s: Subject, r: { statusCode: number }, what: string) {
  if (r.statusCode < 300 && !covers(s, 'out')) expectNothingOf(w, r as never, what);
}

const transition = (action: 'check' | 'verify' | 'approve', from: string, perm: Permission) =>
  places.map(
    (place): Case => ({
      label: `${action} a ballot ${place}`,
      async request(w) {
        const id = await w.ballot(place, from);
        return { method: 'POST', url: `${C}/ballots/${id}/transitions`, payload: { action } };
      },
      expect: gate(perm, place),
    }),
  );

export const campaignRoutes: Table = {
  'GET /api/v1/campaigns': {
    cases: [{ label: 'list', request: get(() => '/api/v1/campaigns'), expect: gate([...REVIEW, 'campaign.read']) }],
  },
  'POST /api/v1/campaigns/:code/ballots': {
    cases: [
      {
        label: 'DC01 in 15835',
        request: () => ({
          method: 'POST',
          url: `${C}/ballots`,
          payload: {
            form: 'DC01',
            values: { ballot_id: `N${Date.now()}${Math.random().toString().slice(2, 6)}`, ...dc01Values('in') },
          },
        }),
        expect: gate('ballot.collect', 'in'),
      },
      {
        label: 'DC01 in 25747 (province 79)',
        request: () => ({
          method: 'POST',
          url: `${C}/ballots`,
          payload: {
            form: 'DC01',
            values: { ballot_id: `O${Date.now()}${Math.random().toString().slice(2, 6)}`, ...dc01Values('out') },
          },
        }),
        expect: gate('ballot.collect', 'out'),
      },
      {
        // Finding 1: a ballot may be received by any commune, but its comparison with the registry is not shown.
        label: 'DC02 received in 15835 about a person of province 79',
        async request(w) {
          const values = {
            ballot_id: `D${Date.now()}${Math.random().toString().slice(2, 6)}`,
            ...dc02AboutOut(w.persons.out.pin),
          };
          return { method: 'POST', url: `${C}/ballots`, payload: { form: 'DC02', values } };
        },
        expect: gate('ballot.collect'),
        after: (w, s, r) => nothingUnlessCovering(w, s, r, 'DC02 ballot'),
      },
    ],
  },
  'GET /api/v1/campaigns/:code/ballots': {
    cases: [
      {
        label: 'review list',
        request: get(() => `${C}/ballots?limit=500`),
        expect: gate(REVIEW),
        after: (w, s, r) => nothingUnlessCovering(w, s, r, 'ballot list'),
      },
    ],
  },
  'GET /api/v1/campaigns/:code/ballots/:id': {
    cases: places.map(
      (place): Case => ({
        label: `a ballot ${place}`,
        async request(w) {
          return { method: 'GET', url: `${C}/ballots/${await w.ballot(place)}` };
        },
        expect: gate(ANY_BALLOT, place),
      }),
    ),
  },
  'GET /api/v1/campaigns/:code/ballots/:id/review': {
    cases: [
      ...places.map(
        (place): Case => ({
          label: `a ballot ${place}`,
          async request(w) {
            return { method: 'GET', url: `${C}/ballots/${await w.ballot(place)}/review` };
          },
          expect: gate(REVIEW, place),
        }),
      ),
      {
        label: 'a DC02 of 15835 about a person of province 79: no registry values shown',
        async request(w) {
          const id = await w.ballot('in', 'checked', dc02AboutOut(w.persons.out.pin), 'DC02');
          return { method: 'GET', url: `${C}/ballots/${id}/review` };
        },
        expect: gate(REVIEW),
        after: (w, s, r) => nothingUnlessCovering(w, s, r, 'ballot review'),
      },
    ],
  },
  'PATCH /api/v1/campaigns/:code/ballots/:id': {
    cases: places.map(
      (place): Case => ({
        label: `correct a returned ballot ${place}`,
        async request(w) {
          const id = await w.ballot(place, 'returned');
          return { method: 'PATCH', url: `${C}/ballots/${id}`, payload: { values: dc01Values(place) } };
        },
        expect: gate('ballot.collect', place),
      }),
    ),
  },
  'POST /api/v1/campaigns/:code/ballots/:id/transitions': {
    cases: [
      ...transition('check', 'collected', 'ballot.check'),
      ...transition('verify', 'checked', 'ballot.verify'),
      ...transition('approve', 'verified', 'ballot.approve'),
      approveOutsidePerson(),
      fourEyes(),
    ],
  },
  'POST /api/v1/campaigns/:code/review': {
    cases: places.map((place): Case => {
      const ids = new Map<string, number>();
      return {
        label: `bulk check of a ballot ${place}`,
        async request(w, s) {
          const id = await w.ballot(place);
          ids.set(s.name, id);
          return { method: 'POST', url: `${C}/review`, payload: { action: 'check', filter: { ids: [id] } } };
        },
        // Out of the jurisdiction the bulk action may answer, but it must leave the ballot alone.
        expect: (s) => (gate('ballot.check', place)(s) === 'hidden' ? 'blind' : gate('ballot.check', place)(s)),
        async after(w, s, r) {
          if (r.statusCode >= 300) return;
          const status = await w.ballotStatus(ids.get(s.name)!);
          expect(status, `bulk check by ${s.name}`).toBe(covers(s, place) ? 'checked' : 'collected');
        },
      };
    }),
  },
  'POST /api/v1/campaigns/:code/imports': {
    cases: [
      {
        label: 'an upload without a file (authorization only)',
        request: () => ({ method: 'POST', url: `${C}/imports?form=DC01` }),
        expect: (s) => (can([s.role], 'ballot.collect') ? 'passes' : 'denied'),
      },
    ],
  },
  'GET /api/v1/campaigns/:code/imports': {
    cases: [
      {
        label: 'jobs of the jurisdiction',
        request: get(() => `${C}/imports`),
        expect: gate(JOBS),
        after(w, s, r) {
          if (r.statusCode !== 200 || covers(s, 'out')) return;
          const ids = (r.json().items as { id: number }[]).map((j) => j.id);
          expect(ids, `${s.name} lists the job of province 79`).not.toContain(w.jobs.out);
        },
      },
    ],
  },
  'GET /api/v1/campaigns/:code/imports/:id': {
    cases: places.map((place) => ({
      label: `a job ${place}`,
      request: get((w) => `${C}/imports/${w.jobs[place]}`),
      expect: gate(JOBS, place),
    })),
  },
  ...Object.fromEntries(
    (['csv', 'xlsx'] as const).map((format) => [
      `GET /api/v1/campaigns/:code/imports/:id/report.${format}`,
      {
        cases: places.map((place) => ({
          label: `the report of a job ${place}`,
          request: get((w) => `${C}/imports/${w.jobs[place]}/report.${format}`),
          // A job beyond the jurisdiction is refused before the role is looked at.
          expect: (s: Subject) => (covers(s, place) ? gate(['ballot.collect', 'ballot.check'])(s) : 'hidden'),
        })),
      },
    ]),
  ),
  'GET /api/v1/campaigns/:code/reverification': {
    cases: [
      {
        label: 'the jurisdiction only',
        request: get(() => `${C}/reverification?years=1`),
        expect: gate(['ballot.collect', 'ballot.check']),
        after: (w, s, r) => nothingUnlessCovering(w, s, r, 'reverification list'),
      },
    ],
  },
  'GET /api/v1/campaigns/:code/progress': {
    cases: [{ label: 'progress', request: get(() => `${C}/progress`), expect: gate('campaign.read') }],
  },
  'GET /api/v1/quality': {
    cases: [{ label: 'scores', request: get(() => '/api/v1/quality'), expect: gate('campaign.read') }],
  },
  'POST /api/v1/quality/refresh': {
    cases: [
      {
        label: 'recompute',
        request: () => ({ method: 'POST', url: '/api/v1/quality/refresh' }),
        expect: gate('quality.refresh'),
      },
    ],
  },
};

/** Finding 2: approving a DC02 of 15835 that changes a person of province 79 is refused below national level. */
function approveOutsidePerson(): Case {
  const seen = new Map<string, { pin: string; version: number }>();
  return {
    label: 'approve a DC02 of 15835 changing a person of province 79',
    async request(w, s) {
      const p = await w.fresh('approve out', () => w.freshPerson('out'));
      seen.set(s.name, { pin: p.pin, version: (await w.stateOf(p.pin)).version });
      const id = await w.ballot('in', 'verified', dc02AboutOut(p.pin), 'DC02');
      return { method: 'POST', url: `${C}/ballots/${id}/transitions`, payload: { action: 'approve' } };
    },
    // Refused like a PIN nobody holds: 403, 404 or a 409 that names no one.
    expect: (s) => (can([s.role], 'ballot.approve') ? (covers(s, 'out') ? 'ok' : 'refused') : 'denied'),
    async after(w, s) {
      if (covers(s, 'out')) return;
      const { pin, version } = seen.get(s.name)!;
      expect((await w.stateOf(pin)).version, `${s.name}'s approval changed a person of province 79`).toBe(version);
    },
  };
}

/** Four eyes: whoever collected or checked a ballot cannot approve it. */
function fourEyes(): Case {
  return {
    label: 'approve a ballot one collected, checked and verified oneself',
    async request(w, s) {
      if (!can([s.role], 'ballot.approve')) {
        return {
          method: 'POST',
          url: `${C}/ballots/${await w.ballot('in', 'verified')}/transitions`,
          payload: { action: 'approve' },
        };
      }
      const made = await w.send(s, {
        method: 'POST',
        url: `${C}/ballots`,
        payload: {
          form: 'DC01',
          values: { ballot_id: `E${Date.now()}${Math.random().toString().slice(2, 6)}`, ...dc01Values('in') },
        },
      });
      if (made.statusCode !== 201) throw new Error(`collect: ${made.statusCode} ${made.body}`);
      const url = `${C}/ballots/${made.json().id}/transitions`;
      for (const action of ['check', 'verify']) {
        const r = await w.send(s, { method: 'POST', url, payload: { action } });
        if (r.statusCode !== 200) throw new Error(`${action}: ${r.statusCode} ${r.body}`);
      }
      return { method: 'POST', url, payload: { action: 'approve' } };
    },
    expect: () => 'refused',
  };
}

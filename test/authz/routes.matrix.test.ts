// Acceptance (issue 10, item 2): authorization driven by the route table. Every route the app registers must have an
// entry in the table (routes.table.*.ts); a new route without one fails here, named. Each entry says, for every
// role of province 38 (commune 15835) and of the whole country, on objects inside and outside the jurisdiction and
// with second parties of province 79, what must happen (a refusal naming a person by PIN answers as for a PIN
// nobody holds); every protected route refuses a request without credentials (401), also when its prefix is
// percent-encoded. Public routes answer without credentials.
// One app and database per engine, shared by every case; cases make fresh persons where they change them.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composePin } from '../../src/domain/pin.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type Entry, expectOutcome, type Table } from './routes.cases.ts';
import { registeredRoutes } from './routes.collect.ts';
import { campaignRoutes } from './routes.table.campaign.ts';
import { cardProductionRoutes } from './routes.table.card-production.ts';
import { cardRoutes } from './routes.table.cards.ts';
import { otherRoutes } from './routes.table.other.ts';
import { personRoutes } from './routes.table.persons.ts';
import { createWorld, type Res, SCOPE, SUBJECT_NAMES, type Subject, type World } from './routes.world.ts';

/** Anonymous GET must answer (below 400). */
const open = (url: string): Entry => ({
  public: true,
  async anonymous(w) {
    const r = await w.send(undefined, { method: 'GET', url });
    expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBeLessThan(400);
  },
});

/** Health checks, the API documentation and the web application's files. */
const publicRoutes: Table = {
  'GET /healthz': open('/healthz'),
  'GET /readyz': open('/readyz'),
  'GET /api/openapi.json': open('/api/openapi.json'),
  'GET /api/docs': open('/api/docs'),
  'GET /api/docs/': open('/api/docs/'),
  'GET /api/docs/json': open('/api/docs/json'),
  'GET /api/docs/yaml': open('/api/docs/yaml'),
  'GET /api/docs/static/index.html': open('/api/docs/static/index.html'),
  'GET /api/docs/static/swagger-initializer.js': open('/api/docs/static/swagger-initializer.js'),
  'GET /api/docs/*': open('/api/docs/static/swagger-ui.css'),
};
/** Present only when the web application is built (web/dist): its index page and hashed asset files. */
const WEB = [/^GET \/$/, /^GET \/index\.html$/, /^GET \/assets\/[^/]+$/];

/** A valid PIN of province 79 that nobody holds. */
const UNKNOWN_PIN = composePin('079', 1990, 'F', 987_654);

/**
 * Indistinguishable: a refused request naming a person by PIN in its path answers exactly as the same request
 * naming a PIN nobody holds (status and error code), so the refusal does not tell that the person exists.
 */
async function expectLikeUnknownPin(w: World, s: Subject, opts: InjectOptions, r: Res): Promise<void> {
  const url = String(opts.url);
  const m = /\/(\d{12})(?=\/|\?|$)/.exec(url);
  if (!m) return;
  const unknown = await w.send(s, { ...opts, url: url.replace(m[1]!, UNKNOWN_PIN) });
  const code = (x: Res) => (x.statusCode >= 400 ? x.json().error?.code : undefined);
  expect(
    `${unknown.statusCode} ${code(unknown)}`,
    `${opts.method} ${url} as ${s.name}: a PIN beyond the jurisdiction and an unknown PIN answer differently`,
  ).toBe(`${r.statusCode} ${code(r)}`);
}

const TABLE: Table = {
  ...publicRoutes,
  ...personRoutes,
  ...campaignRoutes,
  ...otherRoutes,
  ...cardRoutes,
  ...cardProductionRoutes,
};
const stub = (name: (typeof SUBJECT_NAMES)[number]) => ({ name, ...SCOPE[name], username: '', token: '' }) as Subject;

describe(`authorization of every route on ${TEST_DIALECT}`, () => {
  let w: World;
  let routes: string[];

  beforeAll(async () => {
    w = await createWorld();
    routes = registeredRoutes(w.f.app);
  }, 180_000);
  afterAll(async () => w?.destroy());

  it('has an entry in the table for every registered route', () => {
    const missing = routes.filter((r) => !TABLE[r] && !WEB.some((p) => p.test(r)));
    expect(missing, `routes without an entry in test/authz/routes.table.*.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has no entry for a route that is not registered', () => {
    const stale = Object.keys(TABLE).filter((k) => !routes.includes(k));
    expect(stale, `entries without a route: ${stale.join(', ')}`).toEqual([]);
  });

  it('serves the web application without credentials', async () => {
    for (const r of routes.filter((x) => WEB.some((p) => p.test(x)))) {
      const url = r.slice('GET '.length);
      expect((await w.send(undefined, { method: 'GET', url })).statusCode, url).toBeLessThan(400);
    }
  });

  for (const [route, entry] of Object.entries(TABLE)) {
    if (entry.public) {
      it(`${route} answers without credentials`, async () => entry.anonymous?.(w), 30_000);
      continue;
    }
    const cases = entry.cases ?? [];
    it(`${route} has cases`, () => expect(cases.length).toBeGreaterThan(0));
    describe(route, () => {
      it('refuses a request without credentials (401), also behind a percent-encoded prefix', async () => {
        w.reuse = true;
        const opts = await cases[0]!.request(w, w.subjects.national_admin);
        const r = await w.send(undefined, opts);
        expect(r.statusCode, r.body).toBe(401);
        const encoded = await w.send(undefined, { ...opts, url: opts.url!.toString().replace('/api/', '/%61pi/') });
        expect([401, 404], `${encoded.statusCode} ${encoded.body.slice(0, 200)}`).toContain(encoded.statusCode);
      }, 30_000);
      for (const c of cases) {
        for (const name of SUBJECT_NAMES) {
          const expected = c.expect(stub(name));
          it(`[${c.label}] as ${name}: ${expected}`, async () => {
            const s = w.subjects[name];
            w.reuse = expected === 'denied' || expected === 'hidden';
            const opts = await c.request(w, s);
            const r = await w.send(s, opts);
            expectOutcome(w, expected, r, `${route} [${c.label}] as ${name}`);
            if (expected === 'hidden') await expectLikeUnknownPin(w, s, opts, r);
            await c.after?.(w, s, r);
          }, 30_000);
        }
      }
    });
  }
});

// Finding 8: authentication is decided by the route's configuration, never by the URL. The router matches the
// decoded path, so `/%61pi/v1/units` reaches the units route: it must be refused without credentials exactly
// like `/api/v1/units`. Every documented route is refused without credentials unless marked public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

/** Routes that are open by design (`config.public`). */
const PUBLIC_API = new Set([
  'post /api/v1/auth/login',
  'post /api/v1/auth/logout',
  // Offline card verification needs only public material: the CA bundle, the signers' CRL and the status list.
  'post /api/v1/cards/verify',
  'get /api/v1/cards/status-list',
  'get /api/v1/cards/crl',
  'get /api/v1/cards/ca',
]);

describe(`authentication by route configuration on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  beforeAll(async () => {
    f = await createRegistryFixture();
  });
  afterAll(async () => f.destroy());

  it('refuses encoded spellings of an API path without credentials, and serves them with a token', async () => {
    for (const url of [
      '/%61pi/v1/units',
      '/%61%70%69/v1/units',
      '/api/%761/units',
      '/api/v1/%75nits',
      '/%2561pi/v1/units',
      '/api/v1/units/%30%31',
      '/%61pi/v1/codes/ethnicity',
      '/%61pi/v1/persons?name=an',
      '/%61pi/v1/stats',
    ]) {
      const r = await f.app.inject({ url, headers: { accept: 'application/json' } });
      // Either the router does not know the spelling (404, no data) or it knows it and asks for credentials.
      expect([401, 404], `${url}: ${r.statusCode} ${r.body.slice(0, 120)}`).toContain(r.statusCode);
      if (r.statusCode === 404) expect(r.json().error.code, url).toBe('NOT_FOUND');
      else expect(r.json().error.code, url).toBe('AUTH.UNAUTHENTICATED');
    }
    const direct = await f.app.inject('/%61pi/v1/units');
    expect(direct.statusCode, direct.body).toBe(401);
    expect((await f.inject('/%61pi/v1/units')).statusCode).toBe(200);
  });

  it('refuses every documented route without credentials unless it is marked public', async () => {
    const doc = (await f.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const id = `${method} ${path}`;
        if (PUBLIC_API.has(id)) continue;
        const url = path.replace(/\{[^}]+\}/g, '1');
        // Encoded first letter: the spelling the old hook let through.
        for (const u of [url, url.replace('/api/', '/%61pi/')]) {
          const r = await f.app.inject({ method: method.toUpperCase() as 'GET', url: u, payload: {} });
          expect(r.statusCode, `${method.toUpperCase()} ${u}`).toBe(401);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('keeps health checks, docs and login open', async () => {
    expect((await f.app.inject('/healthz')).statusCode).toBe(200);
    expect((await f.app.inject('/readyz')).statusCode).toBe(200);
    expect((await f.app.inject('/api/openapi.json')).statusCode).toBe(200);
    expect((await f.app.inject('/api/docs/')).statusCode).toBe(200);
    const login = await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'not a password at all' },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
    // The card verification material answers without credentials (here without card keys: 503, never 401).
    for (const url of ['/api/v1/cards/status-list', '/api/v1/cards/crl', '/api/v1/cards/ca']) {
      const r = await f.app.inject(url);
      expect(r.statusCode, url).not.toBe(401);
      expect([200, 503], url).toContain(r.statusCode);
    }
  });
});

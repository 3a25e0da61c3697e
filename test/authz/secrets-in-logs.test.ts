// Acceptance: passwords are never logged in clear. The real app logs at trace level into a buffer while logins
// succeed, fail, lock and break the schema; neither the log nor any table holds the password. Finding 9: request
// lines carry the route pattern and request id, never the URL: a search by name and birth date and a PIN lookup
// leave no name, date or PIN in the log.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const PASSWORD = 'Bí-mật-không-được-ghi-log-2026';

describe(`no password in logs or tables on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let app: HttpApp;
  let logged = '';
  beforeAll(async () => {
    f = await createRegistryFixture();
    await f.services.access.createUser(cliContext(), {
      username: 'log.check',
      password: PASSWORD,
      roles: ['viewer'],
      jurisdiction: '01',
    });
    const stream = new Writable({
      write(chunk, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    app = await buildApp({ services: f.services, logger: { level: 'trace', stream } });
  });
  afterAll(async () => {
    await app.close();
    await f.destroy();
  });

  it('keeps the password out of the request log and out of every table', async () => {
    const login = (payload: unknown) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object });
    expect((await login({ username: 'log.check', password: PASSWORD })).statusCode).toBe(200);
    expect((await login({ username: 'log.check', password: `${PASSWORD}x` })).statusCode).toBe(401);
    expect(
      (await login({ username: 'log.check', password: PASSWORD, extra: 'field' })).statusCode,
    ).toBeGreaterThanOrEqual(400);
    expect((await login({ username: 5, password: PASSWORD })).statusCode).toBeGreaterThanOrEqual(400);
    for (let i = 0; i < 6; i++) await login({ username: 'log.check', password: `wrong-${i}-${PASSWORD}` });
    expect(logged.length).toBeGreaterThan(1000);
    expect(logged).toContain('/api/v1/auth/login');
    expect(logged).not.toContain(PASSWORD);

    const tables = (await f.t.db.introspection.getTables()).map((t) => t.name);
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(f.t.db);
      expect(JSON.stringify(rows.rows).includes(PASSWORD), table).toBe(false);
    }
  });

  it('logs the route pattern and request id of a search and a PIN lookup, never the name, date or PIN', async () => {
    const as = (o: string | { method?: 'POST'; url: string; payload?: object; headers?: Record<string, string> }) => {
      const opts = typeof o === 'string' ? { url: o } : o;
      return app.inject({ ...opts, headers: { authorization: `Bearer ${f.adminToken}`, ...(opts.headers ?? {}) } });
    };
    const name = 'Vũ Thị Kiều Trang';
    const born = '2019-11-23';
    const pin = (
      await as({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody('00004', { fullName: name, dateOfBirth: born, registeredOn: '2019-12-01' }),
      })
    ).json().pin as string;
    expect(pin).toMatch(/^\d{12}$/);
    const before = logged.length;
    const search = await as(`/api/v1/persons?name=${encodeURIComponent(name)}&dob=${born}`);
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().items.map((p: { pin: string }) => p.pin)).toContain(pin);
    const folded = await as('/api/v1/persons?name=vu%20thi%20kieu%20trang');
    expect(folded.statusCode).toBe(200);
    expect((await as(`/api/v1/persons/${pin}`)).statusCode).toBe(200);
    expect((await as(`/api/v1/persons/${pin}/history`)).statusCode).toBe(200);
    expect((await as(`/api/v1/pins/${pin}/check`)).statusCode).toBeLessThan(500);
    // Not found: the URL must not come back through the not-found line either.
    await as({ url: `/api/v1/nowhere/${pin}?name=${encodeURIComponent(name)}`, headers: { accept: 'x/y' } });

    const lines = logged
      .slice(before)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const text = logged.slice(before);
    for (const secret of [pin, name, 'Kiều', 'kieu', born, '2019', encodeURIComponent(name), '?name', 'dob=']) {
      expect(text.includes(secret), `log holds "${secret}"`).toBe(false);
    }
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.length).toBe(6);
    // One line per request, each with its request id.
    expect(new Set(requests.map((l) => l.reqId)).size).toBe(requests.length);
    expect(requests.map((l) => l.route)).toEqual(
      expect.arrayContaining(['/api/v1/persons', '/api/v1/persons/:pin', '/api/v1/persons/:pin/history']),
    );
  });
});

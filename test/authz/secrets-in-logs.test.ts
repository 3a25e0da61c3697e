// Acceptance: passwords are never logged in clear. The real app logs at trace level into a buffer while logins
// succeed, fail, lock and break the schema; neither the log nor any table holds the password.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

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
});

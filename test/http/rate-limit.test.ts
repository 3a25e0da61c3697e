// Finding 6: login is rate-limited through the real app, per client address and per user name; the client address
// comes from X-Forwarded-For only when the server is told to trust the proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { createServices } from '../../src/services.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';

const PER_ADDRESS = 30;
const PER_USER = 10;

describe(`login rate limits through the app on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  beforeAll(async () => {
    f = await createRegistryFixture();
  });
  afterAll(async () => f.destroy());

  const login = (app: HttpApp, username: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      headers,
      payload: { username, password: 'not the password of anyone' },
    });

  it('answers 429 once an address has tried more than its limit in a minute, other addresses unaffected', async () => {
    const codes: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 11; i++) codes.push((await login(f.app, `khach${i}`, '203.0.113.7')).statusCode);
    expect(codes.slice(0, PER_ADDRESS).every((c) => c === 401)).toBe(true);
    expect(codes.slice(PER_ADDRESS).every((c) => c === 429)).toBe(true);
    const limited = await login(f.app, 'khach-cuoi', '203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('AUTH.RATE_LIMITED');
    expect(limited.json().error.details).toMatchObject({ limit: 'address', max: PER_ADDRESS });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(f.app, 'khach-khac', '203.0.113.8')).statusCode).toBe(401);
  });

  it('answers 429 once a user name has been tried more than its limit, whatever the addresses', async () => {
    const codes: number[] = [];
    for (let i = 0; i < PER_USER + 2; i++) codes.push((await login(f.app, 'admin', `198.51.100.${i + 1}`)).statusCode);
    expect(codes.slice(0, PER_USER).every((c) => c === 401)).toBe(true);
    expect(codes.slice(PER_USER)).toEqual([429, 429]);
    const r = await login(f.app, ' ADMIN ', '198.51.100.200');
    expect(r.statusCode).toBe(429);
    expect(r.json().error.details).toMatchObject({ limit: 'user', max: PER_USER });
    // Another user name from the same addresses is not held back.
    expect((await login(f.app, 'someone.else', '198.51.100.1')).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted, and then limits per forwarded address', async () => {
    // Not trusted (the default): spoofed headers do not give a fresh budget.
    const codes: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 1; i++) {
      codes.push((await login(f.app, `gia${i}`, '192.0.2.50', { 'x-forwarded-for': `10.9.0.${i}` })).statusCode);
    }
    expect(codes.at(-1)).toBe(429);

    const config = loadConfig({ db: f.t.url, trustProxy: '192.0.2.1' }, { POPREG_TODAY: TEST_TODAY });
    expect(config.http.trustProxy).toEqual(['192.0.2.1']);
    const proxied = await buildApp({ services: createServices(f.t.db, config) });
    try {
      const through = (client: string, i: number) =>
        login(proxied, `qua${client}${i}`, '192.0.2.1', { 'x-forwarded-for': client });
      for (let i = 0; i < PER_ADDRESS; i++) expect((await through('10.1.1.1', i)).statusCode).toBe(401);
      expect((await through('10.1.1.1', 99)).statusCode).toBe(429);
      // Another client behind the same proxy has its own budget.
      expect((await through('10.1.1.2', 0)).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe('trust proxy and plain HTTP configuration', () => {
  it('parses trust proxy values and refuses nonsense', () => {
    const env = {};
    expect(loadConfig({}, env).http.trustProxy).toBe(false);
    expect(loadConfig({ trustProxy: 'true' }, env).http.trustProxy).toBe(true);
    expect(loadConfig({ trustProxy: '2' }, env).http.trustProxy).toBe(2);
    expect(loadConfig({}, { POPREG_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(() => loadConfig({ trustProxy: 'everyone' }, env)).toThrow(/trust proxy .*"everyone"/);
  });

  it('sends Secure cookies unless told it runs on plain HTTP on loopback, and refuses that elsewhere', () => {
    expect(loadConfig({}, {}).security.secureCookies).toBe(true);
    expect(loadConfig({ host: '0.0.0.0' }, {}).security.secureCookies).toBe(true);
    expect(loadConfig({ insecureHttp: true }, {}).security.secureCookies).toBe(false);
    expect(loadConfig({ insecureHttp: true, host: '::1' }, {}).security.secureCookies).toBe(false);
    expect(loadConfig({}, { POPREG_INSECURE_HTTP: 'true', POPREG_HOST: 'localhost' }).security.secureCookies).toBe(
      false,
    );
    expect(() => loadConfig({ insecureHttp: true, host: '0.0.0.0' }, {})).toThrow(/loopback.*"0\.0\.0\.0"/);
    expect(() => loadConfig({ insecureHttp: true, host: '10.0.0.5' }, {})).toThrow(/loopback/);
  });
});

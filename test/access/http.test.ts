// The accounts API through a small Fastify app built here the way the HTTP layer will: TypeBox provider,
// cookies, the shared error handler, a minimal auth hook (public routes, session cookie with CSRF, bearer
// tokens, TOTP enrolment only), and a pino logger whose output is searched for the password.
import { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/domain/context.ts';
import { errorHandler } from '../../src/http/errors.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { registerAccessRoutes } from '../../src/modules/access/access.routes.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, STRONG, totpAt } from './fixture.ts';

const COOKIE = 'popreg_session';
const SECRET_PASSWORD = 'Officer-passphrase-unique-42';

async function buildTestApp(f: AccessFixture, logs: string[]): Promise<HttpApp> {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = Fastify({
    logger: { level: 'trace', stream },
    ajv: { customOptions: { allErrors: true, verbose: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpApp;
  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 't', version: '1' } } });
  const contexts = new WeakMap<FastifyRequest, RequestContext>();

  // A stand-in for the real auth hook, doing what the route configs ask of it.
  app.addHook('preHandler', async (req) => {
    const config = req.routeOptions.config as { public?: boolean; allowDuringTotpEnrolment?: boolean };
    if (config.public) return;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      contexts.set(req, { actor: await f.access.resolveBearer(bearer), client: req.ip });
      return;
    }
    const s = await f.access.resolveSession(req.cookies[COOKIE]);
    if (req.method !== 'GET') {
      const h = req.headers['x-csrf-token'];
      f.access.assertCsrf(s.session, typeof h === 'string' ? h : undefined);
    }
    if (s.session.mustEnrollTotp && !config.allowDuringTotpEnrolment) {
      throw Object.assign(new Error('enrol TOTP first'), { statusCode: 403, code: 'AUTH.FORBIDDEN' });
    }
    contexts.set(req, { actor: s.actor, client: req.ip });
  });

  await app.register(
    async (api) => {
      registerAccessRoutes(
        api as HttpApp,
        { access: f.access },
        {
          contextOf: (req) => {
            const ctx = contexts.get(req);
            if (!ctx) throw new Error('no context: route not authenticated');
            return ctx;
          },
          setSessionCookie: (reply, token, expiresAt) => {
            void reply.setCookie(COOKIE, token, {
              path: '/',
              httpOnly: true,
              sameSite: 'strict',
              expires: new Date(expiresAt),
            });
          },
          clearSessionCookie: (reply) => {
            void reply.clearCookie(COOKIE, { path: '/' });
          },
          sessionTokenOf: (req) => req.cookies[COOKIE],
        },
      );
    },
    { prefix: '/api/v1' },
  );
  await app.ready();
  return app;
}

describe(`accounts API on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  let app: HttpApp;
  const logs: string[] = [];
  const bodies: string[] = [];
  let admin: { cookie: string; csrf: string };

  const call = async (opts: InjectOptions) => {
    const res = await app.inject(opts);
    bodies.push(res.body);
    return res;
  };
  const as = (who: { cookie: string; csrf: string }) => ({
    cookie: `${COOKIE}=${who.cookie}`,
    'x-csrf-token': who.csrf,
  });
  const login = async (username: string, password: string, totp?: string) => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password, ...(totp ? { totp } : {}) },
    });
    const c = res.cookies.find((x) => x.name === COOKIE);
    return { res, who: { cookie: c?.value ?? '', csrf: res.json().csrfToken as string } };
  };

  beforeAll(async () => {
    f = await createAccessFixture({ maxFailedLogins: 3 });
    app = await buildTestApp(f, logs);
    const made = await f.access.createUser(ADMIN_CTX, {
      username: 'root',
      password: STRONG,
      roles: ['national_admin'],
    });
    admin = (await login('root', STRONG, totpAt(made.totp!.secret, f.clock.now))).who;
  });
  afterAll(async () => {
    await app.close();
    await f.destroy();
  });

  it('logs in: sets an HttpOnly SameSite=Strict cookie and returns the user and CSRF token', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'root', password: STRONG },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.TOTP_REQUIRED');
    const me = await call({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `${COOKIE}=${admin.cookie}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: { username: 'root', displayName: 'root', roles: ['national_admin'], jurisdiction: null, totpEnabled: true },
      csrfToken: admin.csrf,
      mustEnrollTotp: false,
    });
  });

  it('creates users (201 with location), refuses duplicates (409) and bad input without echoing the password', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(admin),
      payload: {
        username: 'thu',
        displayName: 'Lê Thu',
        password: SECRET_PASSWORD,
        roles: ['commune_officer'],
        jurisdiction: '26734',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/users/thu');
    expect(res.json().user).toMatchObject({
      username: 'thu',
      roles: ['commune_officer'],
      jurisdiction: '26734',
      totpEnabled: false,
    });
    expect(res.json()).not.toHaveProperty('password');

    const dup = await call({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(admin),
      payload: { username: 'thu', password: SECRET_PASSWORD, roles: ['viewer'] },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ACCESS.USER_EXISTS');

    const missing = await call({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(admin),
      payload: { username: 'x1x', password: SECRET_PASSWORD },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.violations).toEqual([
      { field: 'body.roles', rule: 'schema.required', message: expect.any(String) },
    ]);

    const weak = await call({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(admin),
      payload: { username: 'x2x', password: 'x2x', roles: ['viewer'] },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.violations.map((v: { rule: string }) => v.rule)).toEqual([
      'password.length',
      'password.equals_username',
    ]);
  });

  it('answers 401 for wrong credentials and 423 with the lock end after repeated failures', async () => {
    for (let i = 0; i < 2; i++) {
      const { res } = await login('thu', `${SECRET_PASSWORD}-wrong`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
    }
    const { res } = await login('thu', `${SECRET_PASSWORD}-wrong`);
    expect(res.statusCode).toBe(423);
    expect(res.json().error).toMatchObject({ code: 'AUTH.LOCKED', details: { until: '2026-06-01T08:15:00.000Z' } });
    expect((await login('thu', SECRET_PASSWORD)).res.statusCode).toBe(423);
    const unlock = await call({
      method: 'PATCH',
      url: '/api/v1/users/thu',
      headers: as(admin),
      payload: { disabled: false },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
  });

  it('a missing field in the login body is a 400 that does not echo the password', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { password: SECRET_PASSWORD, extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(
      res
        .json()
        .error.details.violations.map((v: { field: string }) => v.field)
        .sort(),
    ).toEqual(['body.extra', 'body.username']);
  });

  it('requires the CSRF header on cookie-authenticated writes, and manages API tokens', async () => {
    const { who } = await login('thu', SECRET_PASSWORD);
    const noCsrf = await call({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: `${COOKIE}=${who.cookie}` },
      payload: { name: 'sync' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('AUTH.CSRF');

    const created = await call({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: as(who),
      payload: { name: 'sync' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^prt_/);
    const bearer = { authorization: `Bearer ${token}` };
    const list = await call({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer });
    expect(list.json().items).toEqual([
      expect.objectContaining({ id, name: 'sync', prefix: token.slice(0, 8), username: 'thu' }),
    ]);
    const me = await call({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ user: { username: 'thu' }, csrfToken: null });
    expect((await call({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: bearer })).statusCode).toBe(204);
    const after = await call({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('issues a bearer token at login when asked', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'thu', password: SECRET_PASSWORD, issueToken: true },
    });
    expect(res.statusCode).toBe(200);
    const me = await call({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${res.json().token}` },
    });
    expect(me.json().user.username).toBe('thu');
  });

  it('refuses user management to officers (403), and a disabled account at login (403)', async () => {
    const { who } = await login('thu', SECRET_PASSWORD);
    const list = await call({ method: 'GET', url: '/api/v1/users', headers: as(who) });
    expect(list.statusCode).toBe(403);
    expect(list.json().error.code).toBe('AUTH.FORBIDDEN');
    const own = await call({ method: 'GET', url: '/api/v1/users/thu', headers: as(who) });
    expect(own.statusCode).toBe(200);

    const users = await call({ method: 'GET', url: '/api/v1/users', headers: as(admin) });
    expect(users.json().items.map((u: { username: string }) => u.username)).toEqual(['root', 'thu']);
    expect(users.body).not.toMatch(/argon2|totp_?secret|password_?hash|"password"/i);

    expect(
      (
        await call({ method: 'PATCH', url: '/api/v1/users/thu', headers: as(admin), payload: { disabled: true } })
      ).json().disabled,
    ).toBe(true);
    const refused = await login('thu', SECRET_PASSWORD);
    expect(refused.res.statusCode).toBe(403);
    expect(refused.res.json().error.code).toBe('AUTH.DISABLED');
    expect((await call({ method: 'GET', url: '/api/v1/auth/me', headers: as(who) })).statusCode).toBe(401);
    await call({ method: 'PATCH', url: '/api/v1/users/thu', headers: as(admin), payload: { disabled: false } });
  });

  it('lets a national administrator without TOTP only enrol it', async () => {
    await call({
      method: 'PATCH',
      url: '/api/v1/users/thu',
      headers: as(admin),
      payload: { roles: ['national_admin'], jurisdiction: null },
    });
    const { res, who } = await login('thu', SECRET_PASSWORD);
    expect(res.json().mustEnrollTotp).toBe(true);
    expect((await call({ method: 'GET', url: '/api/v1/users', headers: as(who) })).statusCode).toBe(403);
    const enrol = await call({ method: 'POST', url: '/api/v1/users/thu/totp', headers: as(who) });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = enrol.json();
    expect(otpauthUri).toContain('issuer=popreg');
    const confirm = await call({
      method: 'POST',
      url: '/api/v1/users/thu/totp/confirm',
      headers: as(who),
      payload: { code: totpAt(secret, f.clock.now) },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().totpEnabled).toBe(true);
    f.clock.advanceMinutes(1);
    const full = await login('thu', SECRET_PASSWORD, totpAt(secret, f.clock.now));
    expect(full.res.json().mustEnrollTotp).toBe(false);
    expect((await call({ method: 'GET', url: '/api/v1/users', headers: as(full.who) })).statusCode).toBe(200);
  });

  it('logs out: 204, cookie cleared, session revoked', async () => {
    const out = await call({ method: 'POST', url: '/api/v1/auth/logout', headers: as(admin) });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === COOKIE)?.value).toBe('');
    expect((await call({ method: 'GET', url: '/api/v1/auth/me', headers: as(admin) })).statusCode).toBe(401);
  });

  it('documents every route with tags, a summary and error responses', () => {
    const doc = app.swagger() as unknown as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string; responses: object }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([p, m]) =>
      Object.entries(m).map(([verb, op]) => ({ id: `${verb} ${p}`, op })),
    );
    expect(ops.length).toBe(13);
    for (const { id, op } of ops) {
      expect(op.summary, id).toBeTruthy();
      expect(op.tags?.[0], id).toMatch(/^(auth|users)$/);
      expect(Object.keys(op.responses).length, id).toBeGreaterThan(0);
    }
  });

  it('never writes a password to the log or into a response', () => {
    const logText = logs.join('');
    expect(logText).toContain('/api/v1/auth/login');
    for (const secret of [SECRET_PASSWORD, STRONG]) {
      expect(logText).not.toContain(secret);
      expect(bodies.join('\n')).not.toContain(secret);
    }
  });
});

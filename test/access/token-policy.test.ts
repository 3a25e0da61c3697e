// Finding 9: API tokens expire (90 days by default), act only within their scopes (read, write, audit, exchange;
// enforced by the auth hook), record their last use at most once a minute, and die with a password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const START = Date.parse('2026-06-01T08:00:00Z');
const DAY = 86_400_000;

describe(`API token expiry, scopes, last use and revocation on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const clock = { now: START };
  beforeAll(async () => {
    f = await createRegistryFixture({ clock: () => new Date(clock.now) });
    await f.services.access.createUser(cliContext(), {
      username: 'canbo.tinh',
      password: 'mật khẩu cán bộ tỉnh 2026',
      roles: ['provincial_officer', 'auditor'],
      jurisdiction: '01',
    });
  });
  afterAll(async () => f.destroy());

  const bearer = (token: string, opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) =>
    f.app.inject({ ...opts, headers: { authorization: `Bearer ${token}` } });
  const token = async (options: { expiresInDays?: number; scopes?: string[] } = {}) =>
    f.services.access.createToken(cliContext(), 'test', 'canbo.tinh', options);

  it('expires after 90 days by default, or the days asked for, with AUTH.TOKEN_EXPIRED', async () => {
    const t = await token();
    expect(t.expiresAt).toBe(new Date(START + 90 * DAY).toISOString());
    expect(t.scopes).toEqual(['read', 'write', 'audit', 'exchange']);
    const short = await token({ expiresInDays: 2 });
    expect((await bearer(short.token, { url: '/api/v1/units' })).statusCode).toBe(200);
    clock.now = START + 2 * DAY;
    const expired = await bearer(short.token, { url: '/api/v1/units' });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH.TOKEN_EXPIRED');
    expect((await bearer(t.token, { url: '/api/v1/units' })).statusCode).toBe(200);
    clock.now = START + 90 * DAY;
    expect((await bearer(t.token, { url: '/api/v1/units' })).json().error.code).toBe('AUTH.TOKEN_EXPIRED');
    clock.now = START;
    const bad = await f.services.access
      .createToken(cliContext(), 'x', 'canbo.tinh', { expiresInDays: 400 })
      .catch((e: { code: string; details: unknown }) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION' });
  });

  it('acts only within its scopes: read for GET, write for changes, audit for the trail', async () => {
    const read = await token({ scopes: ['read'] });
    expect((await bearer(read.token, { url: '/api/v1/units' })).statusCode).toBe(200);
    const write = await bearer(read.token, { method: 'POST', url: '/api/v1/persons', payload: birthBody('00004') });
    expect(write.statusCode).toBe(403);
    expect(write.json().error).toMatchObject({ code: 'AUTH.SCOPE', details: { scope: 'write', scopes: ['read'] } });
    const audit = await bearer(read.token, { url: '/api/v1/audit' });
    expect(audit.statusCode).toBe(403);
    expect(audit.json().error.details.scope).toBe('audit');

    const auditor = await token({ scopes: ['audit'] });
    expect((await bearer(auditor.token, { url: '/api/v1/audit' })).statusCode).toBe(200);
    expect((await bearer(auditor.token, { url: '/api/v1/units' })).json().error.code).toBe('AUTH.SCOPE');

    // A token cannot mint a token wider than itself.
    const rw = await token({ scopes: ['read', 'write'] });
    const wider = await bearer(rw.token, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'x', scopes: ['audit'] },
    });
    expect(wider.statusCode).toBe(400);
    expect(wider.json().error.details.violations[0]).toMatchObject({
      field: 'scopes',
      rule: 'token.scope_exceeds_caller',
    });
    const same = await bearer(rw.token, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'y', scopes: ['read'], expiresInDays: 365 },
    });
    expect(same.statusCode, same.body).toBe(201);
    // …nor one that outlives it.
    expect(same.json().expiresAt).toBe(rw.expiresAt);
    expect(same.json().scopes).toEqual(['read']);
  });

  it('records the last use at most once a minute', async () => {
    const t = await token();
    const lastUsed = async () =>
      (await f.t.db.selectFrom('api_token').select('last_used_at').where('id', '=', t.id).executeTakeFirstOrThrow())
        .last_used_at;
    expect(await lastUsed()).toBeNull();
    await bearer(t.token, { url: '/api/v1/units' });
    const first = await lastUsed();
    expect(first).toBe(new Date(clock.now).toISOString());
    clock.now += 59_000;
    await bearer(t.token, { url: '/api/v1/units' });
    expect(await lastUsed()).toBe(first);
    clock.now += 2_000;
    await bearer(t.token, { url: '/api/v1/units' });
    expect(await lastUsed()).toBe(new Date(clock.now).toISOString());
    const listed = (await f.services.access.listTokens(cliContext(), 'canbo.tinh')).find((x) => x.id === t.id);
    expect(listed).toMatchObject({
      lastUsedAt: new Date(clock.now).toISOString(),
      scopes: ['read', 'write', 'audit', 'exchange'],
    });
  });

  it('revokes every token of a user whose password changes', async () => {
    const a = await token();
    const b = await token({ scopes: ['read'] });
    expect((await bearer(a.token, { url: '/api/v1/units' })).statusCode).toBe(200);
    await f.services.access.setPassword(cliContext(), 'canbo.tinh', 'một mật khẩu mới hoàn toàn');
    for (const t of [a, b]) {
      const r = await bearer(t.token, { url: '/api/v1/units' });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('AUTH.UNAUTHENTICATED');
    }
    const trail = await f.t.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'user.password_changed')
      .execute();
    expect(JSON.parse(String(trail.at(-1)!.details))).toMatchObject({ tokensRevoked: true });
  });
});

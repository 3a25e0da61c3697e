// Sessions: idle and absolute expiry on an injected clock, activity written at most once a minute, logout,
// and the events that end every session of a user (disabled, new password).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { sha256Hex } from '../../src/modules/access/access.tokens.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, STRONG } from './fixture.ts';

async function reason(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  const d = err as DomainError;
  return d.code === 'AUTH.UNAUTHENTICATED' ? `${d.code}:${d.details.reason}` : d.code;
}

describe(`sessions on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await createAccessFixture({ sessionIdleMinutes: 30, sessionAbsoluteHours: 2 });
    await f.access.createUser(ADMIN_CTX, {
      username: 'lan',
      password: STRONG,
      roles: ['commune_officer'],
      jurisdiction: '00004',
    });
  });
  afterAll(async () => f.destroy());

  const lastSeen = async (token: string) =>
    (
      await f.t.db
        .selectFrom('user_session')
        .select('last_seen_at')
        .where('id', '=', sha256Hex(token))
        .executeTakeFirstOrThrow()
    ).last_seen_at;

  it('resolves a session to the user as actor, with its CSRF token', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG, client: '10.0.0.1 test' });
    const s = await f.access.resolveSession(r.sessionToken);
    expect(s.actor).toEqual({ id: 'lan', kind: 'user', roles: ['commune_officer'], jurisdiction: '00004' });
    expect(s.session).toMatchObject({ csrfToken: r.csrfToken, client: '10.0.0.1 test', mustEnrollTotp: false });
    expect(() => f.access.assertCsrf(s.session, r.csrfToken)).not.toThrow();
    expect(() => f.access.assertCsrf(s.session, undefined)).toThrow(/CSRF/);
    expect(() => f.access.assertCsrf(s.session, `${r.csrfToken.slice(0, -1)}x`)).toThrow(/CSRF/);
    expect(await reason(f.access.resolveSession('not-a-session'))).toBe('AUTH.UNAUTHENTICATED:unknown');
    expect(await reason(f.access.resolveSession(undefined))).toBe('AUTH.UNAUTHENTICATED:missing');
  });

  it('stores only the digest of the session token', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    const rows = await f.t.db.selectFrom('user_session').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(r.sessionToken);
    expect(rows.some((x) => x.id === sha256Hex(r.sessionToken))).toBe(true);
  });

  it('ends after the idle timeout, and activity keeps it alive (written at most once a minute)', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    const loggedAt = await lastSeen(r.sessionToken);
    f.clock.advanceMinutes(0.5);
    await f.access.resolveSession(r.sessionToken);
    expect(await lastSeen(r.sessionToken)).toBe(loggedAt);
    f.clock.advanceMinutes(20);
    await f.access.resolveSession(r.sessionToken);
    expect(await lastSeen(r.sessionToken)).not.toBe(loggedAt);
    f.clock.advanceMinutes(29);
    const s = await f.access.resolveSession(r.sessionToken);
    expect(s.session.lastSeenAt).toBe(new Date(f.clock.now).toISOString());
    f.clock.advanceMinutes(30);
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:idle');
  });

  it('ends at the absolute expiry however active', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    for (let i = 0; i < 5; i++) {
      f.clock.advanceMinutes(20);
      await f.access.resolveSession(r.sessionToken);
    }
    f.clock.advanceMinutes(19);
    await f.access.resolveSession(r.sessionToken);
    f.clock.advanceMinutes(1);
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:expired');
  });

  it('logout revokes the session; logging out again is harmless', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    const other = await f.access.login({ username: 'lan', password: STRONG });
    await f.access.logout(r.sessionToken);
    await f.access.logout(r.sessionToken);
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:revoked');
    await f.access.resolveSession(other.sessionToken);
  });

  it('disabling a user ends their sessions; enabling does not bring them back', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    await f.access.disableUser(ADMIN_CTX, 'lan');
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:revoked');
    await f.access.enableUser(ADMIN_CTX, 'lan');
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:revoked');
  });

  it('a new password ends every session; users change their own only with the current one', async () => {
    const r = await f.access.login({ username: 'lan', password: STRONG });
    const self = { actor: (await f.access.resolveSession(r.sessionToken)).actor };
    expect(await reason(f.access.setPassword(self, 'lan', 'another long password'))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await reason(f.access.setPassword(self, 'lan', 'another long password', 'wrong current one'))).toBe(
      'AUTH.INVALID_CREDENTIALS',
    );
    // Self-service covers name and password, not roles.
    expect(await reason(f.access.updateUser(self, 'lan', { roles: ['national_admin'], jurisdiction: null }))).toBe(
      'AUTH.FORBIDDEN',
    );
    const u = await f.access.setPassword(self, 'lan', 'another long password', STRONG);
    expect(u.passwordChangedAt).toBe(new Date(f.clock.now).toISOString());
    expect(await reason(f.access.resolveSession(r.sessionToken))).toBe('AUTH.UNAUTHENTICATED:revoked');
    expect(await reason(f.access.login({ username: 'lan', password: STRONG }))).toBe('AUTH.INVALID_CREDENTIALS');
    await f.access.login({ username: 'lan', password: 'another long password' });
  });

  it('a rescope applies to open sessions at once', async () => {
    const r = await f.access.login({ username: 'lan', password: 'another long password' });
    await f.access.rescopeUser(ADMIN_CTX, 'lan', { roles: ['provincial_officer'], jurisdiction: '79' });
    expect((await f.access.resolveSession(r.sessionToken)).actor).toMatchObject({
      roles: ['provincial_officer'],
      jurisdiction: '79',
    });
  });
});

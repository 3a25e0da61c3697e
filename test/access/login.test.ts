// Logging in: throttling and lockout on a fixed clock, one answer for unknown users and wrong passwords (with
// the same hashing work), disabled accounts, and TOTP for national administrators.
import { authenticator } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, STRONG, totpAt, userCtx } from './fixture.ts';

async function failure(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe(`login throttling on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await createAccessFixture({ maxFailedLogins: 3, lockoutMinutes: 15 });
    await f.access.createUser(ADMIN_CTX, { username: 'binh', password: STRONG, roles: ['viewer'] });
  });
  afterAll(async () => f.destroy());

  it('logs in with the right password and returns a session', async () => {
    const r = await f.access.login({ username: 'binh', password: STRONG, client: '127.0.0.1' });
    expect(r.user.username).toBe('binh');
    expect(r.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.expiresAt).toBe('2026-06-01T20:00:00.000Z');
    expect(r.mustEnrollTotp).toBe(false);
    expect(r.user.lastLoginAt).toBe('2026-06-01T08:00:00.000Z');
  });

  it('gives unknown users and wrong passwords the same error after the same hashing work', async () => {
    f.hasher.verifies = 0;
    const unknown = await failure(f.access.login({ username: 'nobody', password: STRONG }));
    const unknownWork = f.hasher.verifies;
    f.hasher.verifies = 0;
    const wrong = await failure(f.access.login({ username: 'binh', password: `${STRONG}!` }));
    expect(f.hasher.verifies).toBe(unknownWork);
    expect(unknownWork).toBe(1);
    expect(unknown.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(wrong.code).toBe(unknown.code);
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.details).toEqual(unknown.details);
    // The failure just counted is cleared by a success.
    await f.access.login({ username: 'binh', password: STRONG });
  });

  it('locks after N consecutive failures, refuses even the right password, and unlocks after the lockout', async () => {
    for (let i = 1; i < 3; i++) {
      expect((await failure(f.access.login({ username: 'binh', password: `wrong-${i}-password` }))).code).toBe(
        'AUTH.INVALID_CREDENTIALS',
      );
    }
    const third = await failure(f.access.login({ username: 'binh', password: 'wrong-3-password' }));
    expect(third.code).toBe('AUTH.LOCKED');
    expect(third.details.until).toBe('2026-06-01T08:15:00.000Z');
    expect(f.events.some((e) => e.type === 'login.locked' && e.username === 'binh')).toBe(true);

    f.clock.advanceMinutes(14);
    const stillLocked = await failure(f.access.login({ username: 'binh', password: STRONG }));
    expect(stillLocked.code).toBe('AUTH.LOCKED');
    expect(stillLocked.details.until).toBe('2026-06-01T08:15:00.000Z');
    expect((await f.access.getUser(ADMIN_CTX, 'binh')).lockedUntil).toBe('2026-06-01T08:15:00.000Z');

    f.clock.advanceMinutes(1);
    const ok = await f.access.login({ username: 'binh', password: STRONG });
    expect(ok.user.lockedUntil).toBeNull();
  });

  it('counts only consecutive failures: a success resets the counter', async () => {
    await failure(f.access.login({ username: 'binh', password: 'wrong-a-password' }));
    await failure(f.access.login({ username: 'binh', password: 'wrong-b-password' }));
    await f.access.login({ username: 'binh', password: STRONG });
    await failure(f.access.login({ username: 'binh', password: 'wrong-c-password' }));
    await failure(f.access.login({ username: 'binh', password: 'wrong-d-password' }));
    await f.access.login({ username: 'binh', password: STRONG });
  });

  it('lets an administrator lift a lockout by enabling the account', async () => {
    for (let i = 0; i < 3; i++) await failure(f.access.login({ username: 'binh', password: 'wrong-e-password' }));
    expect((await failure(f.access.login({ username: 'binh', password: STRONG }))).code).toBe('AUTH.LOCKED');
    await f.access.enableUser(ADMIN_CTX, 'binh');
    await f.access.login({ username: 'binh', password: STRONG });
  });

  it('refuses a disabled account with AUTH.DISABLED, but only to the right password', async () => {
    await f.access.createUser(ADMIN_CTX, { username: 'cuong', password: STRONG, roles: ['viewer'] });
    await f.access.disableUser(ADMIN_CTX, 'cuong');
    expect((await failure(f.access.login({ username: 'cuong', password: STRONG }))).code).toBe('AUTH.DISABLED');
    expect((await failure(f.access.login({ username: 'cuong', password: 'not-the-password' }))).code).toBe(
      'AUTH.INVALID_CREDENTIALS',
    );
  });
});

describe(`TOTP on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  let secret: string;
  beforeAll(async () => {
    // The machine's clock, so that otplib's authenticator.generate(secret) gives the current code.
    f = await createAccessFixture({}, Date.now());
    const made = await f.access.createUser(ADMIN_CTX, {
      username: 'dung',
      password: STRONG,
      roles: ['national_admin'],
    });
    secret = made.totp!.secret;
  });
  afterAll(async () => f.destroy());

  beforeEach(() => {
    // Each test starts a few steps later, so that codes of one test are never replays in the next.
    f.clock.advanceMinutes(2);
  });

  it('requires a valid code from a national administrator', async () => {
    const missing = await failure(f.access.login({ username: 'dung', password: STRONG }));
    expect(missing.code).toBe('AUTH.TOTP_REQUIRED');
    const wrong = await failure(f.access.login({ username: 'dung', password: STRONG, totp: '000000' }));
    expect(wrong.code).toBe('AUTH.TOTP_REQUIRED');
    // With the wrong password, the answer does not reveal that TOTP is on.
    expect(
      (await failure(f.access.login({ username: 'dung', password: 'not-the-password', totp: '123456' }))).code,
    ).toBe('AUTH.INVALID_CREDENTIALS');
    f.clock.now = Date.now();
    const ok = await f.access.login({ username: 'dung', password: STRONG, totp: authenticator.generate(secret) });
    expect(ok.user.totpEnabled).toBe(true);
    expect(ok.mustEnrollTotp).toBe(false);
  });

  it('refuses a code used once already (replay)', async () => {
    const code = totpAt(secret, f.clock.now);
    await f.access.login({ username: 'dung', password: STRONG, totp: code });
    expect((await failure(f.access.login({ username: 'dung', password: STRONG, totp: code }))).code).toBe(
      'AUTH.TOTP_REQUIRED',
    );
  });

  it('accepts the previous step for clock drift, not older ones', async () => {
    expect(
      (
        await failure(
          f.access.login({ username: 'dung', password: STRONG, totp: totpAt(secret, f.clock.now - 90_000) }),
        )
      ).code,
    ).toBe('AUTH.TOTP_REQUIRED');
    await f.access.login({ username: 'dung', password: STRONG, totp: totpAt(secret, f.clock.now - 30_000) });
  });

  it('counts wrong codes towards the lockout', async () => {
    await f.access.enableUser(ADMIN_CTX, 'dung');
    for (let i = 0; i < 4; i++) await failure(f.access.login({ username: 'dung', password: STRONG, totp: '000000' }));
    const fifth = await failure(f.access.login({ username: 'dung', password: STRONG, totp: '000000' }));
    expect(fifth.code).toBe('AUTH.LOCKED');
    await f.access.enableUser(ADMIN_CTX, 'dung');
  });

  it('gives a national administrator without TOTP a session that may only enrol it', async () => {
    await f.access.createUser(ADMIN_CTX, { username: 'giang', password: STRONG, roles: ['viewer'] });
    await f.access.rescopeUser(ADMIN_CTX, 'giang', { roles: ['national_admin'], jurisdiction: null });
    const r = await f.access.login({ username: 'giang', password: STRONG });
    expect(r.mustEnrollTotp).toBe(true);
    const s = await f.access.resolveSession(r.sessionToken);
    expect(s.session.mustEnrollTotp).toBe(true);
    expect(s.actor).toEqual({ id: 'giang', kind: 'user', roles: [], jurisdiction: null });
    const ctx = { actor: s.actor };
    expect((await failure(f.access.listUsers(ctx))).code).toBe('AUTH.FORBIDDEN');
    expect((await failure(f.access.createToken(ctx, 'script'))).code).toBe('AUTH.FORBIDDEN');
    expect((await failure(f.access.login({ username: 'giang', password: STRONG, issueToken: true }))).code).toBe(
      'AUTH.FORBIDDEN',
    );

    const enrol = await f.access.enrollTotp(ctx, 'giang');
    const bad = await failure(f.access.confirmTotp('giang', '000000', ctx));
    expect(bad.code).toBe('VALIDATION');
    const user = await f.access.confirmTotp('giang', totpAt(enrol.secret, f.clock.now), ctx);
    expect(user.totpEnabled).toBe(true);
    // The session opened without a second factor stays restricted; a new login with a code is a full one.
    expect((await f.access.resolveSession(r.sessionToken)).actor.roles).toEqual([]);
    f.clock.advanceMinutes(1);
    const full = await f.access.login({ username: 'giang', password: STRONG, totp: totpAt(enrol.secret, f.clock.now) });
    expect((await f.access.resolveSession(full.sessionToken)).actor.roles).toEqual(['national_admin']);
    // Once on, a user cannot replace the second factor from a session; an administrator can reset it.
    const selfCtx = { actor: (await f.access.resolveSession(full.sessionToken)).actor };
    expect((await failure(f.access.enrollTotp(selfCtx, 'giang'))).code).toBe('AUTH.FORBIDDEN');
    await f.access.enrollTotp(ADMIN_CTX, 'giang');
    expect((await f.access.resolveSession(full.sessionToken)).session.mustEnrollTotp).toBe(true);
  });

  it('lets other users opt in to TOTP, which login then requires', async () => {
    await f.access.createUser(ADMIN_CTX, { username: 'hoa', password: STRONG, roles: ['auditor'] });
    const ctx = { actor: { id: 'hoa', kind: 'user' as const, roles: ['auditor' as const], jurisdiction: null } };
    const enrol = await f.access.enrollTotp(ctx, 'hoa');
    // Pending until confirmed: login still works without a code.
    await f.access.login({ username: 'hoa', password: STRONG });
    await f.access.confirmTotp('hoa', totpAt(enrol.secret, f.clock.now), ctx);
    expect((await failure(f.access.login({ username: 'hoa', password: STRONG }))).code).toBe('AUTH.TOTP_REQUIRED');
    f.clock.advanceMinutes(1);
    await f.access.login({ username: 'hoa', password: STRONG, totp: totpAt(enrol.secret, f.clock.now) });
  });
});

describe(`login backoff per (account, address) on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await createAccessFixture({ maxFailedLogins: 3, lockoutMinutes: 15 });
    await f.access.createUser(ADMIN_CTX, { username: 'giang', password: STRONG, roles: ['viewer'] });
  });
  afterAll(async () => f.destroy());

  const attempt = (password: string, address: string) =>
    f.access.login({ username: 'giang', password, address, client: `${address} test` });

  it('blocks only the address the failures came from; the owner signs in from another', async () => {
    for (let i = 0; i < 2; i++) await failure(attempt(`wrong-${i}-password`, '203.0.113.9'));
    const third = await failure(attempt('wrong-2-password', '203.0.113.9'));
    expect(third.code).toBe('AUTH.LOCKED');
    expect((await failure(attempt(STRONG, '203.0.113.9'))).code).toBe('AUTH.LOCKED');
    const own = await attempt(STRONG, '10.0.0.7');
    expect(own.user.username).toBe('giang');
    const locked = f.events.find((e) => e.type === 'login.locked');
    expect(locked?.details).toMatchObject({ address: '203.0.113.9', failures: 3 });
  });

  it('counts failures of each address separately', async () => {
    // Two failures from each of three addresses: none reaches three, nobody is blocked.
    for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      for (let i = 0; i < 2; i++)
        expect((await failure(attempt(`bad-${i}-password`, a))).code).toBe('AUTH.INVALID_CREDENTIALS');
    }
    for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await attempt(STRONG, a);
  });

  it('lets an administrator unlock every address at once, audited; others may not', async () => {
    for (let i = 0; i < 3; i++) await failure(attempt(`x-${i}-password`, '198.51.100.4'));
    expect((await f.access.getUser(ADMIN_CTX, 'giang')).lockedUntil).toBe('2026-06-01T08:15:00.000Z');
    expect((await failure(f.access.unlockUser(userCtx('giang', ['viewer']), 'giang'))).code).toBe('AUTH.FORBIDDEN');
    const u = await f.access.unlockUser(userCtx('quantri', ['national_admin']), 'giang');
    expect(u.lockedUntil).toBeNull();
    await attempt(STRONG, '198.51.100.4');
    expect(f.events.find((e) => e.type === 'user.unlocked')).toMatchObject({
      actor: 'quantri',
      username: 'giang',
      details: { addresses: 2 },
    });
    expect((await failure(f.access.unlockUser(ADMIN_CTX, 'nobody'))).code).toBe('ACCESS.USER_NOT_FOUND');
  });
});

describe(`failures far apart do not add up on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await createAccessFixture({ maxFailedLogins: 3, lockoutMinutes: 15 });
    await f.access.createUser(ADMIN_CTX, { username: 'hoa', password: STRONG, roles: ['viewer'] });
  });
  afterAll(async () => f.destroy());

  it('starts the count again after a quiet spell as long as a block', async () => {
    const attempt = (password: string) => f.access.login({ username: 'hoa', password, address: '10.3.3.3' });
    await failure(attempt('typo-1-password'));
    await failure(attempt('typo-2-password'));
    f.clock.advanceMinutes(16);
    // A third failure 16 minutes later is the first of a new count, not a block.
    expect((await failure(attempt('typo-3-password'))).code).toBe('AUTH.INVALID_CREDENTIALS');
    expect((await failure(attempt('typo-4-password'))).code).toBe('AUTH.INVALID_CREDENTIALS');
    expect((await failure(attempt('typo-5-password'))).code).toBe('AUTH.LOCKED');
  });
});

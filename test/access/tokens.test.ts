// API tokens: created once in clear, stored as a digest, listed without the token, revoked; a token acts as its
// user with the user's current rights, and stops with a disabled user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { sha256Hex } from '../../src/modules/access/access.tokens.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, STRONG, userCtx } from './fixture.ts';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

describe(`API tokens on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  const mai = userCtx('mai', ['provincial_officer'], '79');
  beforeAll(async () => {
    f = await createAccessFixture();
    await f.access.createUser(ADMIN_CTX, {
      username: 'mai',
      password: STRONG,
      roles: ['provincial_officer'],
      jurisdiction: '79',
    });
    await f.access.createUser(ADMIN_CTX, { username: 'nam', password: STRONG, roles: ['viewer'] });
  });
  afterAll(async () => f.destroy());

  it('creates a token shown once and stores only its digest and prefix', async () => {
    const t = await f.access.createToken(mai, 'nightly export');
    expect(t.token).toMatch(/^prt_[A-Za-z0-9_-]{43}$/);
    expect(t.name).toBe('nightly export');
    const row = await f.t.db.selectFrom('api_token').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(t.token));
    expect(row.prefix).toBe(t.token.slice(0, 8));
    expect(JSON.stringify(row)).not.toContain(t.token);
  });

  it('resolves a bearer token to its user as actor, and records its use', async () => {
    const t = await f.access.createToken(mai, 'script');
    expect(await f.access.resolveBearer(t.token)).toEqual({
      id: 'mai',
      kind: 'user',
      roles: ['provincial_officer'],
      jurisdiction: '79',
    });
    const [listed] = (await f.access.listTokens(mai)).filter((x) => x.id === t.id);
    expect(listed).toMatchObject({
      name: 'script',
      prefix: t.token.slice(0, 8),
      lastUsedAt: '2026-06-01T08:00:00.000Z',
    });
    expect(JSON.stringify(await f.access.listTokens(mai))).not.toMatch(/prt_[A-Za-z0-9_-]{20,}/);
    expect(await codeOf(f.access.resolveBearer('prt_unknown'))).toBe('AUTH.UNAUTHENTICATED');
    expect(await codeOf(f.access.resolveBearer(t.token.slice(4)))).toBe('AUTH.UNAUTHENTICATED');
  });

  it('revokes a token; others cannot see or revoke it', async () => {
    const t = await f.access.createToken(mai, 'to revoke');
    const nam = userCtx('nam', ['viewer']);
    expect((await f.access.listTokens(nam)).map((x) => x.id)).not.toContain(t.id);
    expect(await codeOf(f.access.revokeToken(nam, t.id))).toBe('ACCESS.TOKEN_NOT_FOUND');
    expect(await codeOf(f.access.listTokens(nam, 'mai'))).toBe('AUTH.FORBIDDEN');
    await f.access.revokeToken(mai, t.id);
    expect(await codeOf(f.access.resolveBearer(t.token))).toBe('AUTH.UNAUTHENTICATED');
    const [listed] = (await f.access.listTokens(mai)).filter((x) => x.id === t.id);
    expect(listed?.revokedAt).toBe('2026-06-01T08:00:00.000Z');
    expect(await codeOf(f.access.revokeToken(mai, 999_999))).toBe('ACCESS.TOKEN_NOT_FOUND');
  });

  it('lets the local administrator create, list and revoke tokens for any user', async () => {
    const t = await f.access.createToken(ADMIN_CTX, 'ops', 'nam');
    expect((await f.access.resolveBearer(t.token)).id).toBe('nam');
    expect((await f.access.listTokens(ADMIN_CTX, '*')).map((x) => x.username)).toEqual(
      expect.arrayContaining(['mai', 'nam']),
    );
    expect((await f.access.listTokens(ADMIN_CTX, 'nam')).map((x) => x.name)).toEqual(['ops']);
    expect(await codeOf(f.access.createToken(ADMIN_CTX, 'x', 'nobody'))).toBe('ACCESS.USER_NOT_FOUND');
    expect(await codeOf(f.access.createToken(userCtx('nam', ['viewer']), 'x', 'mai'))).toBe('AUTH.FORBIDDEN');
  });

  it('applies a rescope at once and refuses a disabled user', async () => {
    const t = await f.access.createToken(mai, 'scoped');
    await f.access.rescopeUser(ADMIN_CTX, 'mai', { roles: ['commune_officer'], jurisdiction: '26734' });
    expect(await f.access.resolveBearer(t.token)).toMatchObject({ roles: ['commune_officer'], jurisdiction: '26734' });
    await f.access.disableUser(ADMIN_CTX, 'mai');
    expect(await codeOf(f.access.resolveBearer(t.token))).toBe('AUTH.DISABLED');
    expect(await codeOf(f.access.createToken(ADMIN_CTX, 'x', 'mai'))).toBe('AUTH.DISABLED');
    await f.access.enableUser(ADMIN_CTX, 'mai');
    expect((await f.access.resolveBearer(t.token)).id).toBe('mai');
  });

  it('issues a token at login when asked', async () => {
    const r = await f.access.login({ username: 'nam', password: STRONG, issueToken: true });
    expect(r.token?.token).toMatch(/^prt_/);
    expect((await f.access.resolveBearer(r.token!.token)).id).toBe('nam');
  });

  it('checks the token name', async () => {
    const err = await f.access.createToken(mai, '   ').catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'VALIDATION',
      violations: [{ field: 'name', rule: 'name.length', value: '   ' }],
    });
  });
});

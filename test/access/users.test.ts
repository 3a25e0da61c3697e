// Account creation and changes: the rules, their refusals (field, rule, value), who may manage accounts, and
// the first administrator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, STRONG, userCtx } from './fixture.ts';

async function violationsOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).violations;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
}

describe(`accounts on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await createAccessFixture();
  });
  afterAll(async () => f.destroy());

  it('creates a commune officer scoped to a commune, without TOTP', async () => {
    const made = await f.access.createUser(ADMIN_CTX, {
      username: 'an.nguyen',
      displayName: 'Nguyễn Văn An',
      password: STRONG,
      roles: ['commune_officer'],
      jurisdiction: '26734',
    });
    expect(made.user).toMatchObject({
      username: 'an.nguyen',
      displayName: 'Nguyễn Văn An',
      roles: ['commune_officer'],
      jurisdiction: '26734',
      totpEnabled: false,
      disabled: false,
    });
    expect(made.password).toBeUndefined();
    expect(made.totp).toBeUndefined();
    expect(f.events.at(-1)).toMatchObject({ type: 'user.created', actor: 'cli', username: 'an.nguyen' });
  });

  it('refuses bad user names, weak passwords, unknown roles and wrong jurisdictions, naming field, rule and value', async () => {
    const v = await violationsOf(
      f.access.createUser(ADMIN_CTX, { username: 'An Nguyen', password: 'short', roles: ['mayor'], jurisdiction: '1' }),
    );
    const byRule = Object.fromEntries(v.map((x) => [x.rule, x]));
    expect(byRule['username.format']).toMatchObject({ field: 'username', value: 'An Nguyen' });
    expect(byRule['password.length']).toMatchObject({ field: 'password' });
    expect(byRule['password.length']).not.toHaveProperty('value');
    expect(byRule['roles.unknown']).toMatchObject({ field: 'roles.0', value: 'mayor' });
  });

  it('refuses a password equal to the user name, without echoing it', async () => {
    const v = await violationsOf(
      f.access.createUser(ADMIN_CTX, { username: 'long.username1', password: 'Long.Username1', roles: ['viewer'] }),
    );
    expect(v).toEqual([{ field: 'password', rule: 'password.equals_username', message: 'must not be the user name' }]);
  });

  it('checks the jurisdiction each role needs', async () => {
    const cases: [string[], string | null, string][] = [
      [['national_admin'], '01', 'jurisdiction.national_admin'],
      [['provincial_officer'], null, 'jurisdiction.required'],
      [['provincial_officer'], '26734', 'jurisdiction.level'],
      [['commune_officer'], '01', 'jurisdiction.level'],
      [['commune_officer'], null, 'jurisdiction.required'],
      [['viewer'], 'abc', 'jurisdiction.format'],
      [['provincial_officer'], '02', 'unit.unknown'],
      [[], null, 'roles.empty'],
    ];
    for (const [roles, jurisdiction, rule] of cases) {
      const v = await violationsOf(
        f.access.createUser(ADMIN_CTX, { username: 'someone', password: STRONG, roles, jurisdiction }),
      );
      expect(
        v.map((x) => x.rule),
        `${roles} ${jurisdiction}`,
      ).toEqual([rule]);
      if (jurisdiction !== null && rule.startsWith('jurisdiction'))
        expect(v[0]).toMatchObject({ field: 'jurisdiction', value: jurisdiction });
    }
    expect(await codeOf(f.access.getUser(ADMIN_CTX, 'someone'))).toBe('ACCESS.USER_NOT_FOUND');
  });

  it('gives a national administrator TOTP at creation, and generates a password when none is given', async () => {
    const made = await f.access.createUser(ADMIN_CTX, { username: 'chief', roles: ['national_admin'] });
    expect(made.user.totpEnabled).toBe(true);
    expect(made.user.jurisdiction).toBeNull();
    expect(made.password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(made.totp?.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(made.totp?.otpauthUri).toMatch(/^otpauth:\/\/totp\/popreg:chief\?secret=[A-Z2-7]+.*issuer=popreg/);
  });

  it('refuses an existing user name with ACCESS.USER_EXISTS', async () => {
    expect(
      await codeOf(f.access.createUser(ADMIN_CTX, { username: 'an.nguyen', password: STRONG, roles: ['viewer'] })),
    ).toBe('ACCESS.USER_EXISTS');
  });

  it('lets only user.manage actors create, list, rescope and disable accounts', async () => {
    const officer = userCtx('an.nguyen', ['commune_officer'], '26734');
    const input = { username: 'other', password: STRONG, roles: ['viewer'] };
    expect(await codeOf(f.access.createUser(officer, input))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.access.listUsers(officer))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.access.rescopeUser(officer, 'an.nguyen', { roles: ['national_admin'] }))).toBe(
      'AUTH.FORBIDDEN',
    );
    expect(await codeOf(f.access.disableUser(officer, 'chief'))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.access.getUser(officer, 'chief'))).toBe('AUTH.FORBIDDEN');
    // One's own account is readable.
    expect((await f.access.getUser(officer, 'an.nguyen')).username).toBe('an.nguyen');
  });

  it('lists users without hashes or secrets', async () => {
    const users = await f.access.listUsers(ADMIN_CTX);
    expect(users.map((u) => u.username)).toEqual(['an.nguyen', 'chief']);
    const text = JSON.stringify(users);
    expect(text).not.toMatch(/argon2|password_hash|passwordHash|totp_secret|totpSecret|v1\./);
  });

  it('rescopes: roles and jurisdiction are checked together', async () => {
    const v = await violationsOf(f.access.rescopeUser(ADMIN_CTX, 'an.nguyen', { roles: ['provincial_officer'] }));
    expect(v[0]).toMatchObject({ field: 'jurisdiction', rule: 'jurisdiction.level', value: '26734' });
    const u = await f.access.rescopeUser(ADMIN_CTX, 'an.nguyen', { roles: ['provincial_officer'], jurisdiction: '79' });
    expect(u).toMatchObject({ roles: ['provincial_officer'], jurisdiction: '79' });
    expect(await codeOf(f.access.rescopeUser(ADMIN_CTX, 'nobody', { jurisdiction: '01' }))).toBe(
      'ACCESS.USER_NOT_FOUND',
    );
  });

  it('never disables or demotes the last enabled national administrator', async () => {
    const v = await violationsOf(f.access.disableUser(ADMIN_CTX, 'chief'));
    expect(v[0]).toMatchObject({ field: 'disabled', rule: 'user.last_admin', value: 'chief' });
    const w = await violationsOf(f.access.rescopeUser(ADMIN_CTX, 'chief', { roles: ['viewer'] }));
    expect(w[0]).toMatchObject({ field: 'roles', rule: 'user.last_admin' });
    expect((await f.access.getUser(ADMIN_CTX, 'chief')).roles).toEqual(['national_admin']);
  });

  it('disables and enables an account', async () => {
    expect((await f.access.disableUser(ADMIN_CTX, 'an.nguyen')).disabled).toBe(true);
    const back = await f.access.enableUser(ADMIN_CTX, 'an.nguyen');
    expect(back).toMatchObject({ disabled: false, disabledAt: null });
  });

  it('creates the initial admin once, with TOTP; not again when a national administrator exists', async () => {
    const fresh = await createAccessFixture();
    try {
      const first = await fresh.access.ensureInitialAdmin({});
      expect(first).toMatchObject({ created: true, username: 'admin' });
      expect(first.password).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(first.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
      expect(first.otpauthUri).toContain('popreg:admin');
      expect(await fresh.access.ensureInitialAdmin({ password: STRONG })).toEqual({
        created: false,
        username: 'admin',
      });
      const admin = await fresh.access.getUser(ADMIN_CTX, 'admin');
      expect(admin).toMatchObject({ roles: ['national_admin'], totpEnabled: true, jurisdiction: null });
    } finally {
      await fresh.destroy();
    }
  });

  it('uses the given initial password, under the same policy', async () => {
    const fresh = await createAccessFixture();
    try {
      const v = await violationsOf(fresh.access.ensureInitialAdmin({ password: 'admin' }));
      expect(v.map((x) => x.rule).sort()).toEqual(['password.equals_username', 'password.length']);
      const made = await fresh.access.ensureInitialAdmin({ password: STRONG });
      expect(made.created).toBe(true);
      expect(made.password).toBeUndefined();
    } finally {
      await fresh.destroy();
    }
  });
});

// Secrets at rest: passwords only as argon2id hashes, never in clear in any column of any table, in an error or
// in an event; TOTP secrets encrypted with AES-256-GCM under the configured key or the per-database key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../src/modules/access/access.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type AccessFixture, ADMIN_CTX, createAccessFixture, dumpDatabase, totpAt, userCtx } from './fixture.ts';

const PASSWORD = 'Mật-khẩu rất dài 2026';
const NEW_PASSWORD = 'another-Secret-phrase-9';

async function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe(`secrets at rest on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  const errors: unknown[] = [];
  let totpSecret: string;
  beforeAll(async () => {
    f = await createAccessFixture();
    const made = await f.access.createUser(ADMIN_CTX, {
      username: 'quang',
      password: PASSWORD,
      roles: ['national_admin'],
    });
    totpSecret = made.totp!.secret;
    await f.access.createUser(ADMIN_CTX, { username: 'son', password: PASSWORD, roles: ['viewer'] });
    // Every path a password travels: success, failures, lockout, refusals by policy, self-service change.
    await f.access.login({ username: 'quang', password: PASSWORD, totp: totpAt(totpSecret, f.clock.now) });
    await f.access.login({ username: 'son', password: PASSWORD });
    errors.push(await caught(f.access.login({ username: 'son', password: `${PASSWORD}x` })));
    errors.push(await caught(f.access.login({ username: 'nobody', password: PASSWORD })));
    errors.push(await caught(f.access.login({ username: 'quang', password: PASSWORD })));
    errors.push(
      await caught(f.access.createUser(ADMIN_CTX, { username: 'tam', password: 'short', roles: ['viewer'] })),
    );
    errors.push(
      await caught(f.access.createUser(ADMIN_CTX, { username: 'son', password: PASSWORD, roles: ['viewer'] })),
    );
    errors.push(await caught(f.access.setPassword(userCtx('son', ['viewer']), 'son', NEW_PASSWORD, `${PASSWORD}?`)));
    errors.push(
      await caught(
        f.access.createUser(ADMIN_CTX, { username: 'ut.ut.ut.ut', password: 'ut.ut.ut.ut', roles: ['viewer'] }),
      ),
    );
    await f.access.setPassword(userCtx('son', ['viewer']), 'son', NEW_PASSWORD, PASSWORD);
    for (let i = 0; i < 5; i++) errors.push(await caught(f.access.login({ username: 'son', password: PASSWORD })));
  });
  afterAll(async () => f.destroy());

  it('stores argon2id hashes', async () => {
    const rows = await f.t.db.selectFrom('app_user').select(['username', 'password_hash']).execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
  });

  it('never stores a password in clear, in any column of any table', async () => {
    const dump = await dumpDatabase(f.t);
    expect(dump).toContain('app_user');
    for (const secret of [PASSWORD, NEW_PASSWORD, `${PASSWORD}x`, 'ut.ut.ut.ut"']) expect(dump).not.toContain(secret);
  });

  it('never puts a password in an error message, error details or an event', () => {
    expect(errors.filter((e) => e !== undefined)).toHaveLength(errors.length);
    const text = JSON.stringify([
      errors.map((e) => ({ message: (e as Error).message, details: (e as { details?: unknown }).details })),
      f.events,
    ]);
    expect(text).toContain('AUTH.INVALID_CREDENTIALS');
    for (const secret of [PASSWORD, NEW_PASSWORD, 'short', '"ut.ut.ut.ut"']) expect(text).not.toContain(secret);
  });

  it('encrypts TOTP secrets under the per-database key when no key is configured', async () => {
    const dump = await dumpDatabase(f.t);
    expect(dump).not.toContain(totpSecret);
    const row = await f.t.db
      .selectFrom('app_user')
      .select('totp_secret')
      .where('username', '=', 'quang')
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    const keys = await f.t.db.selectFrom('app_secret').selectAll().execute();
    expect(keys.map((k) => k.name)).toEqual(['access.totp_key']);
    // Another process on the same database reads it with the same stored key.
    const other = new AccessService({ db: f.t.db, clock: () => new Date(f.clock.now + 60_000) });
    const r = await other.login({
      username: 'quang',
      password: PASSWORD,
      totp: totpAt(totpSecret, f.clock.now + 60_000),
    });
    expect(r.user.username).toBe('quang');
  });

  it('binds a ciphertext to its account: copied onto another row it does not decrypt', async () => {
    const { totp_secret } = await f.t.db
      .selectFrom('app_user')
      .select('totp_secret')
      .where('username', '=', 'quang')
      .executeTakeFirstOrThrow();
    await f.access.enableUser(ADMIN_CTX, 'son');
    await f.t.db.updateTable('app_user').set({ totp_secret, totp_enabled: 1 }).where('username', '=', 'son').execute();
    const err = await caught(f.access.login({ username: 'son', password: NEW_PASSWORD, totp: '123456' }));
    expect(String(err)).toMatch(/unable to authenticate data/);
  });
});

describe(`configured TOTP key on ${TEST_DIALECT}`, () => {
  let f: AccessFixture;
  const KEY = `${'k'.repeat(16)}configured-key-material`;
  beforeAll(async () => {
    f = await createAccessFixture({ secretKey: KEY });
  });
  afterAll(async () => f.destroy());

  it('refuses key material shorter than 32 characters', () => {
    expect(() => new AccessService({ db: f.t.db, settings: { secretKey: 'short' } })).toThrow(/at least 32/);
  });

  it('encrypts with the configured key, creates no database key, and needs that key to read', async () => {
    const made = await f.access.createUser(ADMIN_CTX, {
      username: 'vinh',
      password: 'a long enough password',
      roles: ['national_admin'],
    });
    expect(await f.t.db.selectFrom('app_secret').selectAll().execute()).toEqual([]);
    expect(await dumpDatabase(f.t)).not.toContain(made.totp!.secret);
    const login = {
      username: 'vinh',
      password: 'a long enough password',
      totp: totpAt(made.totp!.secret, f.clock.now),
    };
    const wrongKey = new AccessService({
      db: f.t.db,
      clock: () => new Date(f.clock.now),
      settings: { secretKey: `${KEY}-other` },
    });
    expect(String(await caught(wrongKey.login(login)))).toMatch(/neither the configured key nor the database key/);
    await f.access.login(login);
  });

  it('still reads secrets made under the database key after a key is configured', async () => {
    const before = new AccessService({ db: f.t.db, clock: () => new Date(f.clock.now) });
    const made = await before.createUser(ADMIN_CTX, {
      username: 'xuan',
      password: 'a long enough password',
      roles: ['national_admin'],
    });
    expect((await f.t.db.selectFrom('app_secret').selectAll().execute()).length).toBe(1);
    f.clock.advanceMinutes(1);
    await f.access.login({
      username: 'xuan',
      password: 'a long enough password',
      totp: totpAt(made.totp!.secret, f.clock.now),
    });
  });
});

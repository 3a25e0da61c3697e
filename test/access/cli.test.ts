// `popreg user …` and `popreg token …` as an operator runs them: output, exit codes, passwords shown once.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../src/modules/access/access.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { dumpDatabase } from './fixture.ts';

function popreg(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/access/fixtures/access-cli.mts', ...args], {
      env: { ...process.env, POPREG_TODAY: '2026-06-01' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe(`access commands on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let db: string[];
  beforeAll(async () => {
    t = await createTestDatabase();
    db = ['--db', t.url];
  });
  afterAll(async () => t.destroy());

  it('adds a user with a password from standard input, and a national administrator with a generated one', async () => {
    // No reference data is loaded here, so the officer's jurisdiction cannot be checked: a viewer is national.
    const added = await popreg(
      [
        'user',
        'add',
        'hanh',
        '--role',
        'viewer',
        '--role',
        'auditor',
        '--name',
        'Trần Hạnh',
        '--password-stdin',
        ...db,
      ],
      'hanh password from stdin\n',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/created hanh\s+viewer,auditor\s+country/);
    expect(added.stdout).not.toContain('password');
    const access = new AccessService({ db: t.db });
    expect((await access.login({ username: 'hanh', password: 'hanh password from stdin' })).user.displayName).toBe(
      'Trần Hạnh',
    );

    const admin = await popreg(['user', 'add', 'boss', '--role', 'national_admin', ...db]);
    expect(admin.code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(admin.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(admin.stdout).toMatch(/TOTP secret .*: [A-Z2-7]{32}/);
    expect(admin.stdout).toContain('otpauth://totp/popreg:boss');
    expect(await dumpDatabase(t)).not.toContain(password!);
  });

  it('refuses bad input with a one-line reason naming field and rule, exit code 1', async () => {
    const r = await popreg(['user', 'add', 'Bad Name', '--role', 'mayor', ...db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('username: 3 to 40 characters');
    expect(r.stderr).toContain('[username.format]');
    expect(r.stderr).toContain('[roles.unknown]');
    const dup = await popreg(['user', 'add', 'hanh', '--role', 'viewer', ...db]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('[ACCESS.USER_EXISTS]');
  });

  it('lists, rescopes, disables and enables users', async () => {
    const r1 = await popreg(['user', 'rescope', 'hanh', '--role', 'card_officer', ...db]);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toMatch(/hanh\s+card_officer/);
    expect((await popreg(['user', 'disable', 'hanh', ...db])).stdout).toMatch(/hanh .* disabled/);
    const list = await popreg(['user', 'list', '--json', ...db]);
    const users = JSON.parse(list.stdout) as { username: string; disabled: boolean }[];
    expect(users.map((u) => [u.username, u.disabled])).toEqual([
      ['boss', false],
      ['hanh', true],
    ]);
    expect(list.stdout).not.toMatch(/argon2|totp_?secret/i);
    expect((await popreg(['user', 'enable', 'hanh', ...db])).stdout).toMatch(/hanh .* active/);
    const last = await popreg(['user', 'disable', 'boss', ...db]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('[user.last_admin]');
  });

  it('creates, lists and revokes API tokens', async () => {
    const created = await popreg(['token', 'create', 'hanh', 'nightly sync', ...db]);
    expect(created.code).toBe(0);
    const token = /^(prt_\S+)$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const id = /token (\d+)/.exec(created.stdout)?.[1];
    const list = await popreg(['token', 'list', ...db]);
    expect(list.stdout).toContain('nightly sync');
    expect(list.stdout).toContain(token!.slice(0, 8));
    expect(list.stdout).not.toContain(token!);
    expect((await popreg(['token', 'revoke', id!, ...db])).stdout).toContain(`token ${id} revoked`);
    const access = new AccessService({ db: t.db });
    await expect(access.resolveBearer(token!)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const unknown = await popreg(['token', 'revoke', '9999', ...db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[ACCESS.TOKEN_NOT_FOUND]');
  });

  it('creates a token with an expiry and scopes, and refuses bad ones', async () => {
    const r = await popreg([
      'token',
      'create',
      'hanh',
      'read only',
      '--expires-days',
      '7',
      '--scope',
      'read,audit',
      ...db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/for hanh, read,audit, expires \d{4}-\d{2}-\d{2}T/);
    const token = /^(prt_\S+)$/m.exec(r.stdout)?.[1];
    const access = new AccessService({ db: t.db });
    const auth = await access.resolveBearerAuth(token!);
    expect(auth.scopes).toEqual(['read', 'audit']);
    const days = (Date.parse(auth.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    const list = await popreg(['token', 'list', 'hanh', ...db]);
    expect(list.stdout).toMatch(/read only\s+read,audit\s+expires/);
    const badScope = await popreg(['token', 'create', 'hanh', 'x', '--scope', 'read,admin', ...db]);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain('--scope');
    const badDays = await popreg(['token', 'create', 'hanh', 'x', '--expires-days', '0', ...db]);
    expect(badDays.code).toBe(1);
    expect(badDays.stderr).toContain('--expires-days');
  });

  it('unlocks a user blocked from an address', async () => {
    const access = new AccessService({ db: t.db, settings: { maxFailedLogins: 2 } });
    for (let i = 0; i < 2; i++) {
      await access
        .login({ username: 'hanh', password: `sai mật khẩu ${i}`, address: '10.9.8.7' })
        .catch(() => undefined);
    }
    await expect(
      access.login({ username: 'hanh', password: 'hanh password from stdin', address: '10.9.8.7' }),
    ).rejects.toMatchObject({ code: 'AUTH.LOCKED' });
    const r = await popreg(['user', 'unlock', 'hanh', ...db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/hanh .* active/);
    const ok = await access.login({ username: 'hanh', password: 'hanh password from stdin', address: '10.9.8.7' });
    expect(ok.user.username).toBe('hanh');
  });
});

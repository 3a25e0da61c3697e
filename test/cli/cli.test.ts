// The CLI as a user runs it: command names, output, exit codes, --db on every command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';

const exec = promisify(execFile);

async function popreg(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, POPREG_TODAY: '2026-06-01', ...env },
      maxBuffer: 20_000_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pin check (no database needed)', () => {
  it('explains 001093047064: Hà Nội, male, born 1993, valid', async () => {
    const r = await popreg(['pin', 'check', '001093047064']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hà Nội');
    expect(r.stdout).toContain('Nam (male)');
    expect(r.stdout).toContain('1993');
    expect(r.stdout).toMatch(/validity\s+valid/);
  });
  it('rejects a PIN that contradicts the record, with the reasons, exit code 1', async () => {
    const r = await popreg(['pin', 'check', '001093047064', '--sex', 'F', '--dob', '1994-01-05']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toContain('[pin.century_sex]');
    expect(r.stdout).toContain('[pin.year]');
  });
  it('rejects a malformed PIN and an unknown province code', async () => {
    const bad = await popreg(['pin', 'check', '00109304706']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[pin.format]');
    const unknown = await popreg(['pin', 'check', '003093047064', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).reasons[0].rule).toBe('pin.province');
  });
});

describe(`registry commands on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let file: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    file = `${(await import('node:os')).tmpdir()}/popreg-cli-${process.pid}.csv`;
  }, 120_000);
  afterAll(async () => {
    await t.destroy();
    (await import('node:fs')).rmSync(file, { force: true });
  });

  it('runs init, generate, load, stats, person search/get/history with --db', async () => {
    expect((await popreg(['init', '--db', t.url])).code).toBe(0);
    const gen = await popreg([
      'generate',
      '--people',
      '500',
      '--province',
      '40',
      '--seed',
      '3',
      '--out',
      file,
      '--db',
      t.url,
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    const load = await popreg(['load', file, '--db', t.url, '--json'], { POPREG_TODAY: '2026-05-01' });
    expect(load.code, load.stderr).toBe(0);
    const report = JSON.parse(load.stdout);
    expect(report.loaded).toBe(500);
    const stats = await popreg(['stats', '--by', 'province', '--db', t.url]);
    expect(stats.stdout).toContain('persons 500');
    expect(stats.stdout).toMatch(/40\s+Tỉnh Nghệ An\s+\d+/);
    const people = await t.db
      .selectFrom('person')
      .select(['pin', 'full_name'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const folded = people.full_name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase();
    const search = await popreg(['person', 'search', ...folded.split(' '), '--unit', '40', '--db', t.url]);
    expect(search.stdout).toContain(people.pin);
    const get = await popreg(['person', 'get', people.pin, '--db', t.url]);
    expect(get.stdout).toContain(people.full_name);
    const history = await popreg(['person', 'history', people.pin, '--db', t.url]);
    expect(history.stdout).toContain('#1 registration');
  }, 120_000);

  it('fails with a one-line reason and a non-zero exit code', async () => {
    const r = await popreg(['person', 'get', '12', '--db', t.url]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('pin: must be 12 digits [pin.format]');
    const missing = await popreg(['person', 'get', '001099999999', '--db', t.url]);
    expect(missing.stderr).toContain('REGISTRY.PERSON_NOT_FOUND');
  });
});

// `popreg quality` as an officer runs it: computes the scores when none exist (progress on stderr), prints a
// table with Vietnamese unit names and the four principles, says "not run" for clean before deduplication,
// recomputes with --refresh, drills into a province's communes, prints JSON, and fails with one line on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPopreg } from '../helpers/cli.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';
import { COMMUNE_A, seedDedup, seedPersons } from './fixture.ts';

function popreg(args: string[]) {
  return runPopreg(args, { POPREG_TODAY: TEST_TODAY });
}

describe(`popreg quality on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let ids: Record<string, number>;
  beforeAll(async () => {
    f = await createRegistryFixture();
    ids = (await seedPersons(f)).ids;
  }, 120_000);
  afterAll(async () => f.destroy());

  it('computes on first use and prints the provinces with Vietnamese names; clean "not run"', async () => {
    const r = await popreg(['quality', '--db', f.t.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/scoring persons: 100%/);
    expect(r.stdout).toContain('Chất lượng dữ liệu dân cư — Toàn quốc');
    expect(r.stdout).toContain('12 living persons');
    expect(r.stdout).toContain('deduplication: not run');
    expect(r.stdout).toContain('deaths against active identity cards: not available');
    expect(r.stdout).toMatch(/code\s+name\s+persons\s+correct\s+complete\s+clean\s+alive\s+>110\s+overall/);
    // Hà Nội: 9 persons, 8 correct (88.9%), 8 confirmed; clean not run; overall = mean of the other three.
    const hn = r.stdout.split('\n').find((l) => l.startsWith('01 '))!;
    expect(hn).toMatch(/^01\s+Thành phố Hà Nội\s+9\s+88\.9%\s+\d+\.\d%\s+not run\s+88\.9%\s+1\s+\d+\.\d%$/);
    expect(r.stdout).toMatch(/\n40\s+Tỉnh Nghệ An\s+2\s+50\.0%/);
    expect(r.stdout).toMatch(/\ntotal\s+Toàn quốc\s+12\s+83\.3%/);
    expect(r.stdout).toContain('1 persons are counted in the total only');
  }, 120_000);

  it('recomputes with --refresh after deduplication and drills into a province', async () => {
    await seedDedup(f, ids);
    const r = await popreg(['quality', '--refresh', '--by', 'commune', '--unit', '01', '--db', f.t.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Chất lượng dữ liệu dân cư — Thành phố Hà Nội');
    expect(r.stdout).toContain('deduplication: last run finished 2026-05-30T02:00:00.000Z');
    // Phường Ba Đình: 5 persons, 80% correct, 2 open pairs per 5 persons = 400 per 1,000 (3 of the 5 persons in a
    // pair: 40% clean), one aged over 110.
    expect(r.stdout).toMatch(
      new RegExp(
        `\\n${COMMUNE_A}\\s+Phường Ba Đình\\s+5\\s+80\\.0%\\s+\\d+\\.\\d%\\s+400\\.00/1000 \\(40\\.0%\\)\\s+80\\.0%\\s+1\\s`,
      ),
    );
    expect(r.stdout).toMatch(/\ntotal\s+Thành phố Hà Nội\s+9\s/);
  }, 120_000);

  it('prints JSON with --json, the same report as the API', async () => {
    const r = await popreg(['quality', '--unit', COMMUNE_A, '--json', '--db', f.t.url]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scope).toMatchObject({ level: 'commune', code: COMMUNE_A, name: 'Phường Ba Đình' });
    expect(report.summary).toMatchObject({ persons: 5, correct: 0.8 });
    expect(report.summary.details.openPairs).toBe(2);
    expect(report.trend).toHaveLength(2);
  }, 120_000);

  it('fails with a one-line reason on a bad level or unit', async () => {
    const by = await popreg(['quality', '--by', 'district', '--db', f.t.url]);
    expect(by.code).not.toBe(0);
    expect(by.stderr.trim().split('\n')).toHaveLength(1);
    expect(by.stderr).toContain('--by district: use province or commune');
    const unit = await popreg(['quality', '--unit', '99999', '--db', f.t.url]);
    expect(unit.code).not.toBe(0);
    expect(unit.stderr).toContain('unit: no current province or commune has code 99999 [unit.unknown]');
  }, 120_000);
});

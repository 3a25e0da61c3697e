// Acceptance: two processes allocating PINs at once never collide, even in a tiny serial space.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const run = promisify(execFile);

describe(`PIN allocation under concurrency on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  beforeAll(async () => {
    f = await createRegistryFixture();
  });
  afterAll(async () => f.destroy());

  it('gives every birth a distinct PIN when two processes allocate from the same 1,000 serials', async () => {
    const child = () =>
      run(process.execPath, ['--import', 'tsx', 'test/registry/fixtures/register-births.mts', f.t.url, '150', '1000'], {
        cwd: process.cwd(),
        maxBuffer: 10_000_000,
      }).then((r) => JSON.parse(r.stdout) as string[]);
    const [a, b] = await Promise.all([child(), child()]);
    const all = [...a, ...b];
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    for (const pin of all) expect(pin).toMatch(/^001220000\d{3}$/);
    const rows = await f.t.db.selectFrom('person_pin').select('pin').execute();
    expect(new Set(rows.map((r) => r.pin)).size).toBe(rows.length);
    expect(rows.length).toBe(300);
  }, 120_000);
});

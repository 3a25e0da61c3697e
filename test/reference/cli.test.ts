import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  describeReferenceInit,
  initReference,
  registerReferenceCommands,
} from '../../src/modules/reference/reference.cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { createReferenceDatabase } from './loaded.ts';

async function run(...args: string[]): Promise<string> {
  const program = new Command('popreg').exitOverride();
  registerReferenceCommands(program);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await program.parseAsync(args, { from: 'user' });
    return log.mock.calls.map((c) => c.join(' ')).join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('popreg unit', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createReferenceDatabase();
    const summary = await initReference(t.db);
    expect(describeReferenceInit(summary)).toMatch(
      /^reference data loaded in \d+\.\d s: admin_unit 14161, unit_succession 11358, /,
    );
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('prints the unit, its parent and its successors', async () => {
    const out = await run('unit', '00004', '--on', '2020-01-01', '--db', t.url);
    expect(out).toContain('00004 Phường Trúc Bạch [commune] valid 1945-09-02 to 2025-07-01');
    expect(out).toContain('parent:   001 Quận Ba Đình');
    expect(out).toMatch(/successors:\n {4}2025-07-01 {2}full {4}00004 Phường Ba Đình/);
  });

  it('prints predecessors of a current unit, and JSON on request', async () => {
    expect(await run('unit', '75', '--db', t.url)).toMatch(/predecessors:\n {4}2026-04-30 {2}same {4}75 Tỉnh Đồng Nai/);
    expect(JSON.parse(await run('unit', '00016', '--on', '2020-01-01', '--json', '--db', t.url)).current.kind).toBe(
      'partial',
    );
  });

  it('fails with the coded error for an unknown code', async () => {
    await expect(run('unit', '99999', '--db', t.url)).rejects.toMatchObject({ code: 'REFERENCE.UNIT_NOT_FOUND' });
  });
});

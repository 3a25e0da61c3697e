// `popreg generate` as a command: writes the files, prints plain progress lines and a summary off a terminal,
// and turns bad options into one-line reasons before writing anything.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../src/cli/context.ts';
import { registerGeneratorCommands } from '../../src/modules/generator/generator.cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'popreg-gen-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<string[]> {
  const program = new Command('popreg').exitOverride();
  registerGeneratorCommands(program);
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  await program.parseAsync(['node', 'popreg', ...args]);
  return lines;
}

describe('popreg generate', () => {
  it('writes ballots and truth, with progress lines and a summary', async () => {
    const out = join(dir, 'b.csv');
    const truth = join(dir, 't.csv');
    const lines = await run(
      'generate',
      '--people',
      '2,000',
      '--province',
      '40',
      '--seed',
      '5',
      '--duplicates',
      '0.1',
      '--errors',
      '5%',
      '--out',
      out,
      '--truth',
      truth,
      '--db',
      'sqlite:/nonexistent/x.db',
    );
    expect(lines.some((l) => /^generate: 2,000 \/ 2,000 persons \(100%\)$/.test(l))).toBe(true);
    const summary = lines.find((l) => l.startsWith('wrote '))!;
    expect(summary).toMatch(
      /^wrote 2,\d{3} ballots to .*b\.csv: 2,000 persons in [\d,]+ households, \d+ duplicates, \d+ with an injected error \(\d+\.\d s\)$/,
    );
    expect(lines).toContain(`truth: ${truth}`);
    const body = readFileSync(out, 'utf8').trim().split('\n');
    expect(body.length).toBeGreaterThan(2_100);
    expect(body[1]!.split(',')[1]).toMatch(/^H40\d{8}$/);
    expect(readFileSync(truth, 'utf8').trim().split('\n').length).toBe(body.length);
  });

  it.each([
    [['--province', '99'], /^--province 99: not a current province code \(01, 04, 08, .*, 96\)$/],
    [['--people', 'many'], /^--people many: must be a whole number$/],
    [['--people', '0'], /^--people 0: must be a whole number from 1 to/],
    [['--duplicates', '1.5'], /^--duplicates 1\.5: must be a rate between 0 and 1$/],
    [['--errors', 'x'], /^--errors x: must be a rate/],
    [['--ref-date', '2024-01-01'], /^--ref-date 2024-01-01: must be between 2025-07-01 and 2099-12-31$/],
    [['--today', '2026-02-30'], /^--today 2026-02-30: not a date YYYY-MM-DD$/],
  ])('rejects %j with a one-line reason and writes nothing', async (bad, message) => {
    const out = join(dir, `bad-${bad.join('')}.csv`);
    const args = ['generate', '--people', '100', '--out', out, ...bad];
    const err = await run(...args).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(describeError(err)).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('documents its options in the help text', () => {
    const program = new Command('popreg');
    registerGeneratorCommands(program);
    const help = program.commands.find((c) => c.name() === 'generate')!.helpInformation();
    for (const flag of ['--people', '--province', '--seed', '--duplicates', '--errors', '--out', '--truth', '--db'])
      expect(help).toContain(flag);
  });
});

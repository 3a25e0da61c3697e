// `popreg link` as users run it: files in, pairs and clusters out, one-line errors for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinkCommandOptions, linkCommand } from '../../src/modules/linkage/link.cli.ts';
import { DATA } from './data.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'popreg-link-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(o: Partial<LinkCommandOptions>): Promise<string[]> {
  const lines: string[] = [];
  await linkCommand({ input: [], out: join(dir, 'pairs.csv'), threads: '1', ...o }, (l) => lines.push(l));
  return lines;
}

describe('popreg link', () => {
  it('dedupes a file, prints the config it chose, the blocking table and the quality figures, and writes pairs and clusters', async () => {
    const out = join(dir, 'pairs.csv');
    const clusters = join(dir, 'clusters.csv');
    const lines = await run({ input: [DATA.febrl1], out, clusters, truthColumn: 'rec_id' });
    const text = lines.join('\n');
    expect(text).toContain('no --config given');
    expect(text).toMatch(/blocking rule +blocks +largest +pairs/);
    expect(text).toMatch(/blocking recall 100\.00%/);
    const f1 = Number(/pairs at p ≥ 0\.9: .*F1 ([\d.]+)/.exec(text)![1]);
    expect(f1).toBeGreaterThanOrEqual(0.95);
    const pairs = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(pairs[0]!).slice(0, 4)).toEqual(['id_l', 'id_r', 'probability', 'match_weight']);
    expect(Object.keys(pairs[0]!)).toContain('date_of_birth_level');
    expect(pairs.every((p) => Number(p.probability) >= 0.9)).toBe(true);
    const c = parse(readFileSync(clusters, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(c[0]!)).toEqual(['id', 'cluster']);
    expect(c).toHaveLength(1000);
    const byId = new Map(c.map((r) => [r.id, r.cluster]));
    expect(byId.get('rec-10-org')).toBe(byId.get('rec-10-dup-0'));

    // The printed config is valid and gives the same result when passed back.
    const config = text.slice(text.indexOf('{\n'), text.indexOf('\n}') + 2);
    writeFileSync(join(dir, 'link.json'), config);
    const again = await run({
      input: [DATA.febrl1],
      out,
      config: join(dir, 'link.json'),
      truthColumn: 'rec_id',
      quiet: true,
    });
    expect(again.join('\n')).toContain(`F1 ${f1.toFixed(4)}`);
  });

  it('extracts entity keys with a --truth-pattern', async () => {
    const lines = await run({
      input: [DATA.febrl1],
      truthColumn: 'rec_id',
      truthPattern: '^rec-(\\d+)',
      threshold: '0.95',
      quiet: true,
    });
    expect(lines.join('\n')).toMatch(/true pairs: 500;/);
  });

  it('rejects bad options and files with one-line reasons', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const headerOnly = join(dir, 'header.csv');
    writeFileSync(headerOnly, 'id,given_name\n');
    const badConfig = join(dir, 'bad.json');
    writeFileSync(
      badConfig,
      JSON.stringify({ fields: [{ name: 'nickname', type: 'given' }], blocking: [['nickname']] }),
    );
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ fields: ');
    const cases: [Partial<LinkCommandOptions>, RegExp][] = [
      [{ input: [join(dir, 'missing.csv')] }, /cannot read input .*missing\.csv: no such file/],
      [{ input: [empty] }, /empty\.csv is empty/],
      [{ input: [headerOnly] }, /has a header but no records/],
      [{ input: [DATA.febrl1], config: badConfig }, /column "nickname" named in the config is not in dataset1\.csv/],
      [{ input: [DATA.febrl1], config: notJson }, /not valid JSON/],
      [{ input: [DATA.febrl1], threshold: '1.2' }, /--threshold 1\.2: expected a probability/],
      [{ input: [DATA.febrl1], idColumn: 'nope' }, /--id-column "nope" is not a column/],
      [{ input: [DATA.febrl1], truthColumn: 'nope' }, /--truth-column "nope" is not a column/],
      [{ input: [DATA.febrl1], truthPattern: 'x' }, /--truth-pattern needs --truth-column/],
      [{ input: [DATA.febrl1, DATA.febrl1, DATA.febrl1] }, /one file \(dedupe\) or two \(link\)/],
      [{ input: [DATA.febrl1], out: DATA.febrl1 }, /--out .*would overwrite an input file/],
      [{ input: [DATA.febrl1], out: join(dir, 'no', 'such', 'p.csv') }, /--out .*does not exist/],
    ];
    for (const [o, re] of cases) await expect(run(o)).rejects.toThrow(re);
  });

  it('runs as a command and fails with a one-line message and exit code 1', () => {
    const script = fileURLToPath(new URL('./run-link.ts', import.meta.url));
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        'link',
        '--input',
        join(dir, 'missing.csv'),
        '--out',
        join(dir, 'x.csv'),
        '--db',
        'sqlite::memory:',
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^popreg: cannot read input/);
  });
});

// Same options, same bytes: across runs, across thread counts (blocks are generated independently and
// numbered in order), and between the file writer and the in-memory stream. Nothing reads the clock.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { dc01Line } from '../../src/modules/generator/csv.ts';
import { generatePopulation } from '../../src/modules/generator/generate.ts';
import { type Written, writeToTemp } from './helpers.ts';

const BASE = { people: 6_000, seed: 42, duplicates: 0.05, errors: 0.05 };
const written: Written[] = [];
async function write(opts: Parameters<typeof writeToTemp>[0]) {
  const w = await writeToTemp(opts);
  written.push(w);
  return { ballots: readFileSync(w.out), truth: readFileSync(w.truth), result: w.result };
}
afterAll(() => {
  for (const w of written) w.cleanup();
});

describe('generator determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const a = await write(BASE);
    const b = await write(BASE);
    expect(a.ballots.equals(b.ballots)).toBe(true);
    expect(a.truth.equals(b.truth)).toBe(true);
  });

  it('writes different files for another seed', async () => {
    const a = await write(BASE);
    const b = await write({ ...BASE, seed: 43 });
    expect(a.ballots.equals(b.ballots)).toBe(false);
    const namesA = a.ballots.toString('utf8').split('\n').slice(1, 200).join('\n');
    const namesB = b.ballots.toString('utf8').split('\n').slice(1, 200).join('\n');
    expect(namesA).not.toBe(namesB);
  });

  it('gives the same bytes with worker threads as without', async () => {
    const opts = { ...BASE, blockSize: 1_500 };
    const one = await write({ ...opts, threads: 1 });
    const two = await write({ ...opts, threads: 2 });
    expect(one.result.ballots).toBe(two.result.ballots);
    expect(one.ballots.equals(two.ballots)).toBe(true);
    expect(one.truth.equals(two.truth)).toBe(true);
    // Four blocks, numbered as one sequence.
    const ids = one.ballots
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(0, 10));
    expect(ids[0]).toBe('B000000001');
    expect(ids[ids.length - 1]).toBe(`B${String(ids.length).padStart(9, '0')}`);
  });

  it('writes exactly what the in-memory stream yields', async () => {
    const file = (await write(BASE)).ballots.toString('utf8');
    let lines = '';
    for (const b of generatePopulation(BASE)) lines += dc01Line(b.row);
    expect(file.slice(file.indexOf('\n') + 1)).toBe(lines);
  });

  it('depends on `today` and `refDate`, not on the clock', () => {
    const first = (today: string, refDate?: string) => {
      const it = generatePopulation({ people: 5, seed: 1, today, refDate });
      return it.next().value as { row: Record<string, string> };
    };
    expect(first('2026-05-01').row).toEqual(first('2026-05-01').row);
    expect(first('2030-01-01').row.date_of_birth).not.toBe(first('2026-05-01').row.date_of_birth);
    expect(first('2026-05-01', '2025-08-01').row.unit_ref_date).toBe('2025-08-01');
    expect(first('2026-05-01').row.unit_ref_date).toBe('2026-05-01');
  });
});

// The generator's small building blocks: the seeded PRNG, weighted draws, the keyed permutation behind unique
// PIN serials, name folding and typos, and the two CSV writers agreeing byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DC01_KEYS, type Dc01Row } from '../../src/domain/dc01.ts';
import { Rng } from '../../src/lib/random.ts';
import { dc01Joined, dc01Line } from '../../src/modules/generator/csv.ts';
import { typo } from '../../src/modules/generator/duplicates.ts';
import {
  addYearsToDay,
  civilOf,
  dayOf,
  isoOfDay,
  parseIsoDay,
  yearOfDay,
} from '../../src/modules/generator/gen-dates.ts';
import { PinAllocator, permute } from '../../src/modules/generator/pins.ts';
import { Weighted } from '../../src/modules/generator/sampling.ts';
import { MemorySink } from '../../src/modules/generator/utf8-sink.ts';
import { foldDiacritics } from '../../src/modules/generator/vn-text.ts';

describe('Rng', () => {
  it('repeats for a seed, differs across seeds and streams, stays in [0, 1)', () => {
    const take = (r: Rng) => Array.from({ length: 5 }, () => r.u32());
    expect(take(new Rng(1))).toEqual(take(new Rng(1)));
    expect(take(new Rng(1))).not.toEqual(take(new Rng(2)));
    expect(take(new Rng(1, 0))).not.toEqual(take(new Rng(1, 1)));
    const r = new Rng(9);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const f = r.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
  });
});

describe('Weighted', () => {
  it('draws in proportion to the weights, also within a slice', () => {
    const w = new Weighted(['a', 'b', 'c', 'd'], [1, 0, 3, 6]);
    const r = new Rng(3);
    const n = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < 50_000; i++) n[w.pick(r) as keyof typeof n]++;
    expect(n.b).toBe(0);
    expect(n.d / n.a).toBeGreaterThan(5);
    expect(n.d / n.a).toBeLessThan(7);
    for (let i = 0; i < 1000; i++) expect([1, 2]).toContain(w.indexIn(r, 1, 2));
    expect(w.indexIn(r, 1, 1)).toBe(1); // no weight in the slice: uniform over it
  });
});

describe('PIN serials', () => {
  it('come from a keyed permutation: every serial exactly once', () => {
    const seen = new Uint8Array(1_000_000);
    for (let x = 0; x < 1_000_000; x++) seen[permute(x, 1000, 1000, 12345)]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999_999 }), (a, b) => {
        return a === b || permute(a, 31_250, 32_000, 7) !== permute(b, 31_250, 32_000, 7);
      }),
    );
  });

  it('never repeat within a prefix, across blocks that share the key', () => {
    const blocks = [new PinAllocator(99, 3, 0), new PinAllocator(99, 3, 1), new PinAllocator(99, 3, 2)];
    const pins = new Set<string>();
    for (let i = 0; i < 3000; i++) pins.add(blocks[i % 3]!.allocate('079', 1990, true));
    expect(pins.size).toBe(3000);
    for (const p of pins) expect(p).toMatch(/^079190\d{6}$/);
    expect(new PinAllocator(1).allocate('001', 2007, false)).toMatch(/^001207\d{6}$/);
  });
});

describe('day numbers', () => {
  it('round-trip civil dates and format ISO strings', () => {
    for (const iso of ['1900-01-01', '1970-01-01', '2000-02-29', '2025-07-01', '2099-12-31']) {
      const d = parseIsoDay(iso)!;
      expect(isoOfDay(d)).toBe(iso);
      expect(yearOfDay(d)).toBe(Number(iso.slice(0, 4)));
    }
    expect(parseIsoDay('2025-02-29')).toBeUndefined();
    expect(civilOf(dayOf(1999, 12, 31) + 1)).toEqual([2000, 1, 1]);
    expect(isoOfDay(addYearsToDay(parseIsoDay('2000-02-29')!, 1))).toBe('2001-02-28');
  });
});

describe('names', () => {
  it('folds diacritics, đ included', () => {
    expect(foldDiacritics('Nguyễn Văn Đức')).toBe('Nguyen Van Duc');
    expect(foldDiacritics('Trần Thị Ngọc Ánh')).toBe('Tran Thi Ngoc Anh');
  });

  it('makes one-character typos that keep the words capitalised', () => {
    const r = new Rng(4);
    for (let i = 0; i < 500; i++) {
      const t = typo(r, 'Nguyễn Thị Ngọc Ánh');
      expect(t).not.toBe('Nguyễn Thị Ngọc Ánh');
      expect(t.split(' ')).toHaveLength(4);
      for (const w of t.split(' ')) expect(w[0]).toBe(w[0]!.toUpperCase());
      expect(Math.abs(Array.from(t).length - Array.from('Nguyễn Thị Ngọc Ánh').length)).toBeLessThanOrEqual(1);
    }
  });
});

describe('CSV writers', () => {
  it('agree byte for byte, quoting only fields that need it', () => {
    const row = Object.fromEntries(DC01_KEYS.map((k) => [k, k === 'sex' ? 'Nữ' : `v_${k}`])) as Dc01Row;
    row.permanent_address = 'Số 12, ngõ 5, Tổ 3';
    row.full_name = 'Trần "Bé" Na';
    row.other_names = 'Na\nBé';
    row.email = 'emoji😀@x.vn';
    const sink = new MemorySink();
    sink.line(dc01Joined(row));
    const line = dc01Line(row);
    expect(Buffer.from(sink.bytes()).toString('utf8')).toBe(line);
    expect(line).toContain(',"Số 12, ngõ 5, Tổ 3",');
    expect(line).toContain(',"Trần ""Bé"" Na",');
    expect(line).toContain(',v_pin,');
  });
});

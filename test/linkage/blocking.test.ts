import { describe, expect, it } from 'vitest';
import {
  generatePairs,
  isCandidate,
  planBlocking,
  sampleRulePairs,
  totalPairs,
} from '../../src/modules/linkage/engine/blocking.ts';
import { expandUnits, type FieldConfig } from '../../src/modules/linkage/engine/config.ts';
import { prepare, type Table } from '../../src/modules/linkage/engine/prepare.ts';
import { createRng } from '../../src/modules/linkage/engine/random.ts';

const fields: FieldConfig[] = [
  { name: 'given', type: 'given' },
  { name: 'surname', type: 'surname' },
  { name: 'dob', type: 'date' },
];
const header = ['id', 'given', 'surname', 'dob'];
const rows = [
  ['a', 'An', 'Nguyễn', '1990-01-02'],
  ['b', 'An', 'Nguyen', '1990-01-02'], // same as a on every rule
  ['c', 'An', 'Huỳnh', '1990-01-02'], // given + dob with a, b
  ['d', 'Bình', 'Hoàng', '1990-01-02'], // surname (variant of Huỳnh) + dob with c
  ['e', 'Nguyen', 'An', '1975-05-05'], // names swapped with a, other date
  ['f', '', 'Lê', ''], // nothing to block on
];
const table: Table = { name: 't', header, rows };
const limits = { maxBlockSize: 1000, maxPairsPerRecord: 100 };

function prepared(tables: Table[] = [table]) {
  return prepare(tables, expandUnits(fields), 'id', 'dmy');
}

const ids = (p: ReturnType<typeof prepared>, pairs: { left: Uint32Array; right: Uint32Array }) =>
  Array.from(pairs.left, (l, x) => `${p.ids[l]}-${p.ids[pairs.right[x]!]}`).sort();

describe('blocking as a union of rules', () => {
  it('makes each pair once, under the first rule that finds it, and counts pairs per rule first', () => {
    const p = prepared();
    const plan = planBlocking(p, [['surname', 'dob'], ['given', 'dob'], ['given|surname']], limits);
    expect(plan.stats.map((s) => s.pairs)).toEqual([2, 3, 3]);
    const pairs = generatePairs(plan);
    expect(ids(p, pairs)).toEqual(['a-b', 'a-c', 'a-e', 'b-c', 'b-e', 'c-d']);
    expect(plan.stats.map((s) => s.newPairs)).toEqual([2, 2, 2]);
    expect(Array.from(pairs.rule)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(isCandidate(plan, 0, 4)).toBe(true);
    expect(isCandidate(plan, 3, 4)).toBe(false);
    expect(totalPairs(p)).toBe(15);
  });

  it('skips blocks over the size cap, and the largest blocks beyond the per-record budget', () => {
    const p = prepared();
    const capped = planBlocking(p, [['dob']], { maxBlockSize: 3, maxPairsPerRecord: 100 });
    expect(capped.stats[0]).toMatchObject({ pairs: 6, skippedBlocks: 1, skippedPairs: 6 });
    expect(generatePairs(capped).length).toBe(0);
    const budget = planBlocking(p, [['dob:year']], { maxBlockSize: 1000, maxPairsPerRecord: 0.5 });
    expect(budget.stats[0]).toMatchObject({ pairs: 6, skippedPairs: 6 });
  });

  it('pairs only across the two files in a link', () => {
    const p = prepared([
      { name: 'A', header, rows: rows.slice(0, 3) },
      { name: 'B', header, rows: rows.slice(3) },
    ]);
    const plan = planBlocking(p, [['dob']], limits);
    expect(ids(p, generatePairs(plan))).toEqual(['a-d', 'b-d', 'c-d']);
    expect(isCandidate(plan, 0, 1)).toBe(false);
    expect(totalPairs(p)).toBe(9);
  });

  it('samples a training rule evenly without making all its pairs', () => {
    const many: Table = {
      name: 'm',
      header,
      rows: Array.from({ length: 400 }, (_, i) => [`r${i}`, `g${i}`, `s${i % 7}`, '1990-01-02']),
    };
    const s = sampleRulePairs(prepared([many]), ['dob'], 1000, createRng(3));
    expect(s.left.length).toBeGreaterThan(900);
    expect(s.left.length).toBeLessThan(1100);
    expect(Array.from(s.left).every((l, x) => l < s.right[x]!)).toBe(true);
  });
});

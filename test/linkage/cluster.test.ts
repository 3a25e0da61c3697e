import { describe, expect, it } from 'vitest';
import { clusterPairs, UnionFind } from '../../src/modules/linkage/engine/cluster.ts';

describe('union-find', () => {
  it('joins sets once and finds their common root', () => {
    const uf = new UnionFind(5);
    expect(uf.union(0, 1)).toBe(true);
    expect(uf.union(1, 0)).toBe(false);
    uf.union(3, 4);
    expect(uf.find(0)).toBe(uf.find(1));
    expect(uf.find(2)).not.toBe(uf.find(0));
    uf.union(1, 4);
    expect(uf.find(3)).toBe(uf.find(0));
    expect(uf.size[uf.find(0)]).toBe(4);
  });
});

const groups = (c: Int32Array) => [...new Set(c)].map((l) => [...c.keys()].filter((i) => c[i] === l));

describe('clustering with the chaining guard', () => {
  // Two people, three records each, tied internally by strong links.
  const strong = [
    { a: 0, b: 1, p: 0.999 },
    { a: 1, b: 2, p: 0.998 },
    { a: 3, b: 4, p: 0.999 },
    { a: 4, b: 5, p: 0.997 },
  ];

  it('does not merge two groups through one weak link', () => {
    const r = clusterPairs(6, [...strong, { a: 2, b: 3, p: 0.93 }], 0.9, 0.99);
    expect(groups(r.cluster)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(r.cutLinks).toBe(1);
  });

  it('does not chain through one record weakly linked to both groups', () => {
    const r = clusterPairs(7, [...strong, { a: 6, b: 0, p: 0.95 }, { a: 6, b: 5, p: 0.94 }], 0.9, 0.99);
    expect(groups(r.cluster)).toEqual([
      [0, 1, 2, 6],
      [3, 4, 5],
    ]);
  });

  it('lets a weak link attach a single record, and a strong one merge groups', () => {
    expect(groups(clusterPairs(7, [...strong, { a: 6, b: 2, p: 0.91 }], 0.9, 0.99).cluster)).toEqual([
      [0, 1, 2, 6],
      [3, 4, 5],
    ]);
    expect(groups(clusterPairs(6, [...strong, { a: 2, b: 3, p: 0.995 }], 0.9, 0.99).cluster)).toEqual([
      [0, 1, 2, 3, 4, 5],
    ]);
  });

  it('ignores links under the threshold and labels clusters by their first record', () => {
    const r = clusterPairs(
      4,
      [
        { a: 3, b: 2, p: 0.95 },
        { a: 0, b: 1, p: 0.5 },
      ],
      0.9,
      0.99,
    );
    expect(Array.from(r.cluster)).toEqual([0, 1, 2, 2]);
  });
});

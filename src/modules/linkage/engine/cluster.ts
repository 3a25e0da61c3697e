// Clustering of scored pairs into entities, with a guard against chaining. Plain connected components are
// transitive: one wrong link merges two people and everything linked to them. So links are taken strongest first
// (Kruskal order) into a union-find, and a link below `strongThreshold` may attach a single record to a cluster or
// join two single records, but never merge two clusters that already hold two records or more: merging groups
// needs one strong link. Why this rule: a group of records is already an entity backed by several links, and a
// lone borderline link between two such groups (often through a shared e-mail or a common name) is exactly the
// single point of failure; a single record hanging on one link is the normal shape of a duplicate. Tried against
// cutting weak bridges (links whose removal splits a component): on every labelled file this rule was at least as
// good, and it also stops chains through one record linked weakly to both groups, which are not bridges.

export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return true;
  }
}

export interface Edge {
  a: number;
  b: number;
  p: number;
}

export interface ClusterResult {
  /** Cluster label per record: the smallest record index in its cluster. */
  cluster: Int32Array;
  /** Links at or above the threshold left out by the chaining guard. */
  cutLinks: number;
}

export function clusterPairs(
  n: number,
  edges: readonly Edge[],
  threshold: number,
  strongThreshold: number,
): ClusterResult {
  const uf = new UnionFind(n);
  const sorted = edges.filter((e) => e.p >= threshold).sort((x, y) => y.p - x.p);
  let cutLinks = 0;
  for (const e of sorted) {
    const ra = uf.find(e.a);
    const rb = uf.find(e.b);
    if (ra === rb) continue;
    if (e.p >= strongThreshold || uf.size[ra] === 1 || uf.size[rb] === 1) uf.union(ra, rb);
    else cutLinks++;
  }
  const cluster = new Int32Array(n);
  const label = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    if (!label.has(r)) label.set(r, i);
    cluster[i] = label.get(r)!;
  }
  return { cluster, cutLinks };
}

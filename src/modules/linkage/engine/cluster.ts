// Clustering of scored pairs into entities: connected components (union-find) of the pairs at or above the
// threshold, then a guard against chaining. Components are transitive, so one wrong link merges two people and
// everything linked to them. The guard: within a component, a bridge (a link whose removal disconnects it) that
// joins two groups of at least two records each must itself reach `bridgeThreshold`; a weaker one is cut, weakest
// first, until none remains. Why bridges: two groups tied by several independent links are backed by several
// pieces of evidence, while a lone link is exactly the single point of failure; and a single record hanging on one
// link is the normal shape of a duplicate, so it is never cut off.

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

interface Bridge {
  edge: number;
  /** Records on the far side of the bridge (the DFS subtree below it). */
  below: number;
}

/** Bridges of the graph on `nodes` (local ids 0..n-1), by an iterative Tarjan low-link DFS. */
function findBridges(n: number, edges: readonly Edge[], alive: readonly boolean[]): Bridge[] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => {
    if (!alive[i]) return;
    adj[e.a]!.push(i);
    adj[e.b]!.push(i);
  });
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const sub = new Int32Array(n);
  const bridges: Bridge[] = [];
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    const stack: { v: number; via: number; next: number }[] = [{ v: root, via: -1, next: 0 }];
    disc[root] = low[root] = time++;
    sub[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = adj[top.v]!;
      if (top.next < list.length) {
        const ei = list[top.next++]!;
        if (ei === top.via) continue;
        const e = edges[ei]!;
        const w = e.a === top.v ? e.b : e.a;
        if (disc[w] === -1) {
          disc[w] = low[w] = time++;
          sub[w] = 1;
          stack.push({ v: w, via: ei, next: 0 });
        } else low[top.v] = Math.min(low[top.v]!, disc[w]!);
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      low[parent.v] = Math.min(low[parent.v]!, low[top.v]!);
      sub[parent.v]! += sub[top.v]!;
      if (low[top.v]! > disc[parent.v]!) bridges.push({ edge: top.via, below: sub[top.v]! });
    }
  }
  return bridges;
}

/** Cuts weak bridges between groups of ≥ 2 records in one component; returns the local component labels. */
function splitComponent(n: number, edges: Edge[], bridgeThreshold: number): Int32Array {
  const alive = edges.map(() => true);
  for (;;) {
    const uf = new UnionFind(n);
    edges.forEach((e, i) => alive[i] && uf.union(e.a, e.b));
    let weakest: Bridge | undefined;
    for (const br of findBridges(n, edges, alive)) {
      const e = edges[br.edge]!;
      const whole = uf.size[uf.find(e.a)]!;
      if (e.p >= bridgeThreshold || br.below < 2 || whole - br.below < 2) continue;
      if (!weakest || e.p < edges[weakest.edge]!.p) weakest = br;
    }
    if (!weakest) return Int32Array.from({ length: n }, (_, v) => uf.find(v));
    alive[weakest.edge] = false;
  }
}

export interface ClusterResult {
  /** Cluster label per record: the smallest record index in its cluster. */
  cluster: Int32Array;
  /** Links cut by the chaining guard. */
  cutLinks: number;
}

export function clusterPairs(n: number, edges: readonly Edge[], threshold: number, bridgeThreshold: number): ClusterResult {
  const kept = edges.filter((e) => e.p >= threshold);
  const uf = new UnionFind(n);
  for (const e of kept) uf.union(e.a, e.b);
  const byRoot = new Map<number, Edge[]>();
  for (const e of kept) {
    const r = uf.find(e.a);
    if (uf.size[r]! < 4) continue; // two groups of two need four records
    let list = byRoot.get(r);
    if (!list) byRoot.set(r, (list = []));
    list.push(e);
  }
  const final = new UnionFind(n);
  let cutLinks = 0;
  for (const e of kept) if (!byRoot.has(uf.find(e.a))) final.union(e.a, e.b);
  for (const list of byRoot.values()) {
    const nodes = [...new Set(list.flatMap((e) => [e.a, e.b]))];
    const local = new Map(nodes.map((v, i) => [v, i]));
    const localEdges = list.map((e) => ({ a: local.get(e.a)!, b: local.get(e.b)!, p: e.p }));
    const labels = splitComponent(nodes.length, localEdges, bridgeThreshold);
    for (const e of localEdges) {
      if (labels[e.a] === labels[e.b]) final.union(nodes[e.a]!, nodes[e.b]!);
      else cutLinks++;
    }
  }
  const cluster = new Int32Array(n);
  const label = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = final.find(i);
    if (!label.has(r)) label.set(r, i);
    cluster[i] = label.get(r)!;
  }
  return { cluster, cutLinks };
}

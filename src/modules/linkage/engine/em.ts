// Expectation-maximisation for the m probabilities of a Fellegi–Sunter model with u held fixed (u comes from random
// pairs, which are almost all non-matches). Pairs are first folded into distinct comparison vectors with counts, so
// an iteration costs the number of distinct patterns, not the number of pairs.

export interface Patterns {
  k: number;
  /** Pattern vectors, k levels each. */
  vectors: Uint8Array;
  counts: Float64Array;
  size: number;
  pairs: number;
}

/** Distinct comparison vectors among the selected pairs of `levels` (k bytes per pair). */
export function aggregatePatterns(levels: Uint8Array, k: number, select?: (pair: number) => boolean): Patterns {
  // A vector is read as a number in base (largest level + 1), exact below 2^53; wider vectors fall back to strings.
  let base = 1;
  for (let i = 0; i < levels.length; i++) if (levels[i]! >= base) base = levels[i]! + 1;
  const numeric = k * Math.log2(base) < 52;
  const index = new Map<number | string, number>();
  const counts: number[] = [];
  const rows: number[] = [];
  const n = levels.length / k;
  let pairs = 0;
  for (let p = 0; p < n; p++) {
    if (select && !select(p)) continue;
    pairs++;
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let c = 0; c < k; c++) key = key * base + levels[p * k + c]!;
    } else {
      key = '';
      for (let c = 0; c < k; c++) key += String.fromCharCode(65 + levels[p * k + c]!);
    }
    const at = index.get(key);
    if (at !== undefined) counts[at]!++;
    else {
      index.set(key, counts.length);
      counts.push(1);
      rows.push(p);
    }
  }
  const vectors = new Uint8Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) vectors.set(levels.subarray(rows[i]! * k, rows[i]! * k + k), i * k);
  return { k, vectors, counts: Float64Array.from(counts), size: rows.length, pairs };
}

export interface EmOptions {
  /** u[k][level]; level 0 (null) is ignored. */
  u: readonly (readonly number[])[];
  mInit: readonly (readonly number[])[];
  /** Comparisons whose m this session learns; the others (its blocking fields) are left out of the model. */
  active: readonly boolean[];
  lambda: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface EmResult {
  m: number[][];
  /** Share of matches among the session's pairs (local to the session, never used as the global prior). */
  lambda: number;
  iterations: number;
  converged: boolean;
  /** Expected number of matching pairs at each level (the support behind each m). */
  matchCounts: number[][];
}

/** Dirichlet pseudo-count per level, so a level never seen among matches keeps a small, finite m. */
const PSEUDO = 0.1;

export function runEm(pt: Patterns, o: EmOptions): EmResult {
  const k = pt.k;
  const maxIt = o.maxIterations ?? 200;
  const tol = o.tolerance ?? 1e-6;
  const m = o.mInit.map((row) => [...row]);
  let lambda = Math.min(Math.max(o.lambda, 1e-6), 1 - 1e-6);
  const total = pt.counts.reduce((a, b) => a + b, 0);
  let it = 0;
  let converged = false;
  const bayes = m.map((row) => new Float64Array(row.length));
  let num = m.map((row) => new Float64Array(row.length));
  while (it < maxIt && !converged) {
    it++;
    for (let c = 0; c < k; c++) {
      const b = bayes[c]!;
      for (let l = 1; l < b.length; l++) b[l] = o.active[c] ? Math.log(m[c]![l]!) - Math.log(o.u[c]![l]!) : 0;
    }
    num = m.map((row) => new Float64Array(row.length));
    let matchMass = 0;
    const prior = Math.log(lambda / (1 - lambda));
    for (let p = 0; p < pt.size; p++) {
      let s = prior;
      for (let c = 0; c < k; c++) s += bayes[c]![pt.vectors[p * k + c]!]!;
      const w = pt.counts[p]! / (1 + Math.exp(-s));
      matchMass += w;
      for (let c = 0; c < k; c++) num[c]![pt.vectors[p * k + c]!]! += w;
    }
    let change = Math.abs(matchMass / total - lambda);
    lambda = Math.min(Math.max(matchMass / total, 1e-9), 1 - 1e-9);
    for (let c = 0; c < k; c++) {
      if (!o.active[c]) continue;
      const row = num[c]!;
      let sum = 0;
      for (let l = 1; l < row.length; l++) sum += row[l]! + PSEUDO;
      for (let l = 1; l < row.length; l++) {
        const v = (row[l]! + PSEUDO) / sum;
        change = Math.max(change, Math.abs(v - m[c]![l]!));
        m[c]![l] = v;
      }
    }
    converged = change < tol;
  }
  return { m, lambda, iterations: it, converged, matchCounts: num.map((row) => Array.from(row)) };
}

/**
 * Starting m: agreement levels likely among matches, halving level by level down to "else", the usual starting
 * point that lets EM find the matching class rather than some other split of the pairs.
 */
export function defaultM(levelCount: number): number[] {
  const row = [0];
  for (let l = 1; l < levelCount; l++) row.push(0.5 ** l);
  const sum = row.reduce((a, b) => a + b, 0);
  return row.map((v) => v / sum);
}

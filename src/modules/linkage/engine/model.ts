// The Fellegi–Sunter model: m and u per comparison level, the global prior λ, level weights log2(m/u) and the
// term-frequency tables, with the pieces of estimation that work on counts (training.ts runs the recipe).
import type { Comparison } from './comparisons.ts';
import { defaultM, type Patterns } from './em.ts';

export interface ComparisonModel {
  name: string;
  levels: string[];
  m: number[];
  u: number[];
  /** log2(m/u) per level; 0 for null. */
  weights: number[];
  /** EM sessions that learned this comparison's m (0: the starting values were kept). */
  sessions: number;
  /** Term frequencies (value → share of records with a value), when the comparison has TF adjustment. */
  tf?: Map<string, number>;
  /** u of exact agreement, the average that TF adjustment replaces by the value's own frequency. */
  uExact: number;
  exactLevels: number[];
}

export interface LinkModel {
  lambda: number;
  priorWeight: number;
  comparisons: ComparisonModel[];
}

/** Level counts per comparison over patterns, each pattern counted `count × weight` times. */
export function levelCounts(pt: Patterns, levelsPerComparison: readonly number[], weight?: Float64Array): number[][] {
  const counts = levelsPerComparison.map((n) => new Array<number>(n).fill(0));
  for (let p = 0; p < pt.size; p++) {
    const c = pt.counts[p]! * (weight ? weight[p]! : 1);
    for (let k = 0; k < pt.k; k++) counts[k]![pt.vectors[p * pt.k + k]!]! += c;
  }
  return counts;
}

/** u per level from (weighted) counts of random pairs, with half a pair of smoothing per level; null is 0. */
export function uFromCounts(counts: readonly number[][]): number[][] {
  return counts.map((row) => {
    let sum = 0;
    for (let l = 1; l < row.length; l++) sum += row[l]! + 0.5;
    return row.map((v, l) => (l === 0 ? 0 : (v + 0.5) / sum));
  });
}

/** Posterior match probability of each pattern under the global prior (no term frequencies). */
export function patternMatchProbability(
  pt: Patterns,
  m: readonly number[][],
  u: readonly number[][],
  lambda: number,
): Float64Array {
  const out = new Float64Array(pt.size);
  const prior = Math.log2(lambda / (1 - lambda));
  for (let p = 0; p < pt.size; p++) {
    let w = prior;
    for (let k = 0; k < pt.k; k++) {
      const l = pt.vectors[p * pt.k + k]!;
      if (l !== 0) w += Math.log2(m[k]![l]! / u[k]![l]!);
    }
    out[p] = 1 / (1 + 2 ** -w);
  }
  return out;
}

/**
 * Level weights log2(m/u). A level with almost no data on either side (under one expected match and under one
 * random pair) has no estimate worth the name, only the smoothing: it takes the weight of the nearest stronger
 * level instead (levels are ordered from strongest to weakest agreement), or 0 when there is none.
 */
export function levelWeights(
  m: readonly number[],
  u: readonly number[],
  mCount: readonly number[],
  uCount: readonly number[],
): number[] {
  const w = m.map((mv, l) => (l === 0 ? 0 : Math.log2(mv / u[l]!)));
  for (let l = 1; l < w.length; l++) {
    if (mCount[l]! >= 1 || uCount[l]! >= 1) continue;
    w[l] = l > 1 ? w[l - 1]! : 0;
  }
  return w;
}

/** Share of records holding each value (records with a value only). */
export function termFrequencies(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of values) {
    if (v === '') continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const tf = new Map<string, number>();
  for (const [v, c] of counts) tf.set(v, c / n);
  return tf;
}

/** Splink's rule: a comparison's m is the average of the sessions that could learn it (default m if none). */
export function averageM(
  levelCount: number,
  k: number,
  sessions: readonly { m: number[][]; active: boolean[] }[],
): number[] {
  const learned = sessions.filter((s) => s.active[k]);
  const m = defaultM(levelCount);
  if (learned.length === 0) return m;
  return m.map((_, l) => learned.reduce((a, s) => a + s.m[k]![l]!, 0) / learned.length);
}

export function buildModel(
  comparisons: readonly Comparison[],
  u: { u: number[][]; counts: number[][] },
  mSessions: { m: number[][]; active: boolean[]; matchCounts: number[][] }[],
  lambda: number,
  tf: readonly (Map<string, number> | undefined)[],
): LinkModel {
  const models = comparisons.map((c, k): ComparisonModel => {
    const learned = mSessions.filter((s) => s.active[k]);
    const m = averageM(c.levels.length, k, mSessions);
    const uk = u.u[k]!;
    const mCount = m.map((_, l) => learned.reduce((a, s) => a + s.matchCounts[k]![l]!, 0));
    const uExact = c.exactLevels.reduce((a, l) => a + uk[l]!, 0);
    return {
      name: c.name,
      levels: [...c.levels],
      m,
      u: uk,
      weights: levelWeights(m, uk, learned.length > 0 ? mCount : m.map(() => 1), u.counts[k]!),
      sessions: learned.length,
      tf: tf[k],
      uExact,
      exactLevels: [...c.exactLevels],
    };
  });
  return { lambda, priorWeight: Math.log2(lambda / (1 - lambda)), comparisons: models };
}

/** Match weight minus the prior for each pattern (no term-frequency adjustment). */
export function patternBits(model: LinkModel, pt: Patterns): { bits: Float64Array; counts: Float64Array } {
  const bits = new Float64Array(pt.size);
  for (let p = 0; p < pt.size; p++) {
    let w = 0;
    for (let k = 0; k < pt.k; k++) w += model.comparisons[k]!.weights[pt.vectors[p * pt.k + k]!]!;
    bits[p] = w;
  }
  return { bits, counts: pt.counts };
}

/** Extra weight of exact agreement on this value: log2(u_avg / tf(value)); rare values count for more. */
export function tfAdjustment(cm: ComparisonModel, value: string): number {
  const f = cm.tf?.get(value);
  if (f === undefined || cm.uExact <= 0) return 0;
  return Math.log2(cm.uExact / f);
}

export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

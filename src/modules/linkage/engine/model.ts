// The Fellegi–Sunter model: m and u per comparison level, the global prior λ, level weights log2(m/u) and the
// term-frequency tables. Estimation follows the Splink recipe: u from random pairs, λ from strict deterministic
// rules with an assumed recall, m by EM in several sessions blocked on different fields.
import type { Comparison } from './comparisons.ts';
import { defaultM } from './em.ts';

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

/** u per level from the levels of random pairs (k bytes per pair), with half a pair of smoothing per level. */
export function estimateU(levels: Uint8Array, comparisons: readonly Comparison[]): number[][] {
  const k = comparisons.length;
  const counts = comparisons.map((c) => new Float64Array(c.levels.length));
  const n = levels.length / k;
  for (let p = 0; p < n; p++) for (let c = 0; c < k; c++) counts[c]![levels[p * k + c]!]!++;
  return counts.map((row) => {
    let sum = 0;
    for (let l = 1; l < row.length; l++) sum += row[l]! + 0.5;
    return Array.from(row, (v, l) => (l === 0 ? 0 : (v + 0.5) / sum));
  });
}

/**
 * Levels are ordered from strongest to weakest agreement, so a weaker level never outweighs a stronger one: when
 * sparse data says otherwise (a level seen a handful of times), the weaker level is capped at the stronger's
 * weight. The first level after null is left as estimated.
 */
export function monotoneWeights(m: readonly number[], u: readonly number[]): number[] {
  const w = m.map((mv, l) => (l === 0 ? 0 : Math.log2(mv / u[l]!)));
  for (let l = 2; l < w.length; l++) w[l] = Math.min(w[l]!, w[l - 1]!);
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

export function buildModel(
  comparisons: readonly Comparison[],
  u: number[][],
  mSessions: { m: number[][]; active: boolean[] }[],
  lambda: number,
): LinkModel {
  const models = comparisons.map((c, k): ComparisonModel => {
    const learned = mSessions.filter((s) => s.active[k]);
    let m = defaultM(c.levels.length);
    if (learned.length > 0) {
      // Splink's rule: average the m estimates of the sessions that could learn them.
      m = m.map((_, l) => learned.reduce((a, s) => a + s.m[k]![l]!, 0) / learned.length);
    }
    const uk = u[k]!;
    const uExact = c.exactLevels.reduce((a, l) => a + uk[l]!, 0);
    return {
      name: c.name,
      levels: [...c.levels],
      m,
      u: uk,
      weights: monotoneWeights(m, uk),
      sessions: learned.length,
      tf: c.tfValue ? termFrequencies(c.tfValue) : undefined,
      uExact,
      exactLevels: [...c.exactLevels],
    };
  });
  return { lambda, priorWeight: Math.log2(lambda / (1 - lambda)), comparisons: models };
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

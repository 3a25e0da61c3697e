// Scoring: a pair's match weight is the prior weight plus the weight of each comparison's level, plus the
// term-frequency adjustment when the level is an exact agreement; its probability is 1 / (1 + 2^−weight).
import type { Comparison } from './comparisons.ts';
import { type LinkModel, probabilityOf, tfAdjustment } from './model.ts';

export interface Scores {
  weight: Float64Array;
  probability: Float64Array;
}

/** Per comparison, a function giving the TF-adjusted weight of a level for a pair's left record. */
export type Weigher = (level: number, i: number) => number;

export function weighers(
  model: LinkModel,
  comparisons: readonly Comparison[],
): ((level: number, i: number) => number)[] {
  return model.comparisons.map((cm, k) => {
    const w = cm.weights;
    const tfValue = comparisons[k]!.tfValue;
    if (!cm.tf || !tfValue) return (level: number) => w[level]!;
    const exact = new Set(cm.exactLevels);
    // Values repeat: cache each value's adjustment.
    const cache = new Map<string, number>();
    return (level: number, i: number) => {
      if (!exact.has(level)) return w[level]!;
      const v = tfValue[i]!;
      let adj = cache.get(v);
      if (adj === undefined) {
        adj = tfAdjustment(cm, v);
        cache.set(v, adj);
      }
      return w[level]! + adj;
    };
  });
}

export function scorePairs(
  model: LinkModel,
  comparisons: readonly Comparison[],
  left: Uint32Array,
  levels: Uint8Array,
): Scores {
  const k = comparisons.length;
  const n = left.length;
  const fns = weighers(model, comparisons);
  const weight = new Float64Array(n);
  const probability = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let s = model.priorWeight;
    const i = left[p]!;
    for (let c = 0; c < k; c++) s += fns[c]!(levels[p * k + c]!, i);
    weight[p] = s;
    probability[p] = probabilityOf(s);
  }
  return { weight, probability };
}

export interface LevelExplanation {
  comparison: string;
  level: string;
  /** Weight in bits, term-frequency adjustment included. */
  weight: number;
}

/** Why a pair scored what it did: each comparison's level and weight. */
export function explainPair(
  model: LinkModel,
  fns: readonly Weigher[],
  i: number,
  levels: ArrayLike<number>,
): LevelExplanation[] {
  return model.comparisons.map((cm, c) => ({
    comparison: cm.name,
    level: cm.levels[levels[c]!]!,
    weight: fns[c]!(levels[c]!, i),
  }));
}

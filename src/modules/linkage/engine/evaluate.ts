// Quality against labels: rows with the same truth key are one entity. Reports blocking recall (share of true
// pairs that blocking produces at all), precision, recall and F1 of the pairs at the threshold, and the same
// figures for the pairs implied by the clusters.
import { type BlockingPlan, isCandidate } from './blocking.ts';

/**
 * Default truth pattern: the key is the value without a trailing "-org" or "-dup-N" (FEBRL's rec-12-org and
 * rec-12-dup-0 are one entity); any other value is its own key. A user pattern's first capture group (or whole
 * match) is the key; a value it does not match is kept whole.
 */
export const DEFAULT_TRUTH_PATTERN = '^(.*?)(?:[-_](?:org|orig|dup[-_]?\\d+))?$';

export function truthKeys(values: readonly string[], pattern: string = DEFAULT_TRUTH_PATTERN): string[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new Error(`--truth-pattern: not a valid regular expression: ${(err as Error).message}`);
  }
  return values.map((v) => {
    if (v === '') return '';
    const m = re.exec(v);
    if (!m) return v;
    return m[1] ?? m[0];
  });
}

export interface PairMetrics {
  predicted: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  truePairs: number;
  blockedTruePairs: number;
  blockingRecall: number;
  threshold: number;
  pairs: PairMetrics;
  clusters: PairMetrics;
}

function metrics(predicted: number, tp: number, truePairs: number): PairMetrics {
  const precision = predicted > 0 ? tp / predicted : 1;
  const recall = truePairs > 0 ? tp / truePairs : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    predicted,
    truePositives: tp,
    falsePositives: predicted - tp,
    falseNegatives: truePairs - tp,
    precision,
    recall,
    f1,
  };
}

function groupBy(keys: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === '') return;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/** Pairs inside groups: within one file in a dedupe, across the two files in a link. */
function pairsWithin(members: readonly number[], link: boolean, nLeft: number): number {
  if (!link) return (members.length * (members.length - 1)) / 2;
  const left = members.filter((i) => i < nLeft).length;
  return left * (members.length - left);
}

export function evaluate(
  keys: readonly string[],
  plan: BlockingPlan,
  scored: { left: Uint32Array; right: Uint32Array; probability: Float64Array },
  threshold: number,
  cluster: Int32Array,
): Evaluation {
  const { link, nLeft } = plan;
  let truePairs = 0;
  let blocked = 0;
  for (const members of groupBy(keys).values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x]!;
        const j = members[y]!;
        if (link && i < nLeft === j < nLeft) continue;
        truePairs++;
        if (isCandidate(plan, i, j)) blocked++;
      }
    }
  }
  let predicted = 0;
  let tp = 0;
  for (let p = 0; p < scored.left.length; p++) {
    if (scored.probability[p]! < threshold) continue;
    predicted++;
    const k = keys[scored.left[p]!]!;
    if (k !== '' && k === keys[scored.right[p]!]) tp++;
  }
  // Cluster pairs: all pairs inside each cluster; true ones are those inside a (cluster, entity) group.
  const clusterKeys = Array.from(cluster, String);
  let clusterPairs = 0;
  for (const members of groupBy(clusterKeys).values()) clusterPairs += pairsWithin(members, link, nLeft);
  let clusterTp = 0;
  const both = clusterKeys.map((c, i) => (keys[i] === '' ? '' : `${c}\u0001${keys[i]}`));
  for (const members of groupBy(both).values()) clusterTp += pairsWithin(members, link, nLeft);
  return {
    truePairs,
    blockedTruePairs: blocked,
    blockingRecall: truePairs > 0 ? blocked / truePairs : 1,
    threshold,
    pairs: metrics(predicted, tp, truePairs),
    clusters: metrics(clusterPairs, clusterTp, truePairs),
  };
}

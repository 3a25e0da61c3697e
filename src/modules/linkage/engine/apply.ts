// Scoring chosen pairs of records with a model trained earlier: the incremental path of record linkage, where one
// new record is compared with the few records its blocking keys find, without training anything. The records are
// standardised here exactly as in a batch run (same config), so levels and term-frequency adjustments line up
// with the stored model.
import { buildComparisons, type Comparison, computeLevels } from './comparisons.ts';
import { DEFAULTS, expandUnits, type LinkConfig, LinkConfigError } from './config.ts';
import type { LinkModel } from './model.ts';
import { type Prepared, prepare, type Table } from './prepare.ts';
import { explainPair, type LevelExplanation, type Scores, scorePairs, weighers } from './score.ts';

export interface AppliedScores extends Scores {
  prepared: Prepared;
  comparisons: Comparison[];
  /** Comparison levels, one byte per comparison per pair. */
  levels: Uint8Array;
  /** Each pair's levels and weights, comparison by comparison. */
  explain(pair: number): LevelExplanation[];
}

/** Throws when the model was trained with other comparisons than the config gives (names or levels differ). */
export function checkModelFits(model: LinkModel, comparisons: readonly Comparison[]): void {
  const want = comparisons.map((c) => `${c.name}[${c.levels.join(',')}]`).join(' ');
  const have = model.comparisons.map((c) => `${c.name}[${c.levels.join(',')}]`).join(' ');
  if (want !== have) {
    throw new LinkConfigError(
      `the stored model does not fit the configuration: it compares ${have}; the config ${want}`,
    );
  }
}

/** Scores the pairs (left[p], right[p]) of the table's records (row indices) with `model`. */
export function scoreWithModel(
  table: Table,
  config: LinkConfig,
  model: LinkModel,
  left: Uint32Array,
  right: Uint32Array,
): AppliedScores {
  const idColumn = config.idColumn ?? table.header[0]!;
  const prepared = prepare([table], expandUnits(config.fields), idColumn, config.dateOrder ?? DEFAULTS.dateOrder);
  const comparisons = buildComparisons(prepared);
  checkModelFits(model, comparisons);
  const levels = computeLevels(comparisons, left, right);
  const scores = scorePairs(model, comparisons, left, levels);
  const k = comparisons.length;
  const fns = weighers(model, comparisons);
  return {
    ...scores,
    prepared,
    comparisons,
    levels,
    explain: (p) => explainPair(model, fns, left[p]!, levels.subarray(p * k, p * k + k)),
  };
}

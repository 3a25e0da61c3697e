// Text printed by `popreg link`: the blocking table (before scoring), the trained model, the outcome and, with
// labels, the quality figures. Kept apart from the command so that the command stays a thin edge.
import type { BlockingPlan } from './engine/blocking.ts';
import type { Evaluation, PairMetrics } from './engine/evaluate.ts';
import type { LinkResult } from './linkage.service.ts';
import { int, pct, table, trainingLines } from './report.format.ts';

export function formatBlocking(plan: BlockingPlan, candidates: number, records: number): string {
  const rows = [['blocking rule', 'blocks', 'largest', 'pairs', 'skipped blocks', 'skipped pairs', 'new pairs']];
  for (const s of plan.stats) {
    rows.push([
      s.rule,
      int(s.blocks),
      int(s.largestBlock),
      int(s.pairs),
      int(s.skippedBlocks),
      int(s.skippedPairs),
      int(s.newPairs),
    ]);
  }
  const lines = table(rows);
  lines.push(`candidate pairs: ${int(candidates)} (${(candidates / Math.max(1, records)).toFixed(1)} per record)`);
  const skipped = plan.stats.filter((s) => s.skippedBlocks > 0);
  if (skipped.length > 0) {
    lines.push(
      `note: blocks larger than the cap were skipped for ${skipped.map((s) => `"${s.rule}"`).join(', ')}; other rules still pair their records`,
    );
  }
  return lines.join('\n');
}

export function formatModel(r: LinkResult): string {
  const t = r.training;
  const lines = [
    `prior: λ = ${t.lambda.toExponential(3)}, prior weight ${r.model.priorWeight.toFixed(2)} bits (${int(t.priorPairs)} pairs meet a strict rule: assumed recall ${t.priorRecall}, as trained ${pct(t.measuredRecall)})`,
    `u from ${int(t.uSamplePairs)} random pairs; m by EM:`,
  ];
  lines.push(...trainingLines(t, r.model));
  return lines.join('\n');
}

function metricLine(label: string, m: PairMetrics): string {
  return `${label}: precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${m.f1.toFixed(4)} (${int(m.predicted)} predicted, ${int(m.truePositives)} true, ${int(m.falsePositives)} false, ${int(m.falseNegatives)} missed)`;
}

export function formatEvaluation(e: Evaluation): string {
  return [
    `true pairs: ${int(e.truePairs)}; blocking recall ${pct(e.blockingRecall)} (${int(e.blockedTruePairs)} produced by blocking)`,
    metricLine(`pairs at p ≥ ${e.threshold}`, e.pairs),
    metricLine('pairs in clusters', e.clusters),
  ].join('\n');
}

export function formatOutcome(r: LinkResult, written: number, clusters: number | undefined): string {
  const multi = new Map<number, number>();
  for (const c of r.clusters.cluster) multi.set(c, (multi.get(c) ?? 0) + 1);
  const groups = [...multi.values()].filter((n) => n > 1).length;
  const rate = r.compared.ms > 0 ? r.compared.pairs / (r.compared.ms / 1000) : 0;
  const stages = Object.entries(r.timings)
    .map(([s, ms]) => `${s} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  return [
    `${int(written)} pairs at p ≥ ${r.threshold}; ${int(groups)} clusters of 2+ records${clusters !== undefined ? ` (${int(clusters)} clusters written)` : ''}; chaining guard left out ${r.clusters.cutLinks} weak links between groups`,
    `time: ${stages}; ${int(r.compared.pairs)} pairs compared at ${int(rate)} pairs/s on ${r.threads} thread${r.threads > 1 ? 's' : ''}`,
  ].join('\n');
}

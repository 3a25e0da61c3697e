// Text printed by `popreg dedup`: the blocking table, the trained model, pairs and clusters, time per stage, the
// comparison rate and, with labels, the quality figures. Kept apart from the commands so they stay thin.
import { formatEvaluation } from '../linkage/link.report.ts';
import { int, pct, table, trainingLines } from '../linkage/report.format.ts';
import type { BatchReport } from './dedup.batch.ts';
import type { MergeView } from './dedup.merge.ts';
import type { BandPrecision } from './dedup.precision.ts';
import type { PairDetail, PairSummary } from './dedup.service.ts';

const secs = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(2)} s`;

export function formatBatch(r: BatchReport): string {
  const lines: string[] = [`dedup run ${r.runId}: ${int(r.persons)} persons`];
  for (const note of r.notes) lines.push(`note: ${note}`);
  if (r.blocking.length > 0) {
    const rows = [['blocking rule', 'blocks', 'largest', 'pairs', 'skipped blocks', 'new pairs']];
    for (const s of r.blocking) {
      rows.push([s.rule, int(s.blocks), int(s.largestBlock), int(s.pairs), int(s.skippedBlocks), int(s.newPairs)]);
    }
    lines.push(...table(rows));
    lines.push(
      `candidate pairs: ${int(r.candidates)} (${(r.candidates / Math.max(1, r.persons)).toFixed(2)} per person)`,
    );
  }
  if (r.model && r.training) {
    const t = r.training;
    lines.push(
      `model: λ = ${t.lambda.toExponential(3)} (prior weight ${r.model.priorWeight.toFixed(2)} bits); u from ${int(t.uSamplePairs)} random pairs; m by EM:`,
    );
    lines.push(...trainingLines(t, r.model));
  }
  lines.push(
    `pairs: ${int(r.pairsForReview)} at p ≥ ${r.reviewThreshold} (review queue; ${int(r.pairsWritten)} written or updated, decisions kept), ${int(r.pairsAtThreshold)} at p ≥ ${r.threshold}`,
  );
  lines.push(
    `clusters at p ≥ ${r.threshold}: ${int(r.clusters.withDuplicates)} with duplicates (${int(r.clusters.persons)} persons, largest ${r.clusters.largest}); chaining guard left out ${r.clusters.cutLinks} weak links`,
  );
  lines.push(
    `queue: ${Object.entries(r.queue)
      .map(([s, n]) => `${s} ${int(n)}`)
      .join(', ')}; blocking keys kept for the incremental check: ${int(r.linkKeys)}`,
  );
  const order = [
    'read',
    'standardise',
    'block',
    'compare',
    'train',
    'score',
    'cluster',
    'evaluate',
    'write pairs',
    'write keys',
  ];
  lines.push(
    `time: ${order
      .filter((s) => r.timings[s as keyof BatchReport['timings']] !== undefined)
      .map((s) => `${s} ${secs(r.timings[s as keyof BatchReport['timings']])}`)
      .join(', ')}; total ${secs(r.totalMs)}`,
  );
  const rate = r.compared.ms > 0 ? r.compared.pairs / (r.compared.ms / 1000) : 0;
  lines.push(
    `compared ${int(r.compared.pairs)} pairs (candidates, random pairs for u, EM sessions) at ${int(rate)} comparisons/s on ${r.threads} thread${r.threads > 1 ? 's' : ''}; ${int(r.persons / Math.max(0.001, r.totalMs / 1000))} persons/s end to end`,
  );
  if (r.evaluation) {
    lines.push(`labels: ${int(r.labelled ?? 0)} persons tied to a ballot of the truth file`);
    lines.push(formatEvaluation(r.evaluation));
  }
  return lines.join('\n');
}

export function formatPairs(items: PairSummary[]): string {
  if (items.length === 0) return 'no pairs';
  const rows = [['pair', 'status', 'p', 'left', 'right', 'units']];
  for (const p of items) {
    rows.push([
      String(p.id),
      p.status,
      p.probability.toFixed(4),
      `${p.left.pin} ${p.left.fullName} ${p.left.dateOfBirth}`,
      `${p.right.pin} ${p.right.fullName} ${p.right.dateOfBirth}`,
      `${p.left.unit ?? '—'}/${p.right.unit ?? '—'}`,
    ]);
  }
  return table(rows).join('\n');
}

export function formatPair(p: PairDetail): string {
  const lines = [
    `pair ${p.id} (${p.status}, version ${p.version}): p = ${p.probability.toFixed(4)}, match weight ${p.matchWeight.toFixed(2)} bits${p.stale ? ' (a person changed since it was scored)' : ''}`,
    `  ${p.left.pin} ${p.left.state.fullName} ${p.left.state.dateOfBirth}  |  ${p.right.pin} ${p.right.state.fullName} ${p.right.state.dateOfBirth}`,
  ];
  for (const e of p.evidence)
    lines.push(`  ${e.comparison.padEnd(12)} ${e.level.padEnd(15)} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}`);
  if (p.mergeId !== null) lines.push(`  merged (merge ${p.mergeId})`);
  return lines.join('\n');
}

export function formatMerge(m: MergeView): string {
  const state = m.unmergedAt ? `undone by ${m.unmergedBy} at ${m.unmergedAt}` : 'in force';
  return [
    `merge ${m.id}: ${m.retiredPin} merged into ${m.survivorPin} by ${m.mergedBy} at ${m.mergedAt} (${state})`,
    `  relations re-pointed: ${m.relinked.length > 0 ? m.relinked.join(', ') : 'none'}`,
  ].join('\n');
}

export function formatPrecision(bands: BandPrecision[]): string {
  const rows = [['band', 'decided', 'same', 'different', 'precision', '95% interval']];
  for (const b of bands) {
    rows.push([
      b.band,
      int(b.decided),
      int(b.same),
      int(b.different),
      b.precision === null ? '—' : pct(b.precision),
      b.interval ? `${pct(b.interval.low)}–${pct(b.interval.high)}` : '—',
    ]);
  }
  return table(rows).join('\n');
}

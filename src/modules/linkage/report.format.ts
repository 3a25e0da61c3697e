// Text helpers shared by the reports of `popreg link` and `popreg dedup`: numbers, shares, aligned tables, and
// the trained model (EM sessions and the weight of every level).
import type { LinkModel } from './engine/model.ts';
import type { TrainingReport } from './engine/training.ts';

export const int = (n: number) => Math.round(n).toLocaleString('en');
export const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** Rows as columns: the first left-aligned, the others right-aligned. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  '));
}

/** One line per EM session, then the weight of every level of every comparison. */
export function trainingLines(t: TrainingReport, model: LinkModel): string[] {
  const lines: string[] = [];
  for (const s of t.sessions) {
    lines.push(
      s.learned.length === 0
        ? `  session "${s.rule}": ${int(s.pairs)} pairs, too few, skipped`
        : `  session "${s.rule}": ${int(s.pairs)} pairs, ${s.iterations} iterations${s.converged ? '' : ' (not converged)'}, match share ${pct(s.matchShare)}`,
    );
  }
  lines.push('level weights (bits):');
  for (const c of model.comparisons) {
    const levels = c.levels
      .slice(1)
      .map((l, i) => `${l} ${c.weights[i + 1]! >= 0 ? '+' : ''}${c.weights[i + 1]!.toFixed(1)}`);
    const note = c.sessions === 0 ? ' [m not learned: default m]' : '';
    lines.push(`  ${c.name}${c.tf ? ' (tf)' : ''}: ${levels.join(', ')}${note}`);
  }
  return lines;
}

// Scores persons one by one into tallies per place (province and commune), with no I/O so that the same code
// runs on the main thread or in a worker. A tally holds counts and sums, never ratios: places add up exactly.
import { parseState } from '../registry/person.model.ts';
import { type ValidationEnv, validatePersonState } from '../registry/person.validation.ts';
import { ageOf, completenessOf, confirmationCutoff, isConfirmed, isImplausiblyOld } from './quality.rules.ts';

/** One living person as read for scoring. */
export interface ScanRow {
  id: number;
  res_unit: string | null;
  res_province: string | null;
  data: string;
  last_recorded_at: string | null;
  last_valid_from: string | null;
}

export interface Tally {
  persons: number;
  /** Persons whose state passes every validation rule. */
  correct: number;
  /** Sum of the persons' completeness shares. */
  completeSum: number;
  /** Persons confirmed within five years. */
  confirmed: number;
  over110: number;
  /** Validation rule → persons breaking it. */
  violations: Record<string, number>;
  /** Field → persons for whom it applies and is not (fully) filled. */
  missing: Record<string, number>;
}

export function emptyTally(): Tally {
  return { persons: 0, correct: 0, completeSum: 0, confirmed: 0, over110: 0, violations: {}, missing: {} };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

export function addTally(into: Tally, from: Tally): void {
  into.persons += from.persons;
  into.correct += from.correct;
  into.completeSum += from.completeSum;
  into.confirmed += from.confirmed;
  into.over110 += from.over110;
  addCounts(into.violations, from.violations);
  addCounts(into.missing, from.missing);
}

/** Where a person is counted: `province|commune`, either part empty when the residence does not say. */
export function placeKey(province: string | null, commune: string | null): string {
  return `${province ?? ''}|${commune ?? ''}`;
}

export function splitPlaceKey(key: string): { province: string | null; commune: string | null } {
  const [p = '', c = ''] = key.split('|');
  return { province: p || null, commune: c || null };
}

/** Tallies per place key. */
export type Tallies = Map<string, Tally>;

export function mergeTallies(into: Tallies, from: Iterable<[string, Tally]>): void {
  for (const [k, t] of from) {
    const cur = into.get(k);
    if (cur) addTally(cur, t);
    else into.set(k, t);
  }
}

export class PersonScorer {
  private readonly cutoff: string;

  constructor(private readonly env: ValidationEnv) {
    this.cutoff = confirmationCutoff(env.today);
  }

  /** Scores a batch of rows into `tallies`. */
  scoreAll(rows: readonly ScanRow[], tallies: Tallies): void {
    for (const r of rows) this.score(r, tallies);
  }

  score(row: ScanRow, tallies: Tallies): void {
    const key = placeKey(row.res_province, row.res_unit);
    let t = tallies.get(key);
    if (!t) {
      t = emptyTally();
      tallies.set(key, t);
    }
    const state = parseState(row.data);
    t.persons++;
    // Correct: the registry's own rules, as every write applies them.
    const violations = validatePersonState(state, this.env).list;
    if (violations.length === 0) t.correct++;
    else {
      const rules = new Set(violations.map((v) => v.rule));
      for (const rule of rules) t.violations[rule] = (t.violations[rule] ?? 0) + 1;
    }
    const c = completenessOf(state, ageOf(state, this.env.today));
    t.completeSum += c.share;
    for (const f of c.missing) t.missing[f] = (t.missing[f] ?? 0) + 1;
    if (isConfirmed(row.last_recorded_at, row.last_valid_from, this.cutoff)) t.confirmed++;
    if (isImplausiblyOld(state, this.env.today)) t.over110++;
  }
}

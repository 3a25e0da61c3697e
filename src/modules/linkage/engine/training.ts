// Parameter estimation, the Splink recipe: u from random pairs, the global prior λ from strict deterministic rules
// and their assumed recall, m by EM in sessions blocked on different rules. A session cannot learn m for the
// comparisons its rule constrains (every pair agrees on them by construction), so those are left out of its
// model, and each comparison's m is the average over the sessions that could learn it. Two refinements once a
// first model exists (both explained below): λ re-estimated from the candidates, u corrected for the matches among
// the random pairs; each followed by EM again.
import {
  type BlockingPlan,
  generatePairs,
  type PairList,
  planBlocking,
  ruleHolds,
  sampleRulePairs,
  totalPairs,
} from './blocking.ts';
import type { Comparison } from './comparisons.ts';
import { blockLimits, DEFAULTS, type LinkConfig } from './config.ts';
import { aggregatePatterns, defaultM, type Patterns, runEm } from './em.ts';
import { ruleLabel, ruleUnits } from './keys.ts';
import type { LevelComputer } from './levels.pool.ts';
import {
  averageM,
  buildModel,
  type LinkModel,
  levelCounts,
  patternBits,
  patternMatchProbability,
  termFrequencies,
  uFromCounts,
} from './model.ts';
import type { Prepared } from './prepare.ts';
import { type Rng, randomPairs } from './random.ts';
import { scorePairs } from './score.ts';

export interface SessionReport {
  rule: string;
  pairs: number;
  patterns: number;
  learned: string[];
  iterations: number;
  converged: boolean;
  /** Share of matches EM found among the session's pairs. */
  matchShare: number;
}

export interface TrainingReport {
  uSamplePairs: number;
  /** Pairs meeting a strict deterministic rule. */
  priorPairs: number;
  /** Recall assumed for the strict rules, giving the starting λ. */
  priorRecall: number;
  /** Their recall as the trained model sees it: strict pairs / expected matches. */
  measuredRecall: number;
  lambda: number;
  sessions: SessionReport[];
}

interface SessionEstimate {
  m: number[][];
  active: boolean[];
  matchCounts: number[][];
}

export interface TrainingInput {
  prepared: Prepared;
  comparisons: readonly Comparison[];
  computer: LevelComputer;
  config: LinkConfig;
  plan: BlockingPlan;
  candidates: PairList;
  candidateLevels: Uint8Array;
  rng: Rng;
  uSamplePairs: number;
  maxSessionPairs: number;
}

function estimateLambda(t: TrainingInput, pairsInAll: number): { lambda: number; count: number; recall: number } {
  const recall = t.config.prior?.recall ?? DEFAULTS.priorRecall;
  const rules = t.config.prior?.rules ?? [];
  const count = rules.length > 0 ? generatePairs(planBlocking(t.prepared, rules, blockLimits(t.config))).length : 0;
  // Without a usable rule, assume one duplicate per hundred records: a weak prior EM weights can live with.
  const expected = count > 0 ? count / recall : Math.max(1, t.prepared.n / 100);
  const lambda = Math.min(0.5, Math.max(1 / pairsInAll, expected / pairsInAll));
  return { lambda, count, recall };
}

/** Levels of a session's pairs: a subset of the candidates when the rule is a blocking rule, else its own pairs. */
async function sessionLevels(t: TrainingInput, rule: string[]): Promise<Uint8Array> {
  const k = t.comparisons.length;
  const r = t.plan.rules.findIndex((b) => ruleLabel(b) === ruleLabel(rule));
  if (r >= 0) {
    const { left, right } = t.candidates;
    const take: number[] = [];
    for (let p = 0; p < left.length; p++) if (ruleHolds(t.plan, r, left[p]!, right[p]!)) take.push(p);
    const keep = Math.min(1, t.maxSessionPairs / Math.max(1, take.length));
    const out: number[] = keep < 1 ? take.filter(() => t.rng.next() < keep) : take;
    const levels = new Uint8Array(out.length * k);
    for (let x = 0; x < out.length; x++) levels.set(t.candidateLevels.subarray(out[x]! * k, out[x]! * k + k), x * k);
    return levels;
  }
  const { left, right } = sampleRulePairs(t.prepared, rule, t.maxSessionPairs, t.rng);
  return t.computer.compute(left, right);
}

interface Session {
  report: SessionReport;
  patterns: Patterns;
  active: boolean[];
}

function runSessions(
  sessions: readonly Session[],
  comparisons: readonly Comparison[],
  u: number[][],
): SessionEstimate[] {
  const out: SessionEstimate[] = [];
  for (const s of sessions) {
    // Too few pairs to say anything about m; the session is reported and skipped.
    if (s.patterns.pairs < 20) continue;
    const em = runEm(s.patterns, {
      u,
      mInit: comparisons.map((c) => defaultM(c.levels.length)),
      active: s.active,
      lambda: 0.3,
    });
    Object.assign(s.report, {
      learned: comparisons.filter((_, c) => s.active[c]).map((c) => c.name),
      iterations: em.iterations,
      converged: em.converged,
      matchShare: em.lambda,
    });
    out.push({ m: em.m, active: s.active, matchCounts: em.matchCounts });
  }
  return out;
}

/**
 * Random pairs include the few true matches among them, which on a small file with many duplicates inflates u of
 * the exact levels (a shared ID looks commoner among non-matches than it is). So u is re-estimated once the model
 * exists, counting each random pair by its probability of being a non-match, and EM is run again on that u.
 */
const U_CORRECTION_ROUNDS = 2;

/**
 * The strict rules' recall is only assumed at first, and it varies from data to data (a strict rule catches most
 * duplicates of a clean file and few of a messy one). Once the model exists, λ is taken as the expected number of
 * matches among the candidates over all pairs: the fixed point of λ = Σ P(match | pair, λ) / |all pairs|, i.e. the
 * EM update of λ with the pairs blocking never produces counted as non-matches. Started from the rule's estimate.
 */
function refineLambda(bits: Float64Array, counts: Float64Array | undefined, all: number, start: number): number {
  let lambda = start;
  for (let it = 0; it < 100; it++) {
    const prior = Math.log2(lambda / (1 - lambda));
    let expected = 0;
    for (let p = 0; p < bits.length; p++) expected += (counts ? counts[p]! : 1) / (1 + 2 ** -(prior + bits[p]!));
    const next = Math.min(0.5, Math.max(1 / all, expected / all));
    const done = Math.abs(next - lambda) <= 1e-3 * lambda;
    lambda = next;
    if (done) break;
  }
  return lambda;
}

export async function trainModel(t: TrainingInput): Promise<{ model: LinkModel; report: TrainingReport }> {
  const all = totalPairs(t.prepared);
  const k = t.comparisons.length;
  const levelsPer = t.comparisons.map((c) => c.levels.length);
  const sampleSize = Math.max(1, Math.min(t.uSamplePairs, all));
  const sample = randomPairs(t.prepared, sampleSize, t.rng);
  const samplePatterns = aggregatePatterns(await t.computer.compute(sample.left, sample.right), k);
  let uCounts = levelCounts(samplePatterns, levelsPer);
  let u = uFromCounts(uCounts);
  const prior = estimateLambda(t, all);
  const sessions: Session[] = [];
  for (const rule of t.config.training ?? t.config.blocking) {
    const blocked = ruleUnits(rule);
    const patterns = aggregatePatterns(await sessionLevels(t, rule), k);
    sessions.push({
      report: {
        rule: ruleLabel(rule),
        pairs: patterns.pairs,
        patterns: patterns.size,
        learned: [],
        iterations: 0,
        converged: false,
        matchShare: 0,
      },
      patterns,
      active: t.comparisons.map((c) => !blocked.has(c.name)),
    });
  }
  let learned = runSessions(sessions, t.comparisons, u);
  let lambda = prior.lambda;
  const tf = t.comparisons.map((c) => (c.tfValue ? termFrequencies(c.tfValue) : undefined));
  // While training, λ is refined on the candidates' distinct patterns (cheap); the last time on every pair, with TF.
  const candidatePatterns = aggregatePatterns(t.candidateLevels, k);
  for (let round = 0; round < U_CORRECTION_ROUNDS; round++) {
    const { bits, counts } = patternBits(
      buildModel(t.comparisons, { u, counts: uCounts }, learned, lambda, tf),
      candidatePatterns,
    );
    lambda = refineLambda(bits, counts, all, lambda);
    const m = levelsPer.map((n, c) => averageM(n, c, learned));
    const pMatch = patternMatchProbability(samplePatterns, m, u, lambda);
    uCounts = levelCounts(
      samplePatterns,
      levelsPer,
      pMatch.map((p) => 1 - p),
    );
    u = uFromCounts(uCounts);
    learned = runSessions(sessions, t.comparisons, u);
  }
  const draft = buildModel(t.comparisons, { u, counts: uCounts }, learned, lambda, tf);
  const weights = scorePairs(draft, t.comparisons, t.candidates.left, t.candidateLevels).weight;
  lambda = refineLambda(
    weights.map((w) => w - draft.priorWeight),
    undefined,
    all,
    lambda,
  );
  const model = { ...draft, lambda, priorWeight: Math.log2(lambda / (1 - lambda)) };
  const measuredRecall = prior.count > 0 ? Math.min(1, prior.count / (lambda * all)) : 0;
  return {
    model,
    report: {
      uSamplePairs: sampleSize,
      priorPairs: prior.count,
      priorRecall: prior.recall,
      measuredRecall,
      lambda,
      sessions: sessions.map((s) => s.report),
    },
  };
}

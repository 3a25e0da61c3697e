// The linkage use case: standardise → block → compare → train → score → cluster → evaluate, on one table (dedupe)
// or two (link). Plain TypeScript with no I/O: the CLI reads the files and writes the results.
import { availableParallelism } from 'node:os';
import { type BlockingPlan, generatePairs, type PairList, planBlocking, totalPairs } from './engine/blocking.ts';
import { type ClusterResult, clusterPairs } from './engine/cluster.ts';
import { buildComparisons, type Comparison } from './engine/comparisons.ts';
import { blockLimits, DEFAULTS, expandUnits, type LinkConfig, LinkConfigError } from './engine/config.ts';
import { type Evaluation, evaluate, truthKeys } from './engine/evaluate.ts';
import { type LevelComputer, localComputer, workerComputer } from './engine/levels.pool.ts';
import type { LinkModel } from './engine/model.ts';
import { type Prepared, prepare, type Table } from './engine/prepare.ts';
import { createRng } from './engine/random.ts';
import { type Scores, scorePairs } from './engine/score.ts';
import { type TrainingReport, trainModel } from './engine/training.ts';

export type { Table };

export type Stage = 'standardise' | 'block' | 'compare' | 'train' | 'score' | 'cluster' | 'evaluate';

export interface LinkOptions {
  /** Overrides config.threshold. */
  threshold?: number;
  /** Worker threads for the comparison stage; 1 keeps everything on this thread. Default: the cores, up to 8. */
  threads?: number;
  /** Below this many pairs to compare, no workers are started. */
  workerMinPairs?: number;
  seed?: number;
  /** Random pairs for u (default 1,000,000, or all pairs if fewer). */
  uSamplePairs?: number;
  /** Pairs per EM session at most (a random subset beyond). */
  maxSessionPairs?: number;
  truth?: { column: string; pattern?: string };
  /** Called once blocking has counted and made its pairs, before any comparison. */
  onBlocked?: (plan: BlockingPlan, candidates: number) => void;
  onProgress?: (stage: Stage, done: number, total: number) => void;
}

export interface LinkResult {
  config: LinkConfig;
  prepared: Prepared;
  comparisons: Comparison[];
  plan: BlockingPlan;
  candidates: PairList;
  /** Comparison levels of the candidates, one byte per comparison per pair. */
  levels: Uint8Array;
  model: LinkModel;
  training: TrainingReport;
  scores: Scores;
  threshold: number;
  clusters: ClusterResult;
  evaluation?: Evaluation;
  /** Entity key per record, when labels were given. */
  truth?: string[];
  threads: number;
  /** Every pair compared (candidates, random pairs for u, EM sessions) and the time spent comparing. */
  compared: { pairs: number; ms: number };
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
}

function column(tables: readonly Table[], name: string, what: string): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const i = t.header.indexOf(name);
    if (i < 0)
      throw new LinkConfigError(`${what} "${name}" is not a column of ${t.name} (columns: ${t.header.join(', ')})`);
    for (const row of t.rows) out.push(row[i] ?? '');
  }
  return out;
}

export async function runLinkage(
  tables: readonly Table[],
  config: LinkConfig,
  opts: LinkOptions = {},
): Promise<LinkResult> {
  const timings = {} as Record<Stage, number>;
  let mark = performance.now();
  const lap = (s: Stage) => {
    const now = performance.now();
    timings[s] = (timings[s] ?? 0) + (now - mark);
    mark = now;
  };
  const threshold = opts.threshold ?? config.threshold ?? DEFAULTS.threshold;
  const idColumn = config.idColumn ?? tables[0]!.header[0]!;
  const truth = opts.truth
    ? truthKeys(column(tables, opts.truth.column, '--truth-column'), opts.truth.pattern)
    : undefined;
  const prepared = prepare(tables, expandUnits(config.fields), idColumn, config.dateOrder ?? DEFAULTS.dateOrder);
  if (totalPairs(prepared) === 0) {
    throw new LinkConfigError(
      prepared.link ? 'each input needs at least one record to link' : 'a dedupe needs at least two records',
    );
  }
  const comparisons = buildComparisons(prepared);
  lap('standardise');

  const plan = planBlocking(prepared, config.blocking, blockLimits(config));
  const candidates = generatePairs(plan);
  lap('block');
  opts.onBlocked?.(plan, candidates.length);
  mark = performance.now();

  const uSamplePairs = opts.uSamplePairs ?? 1_000_000;
  const wanted = opts.threads ?? Math.min(8, availableParallelism());
  const toCompare = candidates.length + Math.min(uSamplePairs, totalPairs(prepared));
  // Starting a worker (and, from sources, the TypeScript loader in it) costs about a second: below two million
  // pairs one thread finishes first.
  const useWorkers = wanted > 1 && toCompare >= (opts.workerMinPairs ?? 2_000_000);
  const k = comparisons.length;
  const computer: LevelComputer = useWorkers
    ? workerComputer({ units: prepared.units, slots: prepared.slots }, wanted, k)
    : localComputer(comparisons);
  let levels: Uint8Array;
  let trained: Awaited<ReturnType<typeof trainModel>>;
  try {
    levels = await computer.compute(candidates.left, candidates.right, (d) =>
      opts.onProgress?.('compare', d, candidates.length),
    );
    lap('compare');
    trained = await trainModel({
      prepared,
      comparisons,
      computer,
      config,
      plan,
      candidates,
      candidateLevels: levels,
      rng: createRng(opts.seed ?? 1),
      uSamplePairs,
      maxSessionPairs: opts.maxSessionPairs ?? 1_000_000,
    });
    lap('train');
  } finally {
    await computer.close();
  }
  const scores = scorePairs(trained.model, comparisons, candidates.left, levels);
  lap('score');

  const edges = [];
  for (let p = 0; p < candidates.length; p++) {
    if (scores.probability[p]! >= threshold)
      edges.push({ a: candidates.left[p]!, b: candidates.right[p]!, p: scores.probability[p]! });
  }
  const clusters = clusterPairs(
    prepared.n,
    edges,
    threshold,
    Math.max(threshold, config.mergeThreshold ?? DEFAULTS.mergeThreshold),
  );
  lap('cluster');
  const evaluation = truth
    ? evaluate(
        truth,
        plan,
        { left: candidates.left, right: candidates.right, probability: scores.probability },
        threshold,
        clusters.cluster,
      )
    : undefined;
  if (evaluation) lap('evaluate');
  return {
    config,
    prepared,
    comparisons,
    plan,
    candidates,
    levels,
    model: trained.model,
    training: trained.report,
    scores,
    threshold,
    clusters,
    evaluation,
    truth,
    threads: computer.threads,
    compared: { ...computer.stats },
    timings,
  };
}

// `popreg dedup`: the batch run over every person. Reads the persons (only the columns the engine needs, in id
// order), runs the linkage engine (standardise, block, compare, train by EM on the registry itself, score,
// cluster), writes the pairs at or above the review threshold into the queue (remembering decisions), rewrites
// the blocking keys the incremental check looks up, and stores the trained model with the run.
import { availableParallelism } from 'node:os';
import type { Db } from '../../db/database.ts';
import type { RuleStats } from '../linkage/engine/blocking.ts';
import { DEFAULTS, type LinkConfig } from '../linkage/engine/config.ts';
import type { Evaluation } from '../linkage/engine/evaluate.ts';
import type { LinkModel } from '../linkage/engine/model.ts';
import { explainPair, weighers } from '../linkage/engine/score.ts';
import type { TrainingReport } from '../linkage/engine/training.ts';
import { runLinkage, type Stage } from '../linkage/linkage.service.ts';
import { FEATURE_COLUMNS } from './dedup.config.ts';
import { evidenceOf } from './dedup.evidence.ts';
import { replaceAllLinkKeys } from './dedup.keys.repository.ts';
import { ruleKeys } from './dedup.keys.ts';
import { storedModelJson } from './dedup.model.ts';
import { countPairsByStatus } from './dedup.queue.repository.ts';
import { eachLinkRow, finishRun, insertRun, loadedBallots, type NewPair, upsertPairs } from './dedup.repository.ts';
import { readBallotPins, readTruth, type TruthMapping, truthKeyOf } from './dedup.truth.ts';

export interface BatchOptions {
  /** Operating threshold (clusters and the quality figures); default the config's (0.9). */
  threshold?: number;
  /** Pairs at or above it enter the review queue; default 0.5. */
  reviewThreshold?: number;
  threads?: number;
  /** Labels: the generator's truth file, and optionally the ballots file to tie persons to ballots by PIN. */
  truth?: { file: string; ballots?: string };
  onProgress?: (stage: string, done: number, total: number) => void;
}

export type BatchStage = 'read' | Stage | 'write pairs' | 'write keys';

export interface BatchReport {
  runId: number;
  persons: number;
  threshold: number;
  reviewThreshold: number;
  blocking: RuleStats[];
  candidates: number;
  model: LinkModel | null;
  training: TrainingReport | null;
  notes: string[];
  /** Pairs at or above the review threshold, and at or above the operating threshold. */
  pairsForReview: number;
  pairsAtThreshold: number;
  pairsWritten: number;
  clusters: { withDuplicates: number; persons: number; largest: number; cutLinks: number };
  queue: Record<string, number>;
  linkKeys: number;
  evaluation?: Evaluation;
  /** Labelled persons (those the truth file names). */
  labelled?: number;
  threads: number;
  /** Every pair compared (candidates, random pairs for u, EM sessions) and the time spent comparing them. */
  compared: { pairs: number; ms: number };
  timings: Partial<Record<BatchStage, number>>;
  totalMs: number;
}

/** Column arrays of the persons read, kept compact (a million persons). */
interface Persons {
  rows: string[][];
  ids: Float64Array;
  versions: Int32Array;
  units: (string | null)[];
  provinces: (string | null)[];
}

async function readPersons(db: Db, mapping: TruthMapping | undefined): Promise<{ p: Persons; labelled: number }> {
  let cap = 1 << 16;
  let ids = new Float64Array(cap);
  let versions = new Int32Array(cap);
  const rows: string[][] = [];
  const units: (string | null)[] = [];
  const provinces: (string | null)[] = [];
  let labelled = 0;
  // The same commune code or birth date arrives as a new string on every row: keep one copy of each.
  const interned = new Map<string, string>();
  const intern = (s: string | null) => {
    if (s === null) return '';
    const x = interned.get(s);
    if (x !== undefined) return x;
    interned.set(s, s);
    return s;
  };
  await eachLinkRow(db, mapping !== undefined, (r) => {
    const n = rows.length;
    if (n === cap) {
      cap *= 2;
      const i2 = new Float64Array(cap);
      i2.set(ids);
      ids = i2;
      const v2 = new Int32Array(cap);
      v2.set(versions);
      versions = v2;
    }
    const [id, version, fullName, dob, sex, pin, oldId, unit, province, phone, ballot] = r;
    ids[n] = id;
    versions[n] = version;
    const commune = intern(unit);
    units.push(unit === null ? null : commune);
    provinces.push(province === null ? null : intern(province));
    // FEATURE_COLUMNS order: id, name, dob, sex, pin, old_id, phone, commune (+ truth).
    const row = [String(id), fullName, intern(dob), intern(sex), pin, oldId ?? '', phone ?? '', commune];
    if (mapping) {
      const key = truthKeyOf(mapping, id, pin, ballot);
      if (key) labelled++;
      row.push(key);
    }
    rows.push(row);
  });
  return {
    p: { rows, ids: ids.subarray(0, rows.length), versions: versions.subarray(0, rows.length), units, provinces },
    labelled,
  };
}

export async function runBatch(
  db: Db,
  startedBy: string,
  now: () => string,
  config: LinkConfig,
  opts: BatchOptions = {},
): Promise<BatchReport> {
  const started = performance.now();
  const timings: Partial<Record<BatchStage, number>> = {};
  const threshold = opts.threshold ?? config.threshold ?? DEFAULTS.threshold;
  const reviewThreshold = opts.reviewThreshold ?? 0.5;
  const runId = await insertRun(db, {
    kind: 'batch',
    started_at: now(),
    threshold: reviewThreshold,
    started_by: startedBy,
  });

  const mapping: TruthMapping | undefined = opts.truth
    ? {
        truth: await readTruth(opts.truth.file),
        ballotOfPin: opts.truth.ballots ? await readBallotPins(opts.truth.ballots) : undefined,
        loadedBallots: await loadedBallots(db),
      }
    : undefined;
  let mark = performance.now();
  const { p, labelled } = await readPersons(db, mapping);
  timings.read = performance.now() - mark;
  opts.onProgress?.('read', p.rows.length, p.rows.length);

  const report: BatchReport = {
    runId,
    persons: p.rows.length,
    threshold,
    reviewThreshold,
    blocking: [],
    candidates: 0,
    model: null,
    training: null,
    notes: [],
    pairsForReview: 0,
    pairsAtThreshold: 0,
    pairsWritten: 0,
    clusters: { withDuplicates: 0, persons: 0, largest: 0, cutLinks: 0 },
    queue: {},
    linkKeys: 0,
    ...(mapping ? { labelled } : {}),
    threads: 1,
    compared: { pairs: 0, ms: 0 },
    timings,
    totalMs: 0,
  };
  if (p.rows.length < 2) {
    report.notes.push('fewer than two persons: nothing to compare');
    await finishRun(db, runId, {
      finished_at: now(),
      persons: p.rows.length,
      candidates: 0,
      pairs: 0,
      model: null,
      stats: JSON.stringify({ timings }),
    });
    report.queue = await countPairsByStatus(db);
    report.totalMs = performance.now() - started;
    return report;
  }

  const header = mapping ? [...FEATURE_COLUMNS, 'truth'] : [...FEATURE_COLUMNS];
  const r = await runLinkage([{ name: 'registry', header, rows: p.rows }], config, {
    threshold,
    threads: opts.threads ?? Math.min(8, availableParallelism()),
    ...(mapping ? { truth: { column: 'truth', pattern: '^(.*)$' } } : {}),
    onProgress: (stage, done, total) => opts.onProgress?.(stage, done, total),
  });
  p.rows.length = 0;
  Object.assign(timings, r.timings);

  // Pairs for the queue, with their evidence.
  mark = performance.now();
  const fns = weighers(r.model, r.comparisons);
  const k = r.comparisons.length;
  const at = now();
  const pairs: NewPair[] = [];
  for (let x = 0; x < r.candidates.length; x++) {
    const prob = r.scores.probability[x]!;
    if (prob < reviewThreshold) continue;
    if (prob >= threshold) report.pairsAtThreshold++;
    const i = r.candidates.left[x]!;
    const j = r.candidates.right[x]!;
    // Records were read in id order, so the left record has the smaller id.
    pairs.push({
      person_l: p.ids[i]!,
      person_r: p.ids[j]!,
      version_l: p.versions[i]!,
      version_r: p.versions[j]!,
      unit_l: p.units[i]!,
      unit_r: p.units[j]!,
      province_l: p.provinces[i]!,
      province_r: p.provinces[j]!,
      probability: prob,
      match_weight: r.scores.weight[x]!,
      evidence: JSON.stringify(evidenceOf(explainPair(r.model, fns, i, r.levels.subarray(x * k, x * k + k)))),
      status: 'open',
      found_by: r.plan.stats[r.candidates.rule[x]!]!.rule,
      run_id: runId,
      created_at: at,
      updated_at: at,
    });
  }
  report.pairsForReview = pairs.length;
  report.pairsWritten = await upsertPairs(db, pairs);
  timings['write pairs'] = performance.now() - mark;

  mark = performance.now();
  report.linkKeys = await replaceAllLinkKeys(db, p.ids, ruleKeys(r.prepared, config.blocking));
  timings['write keys'] = performance.now() - mark;

  const sizes = new Map<number, number>();
  for (const c of r.clusters.cluster) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  for (const size of sizes.values()) {
    if (size < 2) continue;
    report.clusters.withDuplicates++;
    report.clusters.persons += size;
    report.clusters.largest = Math.max(report.clusters.largest, size);
  }
  report.clusters.cutLinks = r.clusters.cutLinks;
  Object.assign(report, {
    blocking: r.plan.stats,
    candidates: r.candidates.length,
    model: r.model,
    training: r.training,
    notes: r.prepared.notes,
    evaluation: r.evaluation,
    threads: r.threads,
    compared: r.compared,
  });
  report.queue = await countPairsByStatus(db);
  report.totalMs = performance.now() - started;
  await finishRun(db, runId, {
    finished_at: now(),
    persons: report.persons,
    candidates: report.candidates,
    pairs: report.pairsForReview,
    model: storedModelJson({ config, model: r.model, threshold, reviewThreshold }),
    stats: JSON.stringify({
      blocking: report.blocking,
      training: report.training,
      clusters: report.clusters,
      timings,
      compared: report.compared,
      evaluation: report.evaluation ?? null,
    }),
  });
  return report;
}

// The incremental check: one new or changed person (or a ballot, or a state not yet registered) against its
// blocks only. Its blocking keys are derived as in the batch run, the persons sharing a key are found through the
// indexed key table, and the pairs are scored with the model of the last batch run. Nothing is trained here.
import type { Db, DbOrTrx } from '../../db/database.ts';
import { scoreWithModel } from '../linkage/engine/apply.ts';
import { DEFAULTS, expandUnits } from '../linkage/engine/config.ts';
import { prepare } from '../linkage/engine/prepare.ts';
import { FEATURE_COLUMNS, type Features } from './dedup.config.ts';
import { type EvidenceItem, evidenceOf } from './dedup.evidence.ts';
import { featureRow, featuresOfRow } from './dedup.features.ts';
import { personsByKey, replaceLinkKeys } from './dedup.keys.repository.ts';
import { ruleKeys } from './dedup.keys.ts';
import type { StoredModel } from './dedup.model.ts';
import { type CandidateRow, candidateRows, type NewPair, upsertPairs } from './dedup.repository.ts';

export interface Match {
  personId: number;
  pin: string;
  probability: number;
  matchWeight: number;
  evidence: EvidenceItem[];
}

/** Blocking keys of records given as features, under the model's config: one number per rule (-1: none). */
export function keysOf(model: Pick<StoredModel, 'config'>, features: readonly Features[]): number[][] {
  const c = model.config;
  const table = { name: 'check', header: [...FEATURE_COLUMNS], rows: features.map((f, i) => featureRow(String(i), f)) };
  const prepared = prepare([table], expandUnits(c.fields), 'id', c.dateOrder ?? DEFAULTS.dateOrder);
  const byRule = ruleKeys(prepared, c.blocking);
  return features.map((_, i) => byRule.map((col) => col[i]!));
}

/** Persons sharing a key with the record (giant blocks left out, as the batch run leaves them out). */
export async function candidatesOf(
  db: DbOrTrx,
  model: Pick<StoredModel, 'config'>,
  keys: readonly number[],
  exclude: ReadonlySet<number>,
): Promise<number[]> {
  const limit = model.config.maxBlockSize ?? DEFAULTS.maxBlockSize;
  const found = await personsByKey(
    db,
    keys.filter((k) => k >= 0),
    limit,
  );
  const out = new Set<number>();
  for (const ids of found.values()) {
    if (ids.length > limit) continue;
    for (const id of ids) if (!exclude.has(id)) out.add(id);
  }
  return [...out].sort((a, b) => a - b);
}

/** Scores `record` against each candidate with the stored model. */
export function scoreAgainst(model: StoredModel, record: Features, candidates: readonly CandidateRow[]): Match[] {
  if (candidates.length === 0) return [];
  const rows = [featureRow('record', record), ...candidates.map((c) => featureRow(String(c.id), featuresOfRow(c)))];
  const left = new Uint32Array(candidates.length);
  const right = Uint32Array.from(candidates, (_, i) => i + 1);
  const s = scoreWithModel(
    { name: 'check', header: [...FEATURE_COLUMNS], rows },
    model.config,
    model.model,
    left,
    right,
  );
  return candidates.map((c, x) => ({
    personId: c.id,
    pin: c.pin,
    probability: s.probability[x]!,
    matchWeight: s.weight[x]!,
    evidence: evidenceOf(s.explain(x)),
  }));
}

export interface CheckSummary {
  persons: number;
  candidates: number;
  /** Pairs at or above the review threshold, written to the queue (decisions remembered). */
  pairs: number;
  /** False when no batch run has stored a model yet: keys are kept, nothing is scored. */
  scored: boolean;
}

/**
 * Checks persons of the registry: refreshes their keys, scores them against their blocks and enqueues the pairs
 * at or above the review threshold. Persons retired by a merge are skipped.
 */
export async function checkPersons(
  db: Db,
  model: StoredModel | undefined,
  ids: readonly number[],
  now: () => string,
): Promise<CheckSummary> {
  const summary: CheckSummary = { persons: 0, candidates: 0, pairs: 0, scored: model !== undefined };
  // Before the first batch run there are neither keys nor a model: nothing to look up.
  if (!model || ids.length === 0) return summary;
  const persons = await candidateRows(db, ids);
  const features = persons.map(featuresOfRow);
  const keys = keysOf(model, features);
  await replaceLinkKeys(
    db,
    persons.map((p, i) => ({ personId: p.id, keys: keys[i]! })),
  );
  const at = now();
  for (const [i, person] of persons.entries()) {
    summary.persons++;
    const candidateIds = await candidatesOf(db, model, keys[i]!, new Set([person.id]));
    const candidates = await candidateRows(db, candidateIds);
    summary.candidates += candidates.length;
    const pairs: NewPair[] = [];
    for (const m of scoreAgainst(model, features[i]!, candidates)) {
      if (m.probability < model.reviewThreshold) continue;
      const other = candidates.find((c) => c.id === m.personId)!;
      const [l, r] = person.id < other.id ? [person, other] : [other, person];
      pairs.push({
        person_l: l.id,
        person_r: r.id,
        version_l: l.version,
        version_r: r.version,
        unit_l: l.res_unit,
        unit_r: r.res_unit,
        province_l: l.res_province,
        province_r: r.res_province,
        probability: m.probability,
        match_weight: m.matchWeight,
        evidence: JSON.stringify(m.evidence),
        status: 'open',
        found_by: 'person',
        run_id: model.runId,
        created_at: at,
        updated_at: at,
      });
    }
    summary.pairs += pairs.length;
    await upsertPairs(db, pairs);
  }
  return summary;
}

/** Persons of the registry that match a record not in it (a state or a ballot), most probable first. */
export async function matchRecord(
  db: DbOrTrx,
  model: StoredModel,
  record: Features,
  opts: { minProbability?: number; limit?: number; exclude?: ReadonlySet<number> } = {},
): Promise<Match[]> {
  const [keys] = keysOf(model, [record]);
  const ids = await candidatesOf(db, model, keys!, opts.exclude ?? new Set());
  const matches = scoreAgainst(model, record, await candidateRows(db, ids));
  return matches
    .filter((m) => m.probability >= (opts.minProbability ?? model.reviewThreshold))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, opts.limit ?? 20);
}

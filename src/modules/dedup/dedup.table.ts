// Kysely tables of record linkage in the registry (migration 006): batch runs and their model, the pairs (review
// queue and remembered decisions), reversible merges, and the blocking keys of every person.
import type { Generated } from 'kysely';

export type PairStatus = 'open' | 'same' | 'different' | 'merged' | 'closed';

export type DedupRunTable = {
  id: Generated<number>;
  /** 'batch' (all persons). */
  kind: string;
  started_at: string;
  finished_at: string | null;
  /** Counts filled in as the run goes (0 until then). */
  persons: Generated<number>;
  candidates: Generated<number>;
  pairs: Generated<number>;
  /** Review threshold: pairs at or above it were written. */
  threshold: number;
  /** StoredModel JSON: the config, the trained model and the thresholds. */
  model: string | null;
  /** JSON: blocking table, timings, clusters, evaluation. */
  stats: string | null;
  started_by: string;
};

export type DedupPairTable = {
  id: Generated<number>;
  person_l: number;
  person_r: number;
  version_l: number;
  version_r: number;
  unit_l: string | null;
  unit_r: string | null;
  province_l: string | null;
  province_r: string | null;
  probability: number;
  match_weight: number;
  /** JSON: EvidenceItem[]. */
  evidence: string;
  status: PairStatus;
  /** 'batch', 'person' (a new or changed person) or the blocking rule. */
  found_by: string;
  run_id: number | null;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: Generated<number>;
};

export type PersonMergeTable = {
  id: Generated<number>;
  survivor_id: number;
  retired_id: number;
  retired_pin: string;
  pair_id: number | null;
  /** JSON: MergeSnapshot (every row the merge changed, as it was, and what it added). */
  snapshot: string;
  merged_by: string;
  merged_at: string;
  unmerged_by: string | null;
  unmerged_at: string | null;
};

/** One blocking key of one person: slot = person_id * KEY_SLOTS + rule. */
export type PersonLinkKeyTable = {
  slot: number;
  key: number;
};

/** Blocking rules per person at most (the slot arithmetic of person_link_key). */
export const KEY_SLOTS = 8;

export type DedupTables = {
  dedup_run: DedupRunTable;
  dedup_pair: DedupPairTable;
  person_merge: PersonMergeTable;
  person_link_key: PersonLinkKeyTable;
};

// Kysely tables of the quality module, and the columns it reads from the deduplication tables (which that module
// owns): only those, so that this module depends on nothing else of it. Type aliases rather than interfaces:
// Kysely's withTables needs types with implicit index signatures.
import type { Generated } from 'kysely';

export type QualitySnapshotTable = {
  id: Generated<number>;
  computed_at: string;
  computed_by: string;
  /** The registry's "today" the scores were computed for. */
  today: string;
  duration_ms: number;
  persons: number;
  /** End of the last finished deduplication run; null when deduplication never ran. */
  dedup_finished_at: string | null;
};

export type QualityLevel = 'nation' | 'province' | 'commune';

export type QualitySnapshotUnitTable = {
  snapshot_id: number;
  level: QualityLevel;
  /** Current unit code; `VN` for the nation. */
  code: string;
  province_code: string | null;
  persons: number;
  correct: number;
  complete_sum: number;
  confirmed: number;
  over_110: number;
  open_pairs: number;
  suspects: number;
  /** JSON: validation rule → persons breaking it. */
  violations: string;
  /** JSON: field → persons missing it. */
  missing: string;
};

/** Read-only view of the deduplication tables (migration 006). */
type DedupRunColumns = {
  id: number;
  finished_at: string | null;
};

type DedupPairColumns = {
  id: number;
  person_l: number;
  person_r: number;
  unit_l: string | null;
  unit_r: string | null;
  province_l: string | null;
  province_r: string | null;
  status: string;
};

type PersonMergeColumns = {
  retired_id: number;
  unmerged_at: string | null;
};

export type QualityTables = {
  quality_snapshot: QualitySnapshotTable;
  quality_snapshot_unit: QualitySnapshotUnitTable;
  dedup_run: DedupRunColumns;
  dedup_pair: DedupPairColumns;
  person_merge: PersonMergeColumns;
};

// Kysely tables of the quality module: the stored snapshots and their per-unit tallies. The deduplication tables it
// reads (open pairs, merges, the last run) are dedup's, declared once in dedup.table.ts and listed in database.ts.
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

export type QualityTables = {
  quality_snapshot: QualitySnapshotTable;
  quality_snapshot_unit: QualitySnapshotUnitTable;
};

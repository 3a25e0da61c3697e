import type { Kysely } from 'kysely';
import { idType, serialId } from './_dialect.ts';

// Record linkage in the registry: batch runs with their trained model, the pairs found (the review queue and the
// remembered decisions), and reversible merges.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);

  await db.schema
    .createTable('dedup_run')
    .addColumn('id', serialType, serialBuild)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('persons', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candidates', id, (c) => c.notNull().defaultTo(0))
    .addColumn('pairs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('threshold', 'real', (c) => c.notNull())
    // The trained model (JSON), reused by the incremental check until the next batch run.
    .addColumn('model', 'text')
    .addColumn('stats', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .execute();

  // One pair of persons (person_l < person_r). status: open | same | different | merged | closed (a pair of a
  // person retired by another merge). A decision is kept with the versions it was made on; a pair decided
  // 'different' comes back only when a version changes.
  await db.schema
    .createTable('dedup_pair')
    .addColumn('id', serialType, serialBuild)
    .addColumn('person_l', id, (c) => c.notNull())
    .addColumn('person_r', id, (c) => c.notNull())
    .addColumn('version_l', 'integer', (c) => c.notNull())
    .addColumn('version_r', 'integer', (c) => c.notNull())
    .addColumn('unit_l', 'text')
    .addColumn('unit_r', 'text')
    .addColumn('province_l', 'text')
    .addColumn('province_r', 'text')
    .addColumn('probability', 'real', (c) => c.notNull())
    .addColumn('match_weight', 'real', (c) => c.notNull())
    // JSON: per comparison {name, level, weight}.
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('found_by', 'text', (c) => c.notNull())
    .addColumn('run_id', id)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    // Optimistic concurrency of decisions: bumped whenever the pair's persons or status change.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('dedup_pair_uq', ['person_l', 'person_r'])
    .execute();
  await db.schema.createIndex('dedup_pair_status_idx').on('dedup_pair').columns(['status', 'probability']).execute();
  await db.schema.createIndex('dedup_pair_unit_l_idx').on('dedup_pair').columns(['unit_l', 'status']).execute();
  await db.schema.createIndex('dedup_pair_unit_r_idx').on('dedup_pair').columns(['unit_r', 'status']).execute();
  await db.schema.createIndex('dedup_pair_person_r_idx').on('dedup_pair').column('person_r').execute();

  // A merge: the retired person's rows as they were (snapshot JSON) so that unmerge restores them exactly.
  await db.schema
    .createTable('person_merge')
    .addColumn('id', serialType, serialBuild)
    .addColumn('survivor_id', id, (c) => c.notNull())
    .addColumn('retired_id', id, (c) => c.notNull())
    .addColumn('retired_pin', 'text', (c) => c.notNull())
    .addColumn('pair_id', id)
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addColumn('unmerged_by', 'text')
    .addColumn('unmerged_at', 'text')
    .execute();
  // The blocking keys of every person, so that the incremental check finds a new or changed person's candidates
  // with indexed lookups: one hashed key per blocking rule, in slot person_id * 8 + rule (a person's keys are then
  // one range of the primary key, with no second index to keep). Rewritten by each batch run, kept on writes.
  await db.schema
    .createTable('person_link_key')
    .addColumn('slot', id, (c) => c.primaryKey())
    .addColumn('key', id, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_link_key_key_idx').on('person_link_key').column('key').execute();

  await db.schema.createIndex('person_merge_retired_idx').on('person_merge').column('retired_id').execute();
  await db.schema.createIndex('person_merge_survivor_idx').on('person_merge').column('survivor_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['person_link_key', 'person_merge', 'dedup_pair', 'dedup_run'])
    await db.schema.dropTable(t).execute();
}

import type { Kysely } from 'kysely';

// Production reads the approved applications of every province in id order, a chunk at a time. The status index
// of migration 011 has the province between status and id, so without a province the planner scanned and sorted
// every approved application for each chunk (quadratic over a batch of 100,000); this one serves the read as a
// range.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('card_application_status_id_idx')
    .on('card_application')
    .columns(['status', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('card_application_status_id_idx').execute();
}

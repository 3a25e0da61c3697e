import type { Kysely } from 'kysely';
import { idType, isPostgres, serialId } from './_dialect.ts';

// Identity cards: the photos captured for them, applications (from receipt to hand-over), production batches, the
// cards themselves with their chip data, the event log of every status change, and the list of cards due.
// Dates are YYYY-MM-DD text, times ISO 8601 text, JSON as text, as in the rest of the schema.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);
  // Binary columns: bytea on PostgreSQL, blob on SQLite; both drivers return a Buffer.
  const blob = isPostgres(db) ? 'bytea' : 'blob';

  await db.schema
    .createTable('card_photo')
    .addColumn('id', serialType, serialBuild)
    .addColumn('person_id', id, (c) => c.notNull().references('person.id'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', blob, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text', (c) => c.notNull())
    // capture | placeholder (the demo's generated silhouette)
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_photo_person_idx').on('card_photo').columns(['person_id', 'id']).execute();

  await db.schema
    .createTable('card_batch')
    .addColumn('id', serialType, serialBuild)
    // built | exported | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    // null: applications of every province
    .addColumn('province_code', 'text')
    .addColumn('cards', 'integer', (c) => c.notNull())
    .addColumn('produced', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('signer_id', 'text')
    .addColumn('exported_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();

  await db.schema
    .createTable('card_application')
    .addColumn('id', serialType, serialBuild)
    .addColumn('person_id', id, (c) => c.notNull().references('person.id'))
    .addColumn('pin', 'text', (c) => c.notNull())
    // first | renewal | change | sex_reregistration | pin_reestablishment | lost | damaged
    .addColumn('reason', 'text', (c) => c.notNull())
    // received | approved | in_production | produced | delivered | issued | refused | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    // Commune code of the place of receipt.
    .addColumn('received_unit', 'text', (c) => c.notNull())
    // The person's residence when applying: decides jurisdiction and the due lists.
    .addColumn('unit_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    // JSON: the legal representative of an applicant under 14.
    .addColumn('representative', 'text')
    .addColumn('photo_id', id, (c) => c.references('card_photo.id'))
    // JSON PrintedCard taken at approval, so a later registry correction does not change what is printed.
    .addColumn('printed', 'text')
    .addColumn('batch_id', id, (c) => c.references('card_batch.id'))
    .addColumn('card_id', id)
    .addColumn('replaces_card_id', id)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('card_application_status_idx')
    .on('card_application')
    .columns(['status', 'province_code', 'id'])
    .execute();
  await db.schema
    .createIndex('card_application_person_idx')
    .on('card_application')
    .columns(['person_id', 'id'])
    .execute();
  await db.schema.createIndex('card_application_batch_idx').on('card_application').column('batch_id').execute();

  await db.schema
    .createTable('card')
    .addColumn('id', serialType, serialBuild)
    .addColumn('application_id', id, (c) => c.notNull().unique().references('card_application.id'))
    .addColumn('person_id', id, (c) => c.notNull().references('person.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull())
    // 2021 | 2024
    .addColumn('generation', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    // null: valid for life
    .addColumn('expires_on', 'text')
    // in_production | produced | failed | delivered | active | locked | revoked | retained | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_at', 'text', (c) => c.notNull())
    .addColumn('batch_id', id, (c) => c.references('card_batch.id'))
    // The three MRZ lines joined by \n.
    .addColumn('mrz', 'text', (c) => c.notNull())
    .addColumn('qr', 'text', (c) => c.notNull())
    .addColumn('sod', blob)
    .addColumn('dg13', blob)
    .addColumn('signer_id', 'text')
    .addColumn('unit_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_person_idx').on('card').columns(['person_id', 'id']).execute();
  await db.schema.createIndex('card_number_idx').on('card').column('number').execute();
  await db.schema.createIndex('card_status_idx').on('card').columns(['status', 'id']).execute();
  await db.schema.createIndex('card_batch_idx').on('card').column('batch_id').execute();

  await db.schema
    .createTable('card_event')
    .addColumn('id', serialType, serialBuild)
    .addColumn('card_id', id, (c) => c.references('card.id'))
    .addColumn('application_id', id, (c) => c.references('card_application.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // JSON
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('card_event_card_idx').on('card_event').columns(['card_id', 'id']).execute();
  await db.schema
    .createIndex('card_event_application_idx')
    .on('card_event')
    .columns(['application_id', 'id'])
    .execute();

  await db.schema
    .createTable('card_due')
    .addColumn('person_id', id, (c) => c.primaryKey())
    .addColumn('pin', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    // first | age_14 | age_25 | age_40 | age_60
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('card_id', id)
    .addColumn('computed_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_due_unit_idx').on('card_due').columns(['unit_code', 'due_on']).execute();
  await db.schema.createIndex('card_due_province_idx').on('card_due').columns(['province_code', 'due_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['card_due', 'card_event', 'card', 'card_application', 'card_batch', 'card_photo']) {
    await db.schema.dropTable(t).execute();
  }
}

import type { Kysely } from 'kysely';
import { idType, serialId } from './_dialect.ts';

// Second parties of life events: an event recorded by one jurisdiction that would change a person of another
// (marriage, divorce, death of a spouse, a birth's parents) leaves that change here, pending, until an officer who
// covers that person confirms it (then it is written through the registry's writer) or rejects it with a reason.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);
  await db.schema
    .createTable('registry_notice')
    .addColumn('id', serialType, serialBuild)
    // marriage | divorce | spouse_death | child_registered | household_head_change
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_person_id', id, (c) => c.notNull().references('person.id'))
    // JSON: the planned change (valid date, event, reason, source document, the fields to set).
    .addColumn('changes', 'text', (c) => c.notNull())
    // The event it came from: the person it was recorded for, and that person's change (seq) when one was written.
    .addColumn('source_person_id', id, (c) => c.notNull().references('person.id'))
    .addColumn('source_seq', 'integer')
    .addColumn('source_event', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // pending | confirmed | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('registry_notice_status_idx').on('registry_notice').columns(['status', 'id']).execute();
  await db.schema.createIndex('registry_notice_target_idx').on('registry_notice').column('target_person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_notice').execute();
}

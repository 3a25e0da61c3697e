import { type Kysely, sql } from 'kysely';
import { idType } from './_dialect.ts';

// The hash-chained audit trail. seq is a plain primary key assigned by the appender (no sequence, no
// auto-increment), and audit_head holds the last seq and hash: every append updates that one row first, which
// serialises appenders across processes on both engines.
const GENESIS = '0'.repeat(64);

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  await db.schema
    .createTable('audit_entry')
    .addColumn('seq', id, (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    // No foreign key: the trail outlives anything it mentions, and denied requests may name no real person.
    .addColumn('person_id', id)
    .addColumn('pin', 'text')
    .addColumn('fields', 'text')
    .addColumn('purpose', 'text')
    .addColumn('client', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // Every index costs each append a page write; a PIN filter has none (it scans) and searches by person use
  // person_id, which covers every PIN the person ever had.
  await db.schema.createIndex('audit_entry_person_idx').on('audit_entry').columns(['person_id', 'seq']).execute();
  await db.schema.createIndex('audit_entry_actor_idx').on('audit_entry').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_entry_action_idx').on('audit_entry').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_entry_at_idx').on('audit_entry').column('at').execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', id, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_head').execute();
  await db.schema.dropTable('audit_entry').execute();
}

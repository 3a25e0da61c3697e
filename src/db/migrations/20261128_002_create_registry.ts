import { type Kysely, sql } from 'kysely';
import { idType, isPostgres, serialId } from './_dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);
  await db.schema
    .createTable('household')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text')
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', serialType, serialBuild)
    .addColumn('pin', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('dob', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('res_unit', 'text')
    .addColumn('res_province', 'text')
    .addColumn('household_code', 'text')
    .addColumn('old_id_number', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  // Name search is a prefix match on the folded name; PostgreSQL needs pattern ops for LIKE 'x%' on any collation.
  const nameIndex = db.schema.createIndex('person_name_idx').on('person');
  await (isPostgres(db)
    ? nameIndex.expression(sql`name_folded text_pattern_ops, birth_year`)
    : nameIndex.columns(['name_folded', 'birth_year'])
  ).execute();
  await db.schema.createIndex('person_res_unit_idx').on('person').column('res_unit').execute();
  await db.schema.createIndex('person_res_province_idx').on('person').column('res_province').execute();
  await db.schema.createIndex('person_household_idx').on('person').column('household_code').execute();
  await db.schema.createIndex('person_old_id_idx').on('person').column('old_id_number').execute();

  await db.schema
    .createTable('person_change')
    .addColumn('id', serialType, serialBuild)
    .addColumn('person_id', id, (c) => c.notNull().references('person.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('source_doc', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addUniqueConstraint('person_change_seq_uq', ['person_id', 'seq'])
    .execute();

  await db.schema
    .createTable('person_pin')
    .addColumn('pin', 'text', (c) => c.primaryKey())
    // No foreign key: a PIN is reserved here before the person row that will carry it exists.
    .addColumn('person_id', id, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('replaced_by', 'text')
    .execute();
  await db.schema.createIndex('person_pin_person_idx').on('person_pin').column('person_id').execute();

  // Ballots loaded without a PIN, so that loading the same file again does not allocate a second PIN.
  await db.schema
    .createTable('load_ballot')
    .addColumn('ballot_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', id, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['load_ballot', 'person_pin', 'person_change', 'person', 'household']) {
    await db.schema.dropTable(t).execute();
  }
}

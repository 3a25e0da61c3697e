import type { Kysely } from 'kysely';
import { serialId } from './_dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_unit')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('admin_unit_pk', ['level', 'code', 'valid_from'])
    .execute();
  await db.schema.createIndex('admin_unit_code_idx').on('admin_unit').columns(['code', 'valid_from']).execute();
  await db.schema.createIndex('admin_unit_parent_idx').on('admin_unit').column('parent_code').execute();

  await db.schema
    .createTable('unit_succession')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('old_code', 'text', (c) => c.notNull())
    .addColumn('new_code', 'text', (c) => c.notNull())
    .addColumn('effective', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_succession_pk', ['level', 'old_code', 'effective', 'new_code'])
    .execute();
  await db.schema.createIndex('unit_succession_new_idx').on('unit_succession').columns(['level', 'new_code']).execute();

  for (const table of ['ethnicity', 'religion']) {
    await db.schema
      .createTable(table)
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_vi', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
  }
  await db.schema
    .createTable('nationality')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_vi', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('alpha3', 'text', (c) => c.notNull())
    .addColumn('numeric', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pin_province')
    .addColumn('pin_code', 'text', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('successor_code', 'text', (c) => c.notNull())
    .execute();
  const [idType, idBuild] = serialId(db);
  await db.schema
    .createTable('reference_load')
    .addColumn('id', idType, idBuild)
    .addColumn('dataset', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'reference_load',
    'pin_province',
    'nationality',
    'religion',
    'ethnicity',
    'unit_succession',
    'admin_unit',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

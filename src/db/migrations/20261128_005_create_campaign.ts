import type { Kysely } from 'kysely';
import { idType, serialId } from './_dialect.ts';

// The collection campaign: campaigns, import jobs, ballots with their review state, every transition, the
// per-row issues of each import, and the expected residents per unit. Times are ISO 8601 UTC text (ADR 0003).
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);

  await db.schema
    .createTable('campaign')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One bulk file (or API upload). file_sha256 makes a second import of the same file a no-op; rows_done is the
  // resume cursor: every row before it is committed (as a ballot or as issues) in the same transaction.
  await db.schema
    .createTable('import_job')
    .addColumn('id', serialType, serialBuild)
    .addColumn('campaign_code', 'text', (c) => c.notNull().references('campaign.code'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_format', 'text', (c) => c.notNull())
    .addColumn('file_bytes', id, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_total', 'integer')
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ballots_added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ballots_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_with_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('unit_scope', 'text')
    // Who is running the job now ("host pid"), cleared when it ends: a killed import is resumed, a live one is not
    // run twice.
    .addColumn('runner', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('import_job_file_uq', ['campaign_code', 'form', 'file_sha256'])
    .execute();

  // One DC01 or DC02 ballot. ballot_ref is the ballot's own identifier (its ballot_id column, else a hash of its
  // normalised content): unique per campaign and form, so no ballot is ever stored twice.
  await db.schema
    .createTable('ballot')
    .addColumn('id', serialType, serialBuild)
    .addColumn('campaign_code', 'text', (c) => c.notNull().references('campaign.code'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('ballot_ref', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('job_id', id)
    .addColumn('row_no', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('unit_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('pin', 'text')
    .addColumn('full_name', 'text')
    .addColumn('name_folded', 'text')
    .addColumn('dob', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of {principle, field, rule, message, value, severity}.
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('duplicate_of', id)
    .addColumn('person_id', id)
    // JSON object: form field key -> value as collected (strings).
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addUniqueConstraint('ballot_ref_uq', ['campaign_code', 'form', 'ballot_ref'])
    .execute();
  await db.schema.createIndex('ballot_unit_status_idx').on('ballot').columns(['unit_code', 'status']).execute();
  await db.schema.createIndex('ballot_province_status_idx').on('ballot').columns(['province_code', 'status']).execute();
  await db.schema.createIndex('ballot_job_idx').on('ballot').columns(['job_id', 'row_no']).execute();
  await db.schema.createIndex('ballot_pin_idx').on('ballot').column('pin').execute();
  await db.schema.createIndex('ballot_name_dob_idx').on('ballot').columns(['name_folded', 'dob']).execute();
  // Approval asks whether another ballot of the campaign already declared a person.
  await db.schema.createIndex('ballot_person_idx').on('ballot').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('ballot_transition')
    .addColumn('id', serialType, serialBuild)
    .addColumn('ballot_id', id, (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('ballot_transition_ballot_idx').on('ballot_transition').column('ballot_id').execute();

  // The per-row error report of an import: rows that could not become a ballot and the issues of those that did.
  await db.schema
    .createTable('import_issue')
    .addColumn('id', serialType, serialBuild)
    .addColumn('job_id', id, (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('ballot_id', id)
    // The row's commune (current code) when it could be read: error rates per unit count refused rows too.
    .addColumn('unit_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('principle', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('message_vi', 'text', (c) => c.notNull())
    .addColumn('message_en', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .execute();
  await db.schema.createIndex('import_issue_job_idx').on('import_issue').columns(['job_id', 'row_no']).execute();

  await db.schema
    .createTable('campaign_target')
    .addColumn('campaign_code', 'text', (c) => c.notNull().references('campaign.code'))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('expected', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_target_pk', ['campaign_code', 'unit_code'])
    .execute();

  await db
    .insertInto('campaign')
    .values({
      code: 'DA896',
      name: 'Thu thập thông tin dân cư (Đề án 06/896)',
      started_on: '2021-04-01',
      created_at: '2026-11-28T00:00:00.000Z',
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['campaign_target', 'import_issue', 'ballot_transition', 'ballot', 'import_job', 'campaign'])
    await db.schema.dropTable(t).execute();
}

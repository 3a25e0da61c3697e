import { type Kysely, sql } from 'kysely';
import { isPostgres } from './_dialect.ts';

// The audit trail becomes keyed and append-only.
//  - audit_keying (one row, written once, by the first append made with an audit key) records the switch-over:
//    entries before `keyed_from` were chained with plain SHA-256 and are verified that way; every later entry is
//    bound with the HMAC key kept outside the database. `mac` seals the row with that key, so moving the
//    switch-over point (to pass keyed entries off as plain ones) is detected.
//  - Triggers refuse UPDATE and DELETE on audit_entry and audit_keying, and any change to audit_head other than
//    moving it forward (appending advances it; nothing rewinds or removes it). The trail's own code never updates
//    or deletes an entry. A trigger stops the application's connection, not the database owner, who can drop it:
//    the keyed hashes and signed checkpoints are what detect that; a separate owner role on PostgreSQL (see
//    docs/security.md) also takes the owner's rights away from the application.

export async function up(db: Kysely<any>): Promise<void> {
  const id = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('audit_keying')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('keyed_from', id, (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await createAuditGuards(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropAuditGuards(db);
  await db.schema.dropTable('audit_keying').execute();
}

const SQLITE_TRIGGERS: [name: string, ddl: string][] = [
  [
    'audit_entry_no_update',
    `BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused'); END`,
  ],
  [
    'audit_entry_no_delete',
    `BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: DELETE refused'); END`,
  ],
  [
    'audit_keying_no_update',
    `BEFORE UPDATE ON audit_keying BEGIN SELECT RAISE(ABORT, 'the audit switch-over is written once: UPDATE refused'); END`,
  ],
  [
    'audit_keying_no_delete',
    `BEFORE DELETE ON audit_keying BEGIN SELECT RAISE(ABORT, 'the audit switch-over is written once: DELETE refused'); END`,
  ],
  [
    'audit_head_forward_only',
    `BEFORE UPDATE ON audit_head WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id
     BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward: rewinding it refused'); END`,
  ],
  [
    'audit_head_no_delete',
    `BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END`,
  ],
];

const PG_FUNCTIONS = [
  `CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$`,
  `CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq <= OLD.seq OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'the audit head only moves forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`,
];

const PG_TRIGGERS = [
  'CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()',
  'CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
  'CREATE TRIGGER audit_keying_write_once BEFORE UPDATE OR DELETE ON audit_keying FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()',
  'CREATE TRIGGER audit_keying_no_truncate BEFORE TRUNCATE ON audit_keying FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
  'CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()',
  'CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
];

const PG_TRIGGER_TABLES: [trigger: string, table: string][] = [
  ['audit_entry_append_only', 'audit_entry'],
  ['audit_entry_no_truncate', 'audit_entry'],
  ['audit_keying_write_once', 'audit_keying'],
  ['audit_keying_no_truncate', 'audit_keying'],
  ['audit_head_forward_only', 'audit_head'],
  ['audit_head_no_truncate', 'audit_head'],
];

/** Creates the triggers that keep the trail append-only (exported: tests play the insider who drops them). */
export async function createAuditGuards(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const ddl of PG_FUNCTIONS) await sql.raw(ddl).execute(db);
    for (const ddl of PG_TRIGGERS) await sql.raw(ddl).execute(db);
    return;
  }
  for (const [name, body] of SQLITE_TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function dropAuditGuards(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const [t, table] of PG_TRIGGER_TABLES) await sql.raw(`DROP TRIGGER IF EXISTS ${t} ON ${table}`).execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_refuse_change()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_head_forward_only()`.execute(db);
    return;
  }
  for (const [name] of SQLITE_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
}

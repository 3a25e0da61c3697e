import type { Kysely } from 'kysely';

// API tokens get an expiry and scopes; failed logins are counted per (user name, client address) instead of per
// account, so that failures from one address cannot lock the owner out from another.
const ALL_SCOPES = 'read,write,audit,exchange';
const EXISTING_TOKEN_DAYS = 90;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_token').addColumn('expires_at', 'text').execute();
  // Tokens made before scopes existed acted with every right of their user: they keep doing so until they expire.
  await db.schema
    .alterTable('api_token')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo(ALL_SCOPES))
    .execute();
  // Tokens made before expiry existed get the default lifetime from the upgrade, not from their creation, so that
  // an upgrade does not cut off every script at once.
  const expires = new Date(Date.now() + EXISTING_TOKEN_DAYS * 86_400_000).toISOString();
  await db.updateTable('api_token').set({ expires_at: expires }).where('expires_at', 'is', null).execute();

  await db.schema
    .createTable('login_backoff')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_backoff_pk', ['username', 'client'])
    .execute();
  // The account-wide lock is gone: lift any lock it left.
  await db.updateTable('app_user').set({ locked_until: null, failed_logins: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_backoff').execute();
  await db.schema.alterTable('api_token').dropColumn('scopes').execute();
  await db.schema.alterTable('api_token').dropColumn('expires_at').execute();
}

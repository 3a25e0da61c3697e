// SQL for login_backoff: consecutive failed logins per (user name, client address).
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { LoginBackoffTable } from './access.table.ts';

export type BackoffRow = Selectable<LoginBackoffTable>;

export async function findBackoff(db: DbOrTrx, username: string, client: string): Promise<BackoffRow | undefined> {
  return db
    .selectFrom('login_backoff')
    .selectAll()
    .where('username', '=', username)
    .where('client', '=', client)
    .executeTakeFirst();
}

/**
 * Counts one more failure, atomically (one upsert); returns the new count. A count whose last failure is older
 * than `freshSince` starts again from one: only failures close together add up to a block.
 */
export async function addBackoffFailure(
  db: DbOrTrx,
  username: string,
  client: string,
  at: string,
  freshSince: string,
): Promise<number> {
  const r = await db
    .insertInto('login_backoff')
    .values({ username, client, failures: 1, blocked_until: null, last_failure_at: at })
    .onConflict((oc) =>
      oc.columns(['username', 'client']).doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('login_backoff.last_failure_at', '<', freshSince)
          .then(1)
          .else(eb('login_backoff.failures', '+', 1))
          .end(),
        last_failure_at: at,
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(r.failures);
}

export async function blockBackoff(db: DbOrTrx, username: string, client: string, until: string): Promise<void> {
  await db
    .updateTable('login_backoff')
    .set({ blocked_until: until, failures: 0 })
    .where('username', '=', username)
    .where('client', '=', client)
    .execute();
}

/** Forgets the failures of one address (after a success), or of every address (an administrator's unlock). */
export async function clearBackoff(db: DbOrTrx, username: string, client?: string): Promise<number> {
  let q = db.deleteFrom('login_backoff').where('username', '=', username);
  if (client !== undefined) q = q.where('client', '=', client);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Addresses currently blocked for an account, latest end first. */
export async function blockedAddresses(db: DbOrTrx, username: string, now: string): Promise<BackoffRow[]> {
  return db
    .selectFrom('login_backoff')
    .selectAll()
    .where('username', '=', username)
    .where('blocked_until', '>', now)
    .orderBy('blocked_until', 'desc')
    .execute();
}

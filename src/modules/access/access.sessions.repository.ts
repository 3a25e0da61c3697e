// SQL for browser sessions (user_session) and API tokens (api_token). Both are looked up by the sha256 of the
// token; the tokens themselves are never stored.
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { ApiTokenTable, UserSessionTable } from './access.table.ts';

export type SessionRow = Selectable<UserSessionTable>;
export type TokenRow = Selectable<ApiTokenTable>;
export type TokenWithUser = TokenRow & { username: string };

export async function insertSession(db: DbOrTrx, row: Insertable<UserSessionTable>): Promise<void> {
  await db.insertInto('user_session').values(row).execute();
}

export async function findSession(db: DbOrTrx, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, at: string): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function revokeSession(db: DbOrTrx, id: string, at: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every open session of a user (disabled, or password changed), except possibly the caller's own. */
export async function revokeUserSessions(db: DbOrTrx, userId: number, at: string, exceptId?: string): Promise<void> {
  let q = db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  await q.execute();
}

export async function insertToken(db: DbOrTrx, row: Insertable<ApiTokenTable>): Promise<number> {
  const r = await db.insertInto('api_token').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findTokenByHash(db: DbOrTrx, hash: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function findTokenById(db: DbOrTrx, id: number): Promise<TokenWithUser | undefined> {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .selectAll('api_token')
    .select('app_user.username')
    .where('api_token.id', '=', id)
    .executeTakeFirst();
}

/** Tokens of one user, or of every user when userId is undefined; newest first. */
export async function listTokenRows(db: DbOrTrx, userId?: number): Promise<TokenWithUser[]> {
  let q = db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .selectAll('api_token')
    .select('app_user.username');
  if (userId !== undefined) q = q.where('api_token.user_id', '=', userId);
  return q.orderBy('api_token.id', 'desc').execute();
}

/**
 * Records a use, unless one was recorded since `notBefore`: the condition makes concurrent requests of the same
 * minute write at most once between them.
 */
export async function touchToken(db: DbOrTrx, id: number, at: string, notBefore: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}

export async function revokeTokenRow(db: DbOrTrx, id: number, at: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live token of a user (their password changed). */
export async function revokeUserTokens(db: DbOrTrx, userId: number, at: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

// SQL for accounts (app_user).
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { AppUserTable } from './access.table.ts';

export type UserRow = Selectable<AppUserTable>;
export type NewUserRow = Insertable<AppUserTable>;
export type UserPatch = Updateable<AppUserTable>;

// Roles are a JSON array of plain words, so a quoted role name matches exactly one role.
const hasNationalAdmin = sql<boolean>`roles like ${'%"national_admin"%'}`;

export async function findUserByUsername(db: DbOrTrx, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: DbOrTrx, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUserRows(db: DbOrTrx): Promise<UserRow[]> {
  return db.selectFrom('app_user').selectAll().orderBy('username').execute();
}

/** Inserts an account; undefined when the user name is taken. */
export async function insertUser(db: DbOrTrx, row: NewUserRow): Promise<number | undefined> {
  const r = await db
    .insertInto('app_user')
    .values(row)
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateUser(db: DbOrTrx, id: number, patch: UserPatch): Promise<void> {
  await db.updateTable('app_user').set(patch).where('id', '=', id).execute();
}

/** Records the latest end of a login block from some address, for display only (never enforced per account). */
export async function noteBlocked(db: DbOrTrx, id: number, until: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
    .execute();
}

export async function recordLogin(db: DbOrTrx, id: number, at: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null, last_login_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Records a TOTP time step as used, only if it is later than the last one used: false means the code was
 * already used (a replay). One statement, so two concurrent logins cannot both use the same code.
 */
export async function claimTotpStep(db: DbOrTrx, id: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countNationalAdmins(
  db: DbOrTrx,
  options: { enabledOnly: boolean; exceptId?: number },
): Promise<number> {
  let q = db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(hasNationalAdmin);
  if (options.enabledOnly) q = q.where('disabled_at', 'is', null);
  if (options.exceptId !== undefined) q = q.where('id', '<>', options.exceptId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

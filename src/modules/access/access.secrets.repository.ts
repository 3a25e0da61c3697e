// SQL for system-generated secrets (app_secret).
import type { DbOrTrx } from '../../db/database.ts';

export async function findSecret(db: DbOrTrx, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_secret').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Stores a secret unless one of that name exists (two processes starting at once keep the first). */
export async function insertSecretIfAbsent(db: DbOrTrx, name: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('app_secret')
    .values({ name, value, created_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

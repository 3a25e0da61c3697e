// SQL of the blocking keys of record linkage in the registry: each person's keys, written for the whole registry
// by a batch run (a bulk path: better-sqlite3 statements on SQLite, COPY on PostgreSQL) and per person by the
// incremental check, and the candidates that share a key.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { dialectOf, pgPool, sqliteHandle } from '../../db/dialect.ts';
import { KEY_SLOTS } from './dedup.table.ts';

// ---- blocking keys --------------------------------------------------------------------------------------------

const KEY_INDEX = 'person_link_key_key_idx';

/**
 * Replaces every person's keys: `keys[r][i]` is rule r's key of person `personIds[i]` (-1: none). The key index is
 * dropped, the rows written in slot order (appends), and the index built again by sorting, which at millions of
 * rows is several times faster than keeping the index up to date row by row. On PostgreSQL it is one transaction.
 * On SQLite the rows go in transactions of a few hundred thousand, so that no registry write waiting for the
 * database (another process) waits longer than one of them; meanwhile lookups scan the table and may miss keys
 * not yet written, which the batch run itself covers.
 */
export async function replaceAllLinkKeys(
  db: Db,
  personIds: ArrayLike<number>,
  keys: readonly Float64Array[],
): Promise<number> {
  if (keys.length > KEY_SLOTS) throw new Error(`at most ${KEY_SLOTS} blocking rules can be kept as keys`);
  let n = 0;
  if (dialectOf(db) === 'sqlite') {
    const h = sqliteHandle(db);
    // Many rows per statement: the cost per row is mostly the call into SQLite, not the append itself.
    const per = 250;
    const many = h.prepare(`INSERT INTO person_link_key (slot, key) VALUES ${Array(per).fill('(?, ?)').join(', ')}`);
    const one = h.prepare('INSERT INTO person_link_key (slot, key) VALUES (?, ?)');
    h.transaction(() => {
      h.prepare(`DROP INDEX IF EXISTS ${KEY_INDEX}`).run();
      h.prepare('DELETE FROM person_link_key').run();
    })();
    const chunk = h.transaction((from: number, to: number) => {
      const buf: number[] = [];
      for (let i = from; i < to; i++) {
        const base = personIds[i]! * KEY_SLOTS;
        for (let r = 0; r < keys.length; r++) {
          const k = keys[r]![i]!;
          if (k < 0) continue;
          buf.push(base + r, k);
          n++;
          if (buf.length === 2 * per) {
            many.run(buf);
            buf.length = 0;
          }
        }
      }
      for (let x = 0; x < buf.length; x += 2) one.run(buf[x], buf[x + 1]);
    });
    for (let from = 0; from < personIds.length; from += 50_000) chunk(from, Math.min(personIds.length, from + 50_000));
    h.prepare(`CREATE INDEX IF NOT EXISTS ${KEY_INDEX} ON person_link_key (key)`).run();
    return n;
  }
  const client = await pgPool(db).connect();
  try {
    await client.query('BEGIN');
    await client.query(`DROP INDEX IF EXISTS ${KEY_INDEX}`);
    await client.query('TRUNCATE person_link_key');
    const lines = function* () {
      let chunk = '';
      for (let i = 0; i < personIds.length; i++) {
        const base = personIds[i]! * KEY_SLOTS;
        for (let r = 0; r < keys.length; r++) {
          const k = keys[r]![i]!;
          if (k < 0) continue;
          chunk += `${base + r}\t${k}\n`;
          n++;
        }
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    await pipeline(Readable.from(lines()), client.query(copyFrom('COPY person_link_key (slot, key) FROM STDIN')));
    await client.query(`CREATE INDEX ${KEY_INDEX} ON person_link_key (key)`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return n;
}

function slotRange(personId: number): [number, number] {
  return [personId * KEY_SLOTS, personId * KEY_SLOTS + KEY_SLOTS - 1];
}

/** Replaces the keys of the given persons (the incremental path); `keys[r]` is rule r's key, -1 for none. */
export async function replaceLinkKeys(db: DbOrTrx, rows: { personId: number; keys: number[] }[]): Promise<void> {
  if (rows.length === 0) return;
  const run = async (t: DbOrTrx) => {
    for (const r of rows) await deleteLinkKeys(t, r.personId);
    const values = rows.flatMap((r) =>
      r.keys.flatMap((key, rule) => (key >= 0 ? [{ slot: r.personId * KEY_SLOTS + rule, key }] : [])),
    );
    for (let i = 0; i < values.length; i += 500) {
      await t
        .insertInto('person_link_key')
        .values(values.slice(i, i + 500))
        .execute();
    }
  };
  if (db.isTransaction) await run(db);
  else await (db as Db).transaction().execute(run);
}

export async function deleteLinkKeys(db: DbOrTrx, personId: number): Promise<void> {
  const [lo, hi] = slotRange(personId);
  await db.deleteFrom('person_link_key').where('slot', '>=', lo).where('slot', '<=', hi).execute();
}

/** A person's keys by rule (-1 where none), e.g. to restore them exactly. */
export async function linkKeysOf(db: DbOrTrx, personId: number): Promise<number[]> {
  const [lo, hi] = slotRange(personId);
  const rows = await db
    .selectFrom('person_link_key')
    .select(['slot', 'key'])
    .where('slot', '>=', lo)
    .where('slot', '<=', hi)
    .execute();
  const out = new Array<number>(KEY_SLOTS).fill(-1);
  for (const r of rows) out[Number(r.slot) - lo] = Number(r.key);
  while (out.length > 0 && out[out.length - 1] === -1) out.pop();
  return out;
}

/**
 * The persons holding each key, at most `limit + 1` per key: a key with more than `limit` persons is a giant block
 * the batch run would skip too, and the caller drops it.
 */
export async function personsByKey(
  db: DbOrTrx,
  keys: readonly number[],
  limit: number,
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const key of new Set(keys)) {
    const rows = await db
      .selectFrom('person_link_key')
      .select('slot')
      .where('key', '=', key)
      .limit(limit + 1)
      .execute();
    out.set(key, [...new Set(rows.map((r) => Math.floor(Number(r.slot) / KEY_SLOTS)))]);
  }
  return out;
}

export async function countLinkKeys(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('person_link_key')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

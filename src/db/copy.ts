// PostgreSQL COPY … FROM STDIN in text format, for the bulk paths (registry load, campaign import): rows as value
// lists, or a payload already encoded by the caller.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;

/** One field in COPY text format: \N for null, backslash escapes for backslash, tab, newline and carriage return. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return SPECIAL.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

/** COPY of rows (value lists in `columns` order) into `table` on an open client. */
export async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  await pipeline(
    Readable.from(
      (function* () {
        const chunk: string[] = [];
        for (const r of rows) {
          chunk.push(`${r.map(copyField).join('\t')}\n`);
          if (chunk.length === 2000) yield chunk.splice(0).join('');
        }
        if (chunk.length) yield chunk.join('');
      })(),
    ),
    client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}

/** COPY of a payload already in COPY text format (UTF-8 lines in `columns` order) into `table`. */
export async function copyBytes(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  payload: Uint8Array,
): Promise<void> {
  if (payload.length === 0) return;
  await pipeline(Readable.from([payload]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

const BACKSLASH = 0x5c;

/**
 * Copies UTF-8 text into `out` at `at` as a COPY field and returns the new offset. The text must hold no raw tab,
 * newline or carriage return (JSON never does: it escapes them), so only backslashes are doubled.
 */
export function putCopyText(out: Buffer, at: number, text: Uint8Array): number {
  if (text.indexOf(BACKSLASH) < 0) {
    out.set(text, at);
    return at + text.length;
  }
  let o = at;
  for (const byte of text) {
    out[o++] = byte;
    if (byte === BACKSLASH) out[o++] = BACKSLASH;
  }
  return o;
}

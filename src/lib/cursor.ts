// Opaque page cursors for every list that paginates by key (search, review queues, the audit trail, notices):
// the last row's sort key as base64url JSON. A cursor that does not decode to the expected shape is refused with
// the list's own validation error, so a client learns which parameter was wrong.

/** The cursor for a page that ends at `key` (the sort key of its last row). */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key in `cursor` when every field of `shape` is present with the type it names, else undefined.
 * Example: `decodeCursor(c, { n: 'string', i: 'number' })`.
 */
export function decodeCursor<S extends Record<string, 'string' | 'number'>>(
  cursor: string,
  shape: S,
): { [K in keyof S]: S[K] extends 'string' ? string : number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const [field, type] of Object.entries(shape)) {
    const v = record[field];
    if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) return undefined;
  }
  return record as { [K in keyof S]: S[K] extends 'string' ? string : number };
}

// The canonical serialisation behind each hash: fixed order, explicit nulls, quoted strings, so that no two
// different entries serialise (and so hash) alike.
import { describe, expect, it } from 'vitest';
import { canonicalEntry, chainEntries, entryHash, GENESIS_HASH } from '../../src/modules/audit/audit.chain.ts';

const base = {
  seq: 1,
  at: '2026-06-01T00:00:00.000Z',
  actor: 'officer',
  actor_kind: 'user',
  roles: 'commune_officer',
  action: 'person.read',
  outcome: 'ok' as const,
  person_id: 1 as number | null,
  pin: '001093047064' as string | null,
  fields: 'fullName' as string | null,
  purpose: null as string | null,
  client: null as string | null,
  details: null as string | null,
};

describe('audit entry serialisation', () => {
  it('tells apart values that plain concatenation would merge', () => {
    const pairs: [Partial<typeof base>, Partial<typeof base>][] = [
      [
        { fields: 'a', purpose: 'b' },
        { fields: 'ab', purpose: null },
      ],
      [
        { fields: 'a', purpose: 'b' },
        { fields: 'a","b', purpose: null },
      ],
      [{ purpose: null }, { purpose: 'null' }],
      [{ purpose: '' }, { purpose: null }],
      [{ person_id: 1 }, { person_id: null, pin: '1' }],
      [
        { actor: 'a|b', roles: 'c' },
        { actor: 'a', roles: 'b|c' },
      ],
    ];
    for (const [x, y] of pairs) {
      expect(canonicalEntry({ ...base, ...x })).not.toBe(canonicalEntry({ ...base, ...y }));
      expect(entryHash(GENESIS_HASH, { ...base, ...x })).not.toBe(entryHash(GENESIS_HASH, { ...base, ...y }));
    }
  });

  it('covers every column but the hashes, in a fixed order', () => {
    expect(JSON.parse(canonicalEntry({ ...base, purpose: 'p', client: 'c', details: '{"a":1}' }))).toEqual([
      1,
      '2026-06-01T00:00:00.000Z',
      'officer',
      'user',
      'commune_officer',
      'person.read',
      'ok',
      1,
      '001093047064',
      'fullName',
      'p',
      'c',
      '{"a":1}',
    ]);
  });

  it('chains from 64 zeros, each hash over the previous one', () => {
    const { seq: _s, ...pending } = base;
    const rows = chainEntries({ seq: 0, hash: GENESIS_HASH }, [pending, pending]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[1]!.hash).not.toBe(rows[0]!.hash);
  });
});

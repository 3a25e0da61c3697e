import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/lib/cursor.ts';

describe('page cursors', () => {
  it('give back the key they were made from', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (n, i) => {
        expect(decodeCursor(encodeCursor({ n, i }), { n: 'string', i: 'number' })).toEqual({ n, i });
      }),
    );
  });

  it('refuse text that is not a cursor of the expected shape', () => {
    const shape = { n: 'string', i: 'number' } as const;
    expect(decodeCursor('not a cursor', shape)).toBeUndefined();
    expect(decodeCursor(encodeCursor({ n: 'x' }), shape)).toBeUndefined();
    expect(decodeCursor(encodeCursor({ n: 1, i: 2 }), shape)).toBeUndefined();
    expect(decodeCursor(Buffer.from('null').toString('base64url'), shape)).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"n":"a","i":1e999}').toString('base64url'), shape)).toBeUndefined();
  });
});

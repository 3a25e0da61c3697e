import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cons, der, encodedSize, prim, text } from './der.ts';

describe('der', () => {
  it('writes UTF-8 text exactly as TextEncoder does, whatever the string (lone surrogates included)', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const bytes = der(text(0x0c, s));
        const expected = enc.encode(s);
        const node = text(0x0c, s);
        expect(node.size).toBe(expected.length);
        expect(Buffer.from(bytes.subarray(bytes.length - expected.length)).equals(Buffer.from(expected))).toBe(true);
      }),
      { numRuns: 300, examples: [['\ud800x'], ['a\udfff'], ['😀 Đặng'], ['\ud83d']] },
    );
  });

  it('uses short and minimal long-form lengths that openssl reads back, at every boundary', () => {
    for (const size of [0, 1, 127, 128, 255, 256, 65_535, 65_536]) {
      const node = cons(0x30, prim(0x04, new Uint8Array(size)));
      const bytes = der(node);
      expect(bytes).toHaveLength(encodedSize(node));
      const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: Buffer.from(bytes) }).toString();
      const first = /^\s*0:d=0\s+hl=(\d+)\s+l=\s*(\d+)/.exec(out);
      expect(Number(first?.[1]) + Number(first?.[2])).toBe(bytes.length);
      expect(out).toMatch(new RegExp(`l=\\s*${size} prim: OCTET STRING`));
    }
    expect([...der(prim(0x04, new Uint8Array(128))).subarray(0, 3)]).toEqual([0x04, 0x81, 0x80]);
    expect([...der(prim(0x04, new Uint8Array(256))).subarray(0, 4)]).toEqual([0x04, 0x82, 0x01, 0x00]);
  });

  it('writes multi-byte tags big-endian', () => {
    expect([...der(prim(0x5f1f, Uint8Array.of(0x41)))]).toEqual([0x5f, 0x1f, 0x01, 0x41]);
    expect([...der(cons(0x7f61))]).toEqual([0x7f, 0x61, 0x00]);
  });
});

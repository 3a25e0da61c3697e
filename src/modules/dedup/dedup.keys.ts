// Blocking keys of persons as stored for the incremental check: per blocking rule, the rule's key (the values of
// its terms, as the engine derives them) hashed with the rule's position to one 53-bit number. A person is looked
// up by the numbers of its own keys; a collision only adds a candidate, which scoring then dismisses.
import { keyColumn } from '../linkage/engine/keys.ts';
import type { Prepared } from '../linkage/engine/prepare.ts';

/** A string hash to a safe integer (two 32-bit multiplicative lanes, 21 + 32 bits). */
export function hash53(s: string): number {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  return (b & 0x1fffff) * 0x100000000 + (a >>> 0);
}

/**
 * For each blocking rule, each record's key as a number, or -1 when a term is null (a null never joins). Term
 * columns come from the engine (keyColumn), so a key here is the key the batch run blocked on.
 */
export function ruleKeys(
  prepared: Pick<Prepared, 'units' | 'slots' | 'n'>,
  rules: readonly string[][],
): Float64Array[] {
  const terms = new Map<string, string[]>();
  const column = (t: string) => {
    let c = terms.get(t);
    if (!c) {
      c = keyColumn(prepared, t);
      terms.set(t, c);
    }
    return c;
  };
  return rules.map((rule, r) => {
    const cols = rule.map(column);
    const out = new Float64Array(prepared.n);
    for (let i = 0; i < prepared.n; i++) {
      let key = String(r);
      let isNull = false;
      for (const c of cols) {
        const v = c[i]!;
        if (v === '') {
          isNull = true;
          break;
        }
        key += `\u0001${v}`;
      }
      out[i] = isNull ? -1 : hash53(key);
    }
    return out;
  });
}

// String similarity measures used by the comparison levels. Written in-house (no dependency) and on char codes,
// because scoring calls them tens of millions of times: no allocation per call beyond two reused flag buffers.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

function ensureFlags(la: number, lb: number): void {
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  for (let i = 0; i < la; i++) flagsA[i] = 0;
  for (let i = 0; i < lb; i++) flagsB[i] = 0;
}

const present = new Uint8Array(128);

/**
 * An upper bound of the Jaro-Winkler score in linear time: at most as many matches as characters of `a` that
 * occur anywhere in `b`, no transpositions, and the actual common prefix. Most pairs of unrelated values are
 * rejected by this alone, without the windowed Jaro scan (characters beyond ASCII count as present).
 */
function jaroWinklerUpperBound(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (c < 128) present[c] = 1;
  }
  let m = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128 || present[c] === 1) m++;
  }
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (c < 128) present[c] = 0;
  }
  m = Math.min(m, lb);
  if (m === 0) return 0;
  const j = (m / la + m / lb + 1) / 3;
  const max = Math.min(4, la, lb);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** Jaro similarity in [0, 1]; 1 for two equal strings (including two empty ones). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  ensureFlags(la, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  // Transpositions: matched characters compared in order, half the mismatches count.
  let k = 0;
  let half = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) half++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - half / 2) / m) / 3;
}

/**
 * Jaro-Winkler with the usual constants: a common prefix of up to 4 characters, scale 0.1, applied only when the
 * Jaro score exceeds 0.7 (Winkler's boost threshold), so unrelated strings sharing an initial are not lifted.
 * With `floor`, a score below it may be returned as any value below it (a cheap bound): callers that only ask
 * "at least 0.7?" skip the full computation for clearly different strings.
 */
export function jaroWinkler(a: string, b: string, floor = 0): number {
  if (floor > 0 && a.length > 0 && b.length > 0) {
    const bound = jaroWinklerUpperBound(a, b);
    if (bound < floor) return bound;
  }
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const max = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Damerau-Levenshtein distance in its restricted form (optimal string alignment): insertions, deletions,
 * substitutions and transpositions of adjacent characters, each costing 1. This is what "one typo" means for
 * dates and identifiers typed by hand.
 */
export function damerauLevenshtein(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]!;
}

function sameFrom(a: string, ia: number, b: string, ib: number): boolean {
  if (a.length - ia !== b.length - ib) return false;
  for (; ia < a.length; ia++, ib++) if (a.charCodeAt(ia) !== b.charCodeAt(ib)) return false;
  return true;
}

/** damerauLevenshtein(a, b) <= 1 in linear time, without the table or any allocation: the hot path of dates and IDs. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  const n = Math.min(la, lb);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la !== lb) return la < lb ? sameFrom(a, i, b, i + 1) : sameFrom(a, i + 1, b, i);
  // One substitution, or one swap of neighbours; the rest must be equal.
  if (sameFrom(a, i + 1, b, i + 1)) return true;
  return (
    i + 1 < la &&
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    sameFrom(a, i + 2, b, i + 2)
  );
}

/** Tokens of both strings as sets: 'equal', 'subset' (one holds all of the other's) or 'none'. */
export function tokenRelation(a: readonly string[], b: readonly string[]): 'equal' | 'subset' | 'none' {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 'none';
  // The common case, one word each: the sets agree exactly when the words do.
  if (la === 1 && lb === 1) return a[0] === b[0] ? 'equal' : 'none';
  const small = la <= lb ? a : b;
  const big = la <= lb ? b : a;
  for (let i = 0; i < small.length; i++) if (!big.includes(small[i]!)) return 'none';
  if (la !== lb) return 'subset';
  for (let i = 0; i < big.length; i++) if (!small.includes(big[i]!)) return 'subset';
  return 'equal';
}

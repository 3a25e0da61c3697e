// Derived keys for blocking and deterministic rules: per record, the value a key reference names ('' = null, and
// a null never joins). Names key on their folded form with regional variants merged, so Hoàng and Huỳnh, typed
// with or without diacritics, meet in one block.
import { type KeyRef, LinkConfigError, parseKeyTerm } from './config.ts';
import { soundex } from './phonetic.ts';
import type { Prepared, Slot } from './prepare.ts';

/** Applies `fn` once per distinct value (keys repeat: names, dates, codes). */
function mapDistinct(values: readonly string[], fn: (v: string) => string): string[] {
  const seen = new Map<string, string>();
  return values.map((v) => {
    let k = seen.get(v);
    if (k === undefined) {
      k = fn(v);
      seen.set(v, k);
    }
    return k;
  });
}

function prefix(values: readonly string[], n: number): string[] {
  return values.map((v) => (v.length >= n ? v.slice(0, n) : v));
}

function keyOfSlot(slot: Slot, ref: KeyRef, refText: string): string[] {
  const t = ref.transform;
  const pre = /^prefix([1-9])$/.exec(t);
  if (slot.kind === 'name') {
    if (t === 'key') return slot.variant;
    if (t === 'exact') return slot.exact;
    if (t === 'phonetic') return mapDistinct(slot.variant, soundex);
    if (t === 'initial') return prefix(slot.fold, 1);
    if (pre) return prefix(slot.variant, Number(pre[1]));
  } else if (slot.kind === 'date') {
    if (t === 'key' || t === 'exact') return slot.digits;
    if (t === 'year') {
      const years = new Map<number, string>();
      return Array.from(slot.y, (y, i) => {
        if (slot.precision[i]! < 1) return '';
        let s = years.get(y);
        if (s === undefined) {
          s = String(y);
          years.set(y, s);
        }
        return s;
      });
    }
    if (t === 'yearmonth') return Array.from(slot.y, (y, i) => (slot.precision[i]! >= 2 ? `${y}-${slot.m[i]}` : ''));
  } else {
    if (t === 'key' || t === 'exact') return slot.value;
    if (t === 'phonetic') return mapDistinct(slot.value, (v) => soundex(v.toLowerCase()));
    if (t === 'user') return slot.value.map((v) => (v.indexOf('@') > 0 ? v.slice(0, v.indexOf('@')) : ''));
    if (t === 'initial') return prefix(slot.value, 1);
    if (pre) return prefix(slot.value, Number(pre[1]));
  }
  throw new LinkConfigError(`key "${refText}": transform "${t}" does not apply to a ${slot.kind} comparison`);
}

function refColumn(p: Pick<Prepared, 'units' | 'slots'>, ref: KeyRef, refText: string): string[] {
  const k = p.units.findIndex((u) => u.name === ref.unit);
  if (k < 0) throw new LinkConfigError(`key "${refText}" names no comparison`);
  return keyOfSlot(p.slots[k]!, ref, refText);
}

/** Values of one rule term for every record; "a|b" gives the sorted pair, so swapped values agree. */
export function keyColumn(p: Pick<Prepared, 'units' | 'slots'>, term: string): string[] {
  const refs = parseKeyTerm(term);
  if (refs.length === 1) return refColumn(p, refs[0]!, term);
  const cols = refs.map((r) => refColumn(p, r, term));
  return cols[0]!.map((_, i) => {
    const vals = cols.map((c) => c[i]!);
    return vals.includes('') ? '' : vals.sort().join('\u0002');
  });
}

/** Per record, a number for the value of one term (-1 for null), and how many distinct values there are. */
export interface TermIds {
  ids: Int32Array;
  count: number;
}

function numberValues(values: readonly string[]): TermIds {
  const index = new Map<string, number>();
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === '') {
      ids[i] = -1;
      continue;
    }
    let id = index.get(v);
    if (id === undefined) {
      id = index.size;
      index.set(v, id);
    }
    ids[i] = id;
  }
  return { ids, count: index.size };
}

/**
 * The block of each record under a rule, as numbers: each term's values are numbered once (and cached across
 * rules), then the terms are combined pairwise through a map of numeric keys, which is much cheaper than joining
 * and hashing strings for every record and rule.
 */
export function ruleBlockIds(
  p: Pick<Prepared, 'units' | 'slots' | 'n'>,
  rule: readonly string[],
  cache = new Map<string, TermIds>(),
): TermIds {
  const term = (t: string) => {
    let ids = cache.get(t);
    if (!ids) {
      ids = numberValues(keyColumn(p, t));
      cache.set(t, ids);
    }
    return ids;
  };
  let acc = term(rule[0]!);
  for (const t of rule.slice(1)) {
    const next = term(t);
    const index = new Map<number, number>();
    const ids = new Int32Array(p.n);
    // acc.count · next.count stays below 2^53 up to ~94 million records; beyond, fall back to string keys.
    const exact = acc.count * next.count < Number.MAX_SAFE_INTEGER;
    const strings = exact ? undefined : new Map<string, number>();
    for (let i = 0; i < p.n; i++) {
      const a = acc.ids[i]!;
      const b = next.ids[i]!;
      if (a < 0 || b < 0) {
        ids[i] = -1;
        continue;
      }
      const key = exact ? a * next.count + b : `${a}:${b}`;
      const map = (strings ?? index) as Map<number | string, number>;
      let id = map.get(key);
      if (id === undefined) {
        id = map.size;
        map.set(key, id);
      }
      ids[i] = id;
    }
    acc = { ids, count: (strings ?? index).size };
  }
  return acc;
}

/** Comparisons a rule constrains (any transform): an EM session on the rule cannot learn their m. */
export function ruleUnits(rule: readonly string[]): Set<string> {
  return new Set(rule.flatMap((r) => parseKeyTerm(r).map((k) => k.unit)));
}

export function ruleLabel(rule: readonly string[]): string {
  return rule.join(' & ');
}

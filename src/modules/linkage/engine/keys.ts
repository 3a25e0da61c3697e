// Derived keys for blocking and deterministic rules: per record, the value a key reference names ('' = null, and
// a null never joins). Names key on their folded form with regional variants merged, so Hoàng and Huỳnh, typed
// with or without diacritics, meet in one block.
import { type KeyRef, LinkConfigError, parseKeyTerm } from './config.ts';
import { soundex } from './phonetic.ts';
import type { Prepared, Slot } from './prepare.ts';

function prefix(values: readonly string[], n: number): string[] {
  return values.map((v) => (v.length >= n ? v.slice(0, n) : v));
}

function keyOfSlot(slot: Slot, ref: KeyRef, refText: string): string[] {
  const t = ref.transform;
  const pre = /^prefix([1-9])$/.exec(t);
  if (slot.kind === 'name') {
    if (t === 'key') return slot.variant;
    if (t === 'exact') return slot.exact;
    if (t === 'phonetic') return slot.variant.map(soundex);
    if (t === 'initial') return prefix(slot.fold, 1);
    if (pre) return prefix(slot.variant, Number(pre[1]));
  } else if (slot.kind === 'date') {
    if (t === 'key' || t === 'exact') return slot.digits;
    if (t === 'year') return Array.from(slot.y, (y, i) => (slot.precision[i]! >= 1 ? String(y) : ''));
    if (t === 'yearmonth') return Array.from(slot.y, (y, i) => (slot.precision[i]! >= 2 ? `${y}-${slot.m[i]}` : ''));
  } else {
    if (t === 'key' || t === 'exact') return slot.value;
    if (t === 'phonetic') return slot.value.map((v) => soundex(v.toLowerCase()));
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

/** The joined key of a rule per record; '' when any part is null. */
export function ruleKeys(p: Pick<Prepared, 'units' | 'slots' | 'n'>, rule: readonly string[]): string[] {
  const cols = rule.map((r) => keyColumn(p, r));
  const out = new Array<string>(p.n);
  for (let i = 0; i < p.n; i++) {
    let key = '';
    for (let c = 0; c < cols.length; c++) {
      const v = cols[c]![i]!;
      if (v === '') {
        key = '';
        break;
      }
      key = c === 0 ? v : `${key}\u0001${v}`;
    }
    out[i] = key;
  }
  return out;
}

/** Comparisons a rule constrains (any transform): an EM session on the rule cannot learn their m. */
export function ruleUnits(rule: readonly string[]): Set<string> {
  return new Set(rule.flatMap((r) => parseKeyTerm(r).map((k) => k.unit)));
}

export function ruleLabel(rule: readonly string[]): string {
  return rule.join(' & ');
}

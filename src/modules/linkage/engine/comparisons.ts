// Comparison levels: for each comparison an ordered list of mutually exclusive levels, checked top-down, from
// "null" (no evidence, weight 0) through exact and progressively fuzzier agreement to "else". Level functions
// close over the prepared slots and return a level index; they run in worker threads, hence no allocation on the
// common paths (exact and clearly different values are settled before any similarity is computed).
import type { Unit } from './config.ts';
import type { DateSlot, NameSlot, Prepared, Slot, TextSlot } from './prepare.ts';
import { jaroWinkler, tokenRelation, withinOneEdit } from './similarity.ts';

export interface Comparison {
  name: string;
  /** Level labels; index 0 is always "null". */
  levels: readonly string[];
  /** Levels meaning exact agreement, which get the term-frequency adjustment. */
  exactLevels: readonly number[];
  /** Value whose frequency drives the term-frequency adjustment ('' when null). */
  tfValue: readonly string[] | undefined;
  level(i: number, j: number): number;
}

// Names: a one-edit level ahead of Jaro-Winkler, because on the short syllables of Vietnamese given names (An, My,
// Trí) one typo drops Jaro-Winkler below 0.7 while the Damerau-Levenshtein distance stays 1.
const NAME_LEVELS = [
  'null',
  'exact',
  'exact_folded',
  'variant',
  'tokens',
  'one_edit',
  'jw_0.92',
  'jw_0.88',
  'jw_0.70',
  'else',
];
const NAME_SWAP_LEVELS = [
  'null',
  'exact',
  'exact_folded',
  'variant',
  'tokens',
  'swapped',
  'one_edit',
  'jw_0.92',
  'jw_0.88',
  'jw_0.70',
  'else',
];
// Dates: beyond "same year", "within 10 years" keeps far-apart dates (a parent and a child) in a level of their own.
const DATE_LEVELS = [
  'null',
  'exact',
  'one_edit',
  'day_month_swap',
  'within_month',
  'same_year',
  'within_10_years',
  'else',
];
const ID_LEVELS = ['null', 'exact', 'one_edit', 'else'];
const POSTCODE_LEVELS = ['null', 'exact', 'close', 'else'];
const ADDRESS_LEVELS = ['null', 'exact', 'close', 'similar', 'else'];
const EMAIL_LEVELS = ['null', 'exact', 'same_user', 'similar', 'else'];
const CATEGORY_LEVELS = ['null', 'exact', 'else'];

function nameComparison(unit: Unit, s: NameSlot, swap: NameSlot | undefined): Comparison {
  const { exact, fold, variant, tokens } = s;
  const jw = swap ? 7 : 6;
  return {
    name: unit.name,
    levels: swap ? NAME_SWAP_LEVELS : NAME_LEVELS,
    exactLevels: [1, 2],
    tfValue: unit.tf ? fold : undefined,
    level(i, j) {
      const a = fold[i]!;
      const b = fold[j]!;
      if (a === '' || b === '') return 0;
      if (a === b) return exact[i] === exact[j] ? 1 : 2;
      if (variant[i] === variant[j]) return 3;
      if (tokenRelation(tokens[i]!, tokens[j]!) !== 'none') return 4;
      // Given name and surname written in each other's place: both cross-agreements must hold.
      if (swap && swap.fold[j] === a && swap.fold[i] === b) return 5;
      if (withinOneEdit(a, b)) return jw - 1;
      const sim = jaroWinkler(a, b, 0.7);
      if (sim >= 0.92) return jw;
      if (sim >= 0.88) return jw + 1;
      if (sim >= 0.7) return jw + 2;
      return jw + 3;
    },
  };
}

function dateComparison(unit: Unit, s: DateSlot): Comparison {
  const { digits, y, m, d, day, precision } = s;
  return {
    name: unit.name,
    levels: DATE_LEVELS,
    exactLevels: [1],
    tfValue: unit.tf ? digits : undefined,
    level(i, j) {
      const pi = precision[i]!;
      const pj = precision[j]!;
      if (pi === 0 || pj === 0) return 0;
      if (pi === 3 && pj === 3) {
        const a = digits[i]!;
        const b = digits[j]!;
        if (a === b) return 1;
        if (withinOneEdit(a, b)) return 2;
        if (y[i] === y[j] && m[i] === d[j] && d[i] === m[j]) return 3;
      }
      // NaN (partial or impossible dates) fails the comparison by itself.
      if (Math.abs(day[i]! - day[j]!) <= 31) return 4;
      const years = Math.abs(y[i]! - y[j]!);
      return years === 0 ? 5 : years <= 10 ? 6 : 7;
    },
  };
}

function isPrefix(a: string, b: string): boolean {
  return a.length <= b.length ? a.length >= 2 && b.startsWith(a) : b.length >= 2 && a.startsWith(b);
}

function textComparison(unit: Unit, s: TextSlot): Comparison {
  const v = s.value;
  const base = { name: unit.name, exactLevels: [1], tfValue: unit.tf ? v : undefined };
  switch (unit.type) {
    case 'id':
    case 'phone':
    case 'number':
      return {
        ...base,
        levels: ID_LEVELS,
        level(i, j) {
          const a = v[i]!;
          const b = v[j]!;
          if (a === '' || b === '') return 0;
          return a === b ? 1 : withinOneEdit(a, b) ? 2 : 3;
        },
      };
    case 'postcode':
      return {
        ...base,
        levels: POSTCODE_LEVELS,
        level(i, j) {
          const a = v[i]!;
          const b = v[j]!;
          if (a === '' || b === '') return 0;
          return a === b ? 1 : withinOneEdit(a, b) || isPrefix(a, b) ? 2 : 3;
        },
      };
    case 'address':
      return {
        ...base,
        levels: ADDRESS_LEVELS,
        level(i, j) {
          const a = v[i]!;
          const b = v[j]!;
          if (a === '' || b === '') return 0;
          if (a === b) return 1;
          if (withinOneEdit(a, b) || isPrefix(a, b)) return 2;
          return jaroWinkler(a, b, 0.88) >= 0.88 ? 3 : 4;
        },
      };
    case 'email':
      return {
        ...base,
        levels: EMAIL_LEVELS,
        level(i, j) {
          const a = v[i]!;
          const b = v[j]!;
          if (a === '' || b === '') return 0;
          if (a === b) return 1;
          const at = a.indexOf('@');
          if (at > 0 && at === b.indexOf('@') && a.startsWith(b.slice(0, at + 1))) return 2;
          return jaroWinkler(a, b, 0.88) >= 0.88 ? 3 : 4;
        },
      };
    default:
      return {
        ...base,
        levels: CATEGORY_LEVELS,
        level(i, j) {
          const a = v[i]!;
          const b = v[j]!;
          if (a === '' || b === '') return 0;
          return a === b ? 1 : 2;
        },
      };
  }
}

function slotOf(p: { units: readonly Unit[]; slots: readonly Slot[] }, name: string): Slot | undefined {
  const i = p.units.findIndex((u) => u.name === name);
  return i < 0 ? undefined : p.slots[i];
}

/** A comparison that only counts where `outer` agrees at a level other than "else"; null elsewhere. */
function conditional(inner: Comparison, outer: Comparison): Comparison {
  const disagree = outer.levels.length - 1;
  return {
    ...inner,
    level(i, j) {
      const o = outer.level(i, j);
      return o === 0 || o === disagree ? 0 : inner.level(i, j);
    },
  };
}

/** One comparison per unit, in unit order. */
export function buildComparisons(p: Pick<Prepared, 'units' | 'slots'>): Comparison[] {
  const out: Comparison[] = [];
  p.units.forEach((unit, k) => {
    const slot = p.slots[k]!;
    let c: Comparison;
    if (slot.kind === 'name') {
      const other = unit.swapWith !== undefined ? slotOf(p, unit.swapWith) : undefined;
      c = nameComparison(unit, slot, other?.kind === 'name' ? other : undefined);
    } else if (slot.kind === 'date') c = dateComparison(unit, slot);
    else c = textComparison(unit, slot);
    const outer = unit.within !== undefined ? out.find((o) => o.name === unit.within) : undefined;
    out.push(outer ? conditional(c, outer) : c);
  });
  return out;
}

/** Levels of every pair, K bytes per pair: the comparison vector γ the model scores. */
export function computeLevels(comparisons: readonly Comparison[], left: Uint32Array, right: Uint32Array): Uint8Array {
  const k = comparisons.length;
  const out = new Uint8Array(left.length * k);
  for (let c = 0; c < k; c++) {
    const cmp = comparisons[c]!;
    for (let p = 0; p < left.length; p++) out[p * k + c] = cmp.level(left[p]!, right[p]!);
  }
  return out;
}

// Duplicate ballots: the same person declared again, as happens in a door-to-door campaign (declared at home
// and at a rented room, by two officers, by a relative). Each duplicate has one kind, sometimes two combined:
// exact (identical re-declaration, PIN included), typo (one character substituted, deleted or transposed in the
// name), no_diacritics (name typed without marks), swapped_day_month (only when both readings are valid dates),
// other_commune (declared in another commune of the province, as a household of its own), missing_pin.
import type { Dc01Row } from '../../domain/dc01.ts';
import type { Rng } from '../../lib/random.ts';
import { addressText } from './addresses.ts';
import { isoOfDay, parseIsoDay } from './gen-dates.ts';
import type { PersonRecord } from './people.ts';
import type { ReferenceData } from './reference-data.ts';
import { Weighted } from './sampling.ts';
import { foldDiacritics } from './vn-text.ts';

export const DUPLICATE_KINDS = [
  'exact',
  'typo',
  'no_diacritics',
  'swapped_day_month',
  'other_commune',
  'missing_pin',
] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** Changes applied in this order when two are combined (folding first, so a typo survives it). */
const CHANGES: readonly Exclude<DuplicateKind, 'exact'>[] = [
  'no_diacritics',
  'typo',
  'swapped_day_month',
  'missing_pin',
  'other_commune',
];
const CHANGE_WEIGHTS: Readonly<Record<Exclude<DuplicateKind, 'exact'>, number>> = {
  typo: 20,
  no_diacritics: 15,
  swapped_day_month: 12,
  other_commune: 15,
  missing_pin: 8,
};
/** Share of exact duplicates, and of duplicates combining two changes. */
const EXACT_SHARE = 0.2;
const COMBINED_SHARE = 0.12;

export interface DuplicateEnv {
  rng: Rng;
  ref: ReferenceData;
  today: number;
  /** Number of a new household in `province` (for a person declared elsewhere as a household of one). */
  newHousehold(province: string): number;
}

export interface Duplicate {
  row: Dc01Row;
  /** One kind, or two joined by ';' in the order applied. */
  kind: string;
  /** The household the ballot was declared in (the original's, or a new one for other_commune). */
  province: string;
  household: number;
}

const LETTERS = Array.from('aăâbcdđeêghiklmnoôơpqrstuưvxy');
const ASCII_LETTERS = Array.from('abcdeghiklmnopqrstuvxy');

function recase(chars: string[]): string {
  return chars.map((c, i) => (i === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** One character of one name word substituted, deleted or transposed (the word keeps at least one letter). */
export function typo(rng: Rng, name: string): string {
  const words = name.split(' ');
  // A name already typed without marks gets a plain-letter slip.
  const letters = /[^ -~]/.test(name) ? LETTERS : ASCII_LETTERS;
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = rng.float();
    const wi = r < 0.5 || words.length < 3 ? words.length - 1 : r < 0.75 ? 0 : rng.between(1, words.length - 2);
    const chars = Array.from(words[wi]!);
    const op = rng.int(3);
    const at = rng.int(chars.length);
    if (op === 0 && chars.length >= 2) chars.splice(at, 1);
    else if (op === 1 && chars.length >= 2) {
      const j = at === chars.length - 1 ? at - 1 : at;
      [chars[j], chars[j + 1]] = [chars[j + 1]!, chars[j]!];
    } else {
      // A lost tone or vowel mark is the commonest slip; otherwise a wrong letter.
      const c = chars[at]!;
      const bare = foldDiacritics(c);
      chars[at] = bare !== c && rng.chance(0.5) ? bare : rng.pick(letters);
    }
    const word = recase(chars);
    if (word !== words[wi] && word.length > 0) {
      const out = words.slice();
      out[wi] = word;
      return out.join(' ');
    }
  }
  return `${name}h`;
}

function swapDayMonth(iso: string): string {
  return `${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`;
}

function eligible(row: Dc01Row, env: DuplicateEnv): Exclude<DuplicateKind, 'exact'>[] {
  const { ref } = env;
  const out: Exclude<DuplicateKind, 'exact'>[] = ['typo'];
  if (foldDiacritics(row.full_name) !== row.full_name) out.push('no_diacritics');
  const month = Number(row.date_of_birth.slice(5, 7));
  const day = Number(row.date_of_birth.slice(8, 10));
  // Both readings must be real dates, and the swapped one not after today (that would be another error).
  if (day <= 12 && day !== month && swapDayMonth(row.date_of_birth) <= isoOfDay(env.today))
    out.push('swapped_day_month');
  if (row.pin !== '') out.push('missing_pin');
  const province = ref.wardProvince.get(row.permanent_unit);
  if (province && ref.provinces.get(province)!.wards.length > 1) out.push('other_commune');
  return out;
}

const tables = new Map<string, Weighted<Exclude<DuplicateKind, 'exact'>>>();

function pickChanges(rng: Rng, options: Exclude<DuplicateKind, 'exact'>[]): Exclude<DuplicateKind, 'exact'>[] {
  // Only a few dozen option sets occur: build each weighted table once.
  const key = options.join();
  let table = tables.get(key);
  if (!table) {
    table = new Weighted(
      options,
      options.map((k) => CHANGE_WEIGHTS[k]),
    );
    tables.set(key, table);
  }
  const first = table.pick(rng);
  if (options.length < 2 || !rng.chance(COMBINED_SHARE / (1 - EXACT_SHARE))) return [first];
  let second = table.pick(rng);
  while (second === first) second = table.pick(rng);
  return CHANGES.filter((k) => k === first || k === second);
}

/** A re-declaration of `p`; the ballot_id is left for the caller to set. */
export function makeDuplicate(p: PersonRecord, env: DuplicateEnv): Duplicate {
  const { rng } = env;
  const row: Dc01Row = { ...p.row };
  const out: Duplicate = { row, kind: 'exact', province: p.province, household: p.household };
  if (rng.chance(EXACT_SHARE)) return out;
  const changes = pickChanges(rng, eligible(row, env));
  for (const change of changes) {
    switch (change) {
      case 'no_diacritics':
        row.full_name = foldDiacritics(row.full_name);
        break;
      case 'typo':
        row.full_name = typo(rng, row.full_name);
        break;
      case 'swapped_day_month':
        row.date_of_birth = swapDayMonth(row.date_of_birth);
        break;
      case 'missing_pin':
        row.pin = '';
        if (row.relation_to_head === 'head') row.head_pin = '';
        break;
      case 'other_commune':
        out.household = moveToOtherCommune(row, env);
        break;
    }
  }
  if (row.relation_to_head === 'head') row.head_name = row.full_name;
  out.kind = changes.join(';');
  return out;
}

/** Declared where the person also stays, as a one-person household there, some time after the original. */
function moveToOtherCommune(row: Dc01Row, env: DuplicateEnv): number {
  const { rng, ref, today } = env;
  const province = ref.wardProvince.get(row.permanent_unit)!;
  const wards = ref.provinces.get(province)!.wards;
  let ward = rng.pick(wards);
  while (ward === row.permanent_unit) ward = rng.pick(wards);
  const address = addressText(rng, province, ref.urbanWards.has(ward));
  const since = parseIsoDay(row.permanent_since) ?? today;
  const movedIn = since + rng.int(Math.max(1, today - since + 1));
  const collectedFrom = Math.max(movedIn, parseIsoDay(row.collected_on) ?? movedIn);
  const household = env.newHousehold(province);
  row.relation_to_head = 'head';
  row.permanent_unit = ward;
  row.current_unit = ward;
  row.permanent_address = address;
  row.current_address = address;
  row.permanent_since = isoOfDay(Math.min(movedIn, today));
  row.collected_on = isoOfDay(Math.min(today, collectedFrom + rng.int(Math.max(1, today - collectedFrom + 1))));
  row.head_name = row.full_name;
  row.head_pin = row.pin;
  return household;
}

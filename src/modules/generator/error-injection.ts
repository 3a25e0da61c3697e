// Injected errors: each erroneous ballot breaks exactly one validation rule, named in the truth file by the
// DC01 key it touched and the rule code. When a date changes, the PIN changes with it (same province digits,
// matching century/sex digit and year, a fresh serial) so that only the intended rule breaks — except for the
// pin.* rules, whose point is a PIN that contradicts the record.
import type { Dc01Key, Dc01Row } from '../../domain/dc01.ts';
import type { Rng } from '../../lib/random.ts';
import { civilOf, isoOfDay, parseIsoDay } from './gen-dates.ts';
import type { PersonRecord } from './people.ts';
import type { PinAllocator } from './pins.ts';
import type { ReferenceData } from './reference-data.ts';

export const ERROR_RULES = [
  'pin.format',
  'pin.century_sex',
  'pin.year',
  'date.format',
  'date.future',
  'unit.unknown',
  'code.unknown',
  'required',
  'enum',
  'parent.age',
] as const;
export type ErrorRule = (typeof ERROR_RULES)[number];

export interface InjectedError {
  field: Dc01Key;
  rule: ErrorRule;
}

export interface ErrorEnv {
  rng: Rng;
  ref: ReferenceData;
  pins: PinAllocator;
  today: number;
  /** Five-digit codes that are no commune, now or before 2025. */
  unknownUnits: readonly string[];
}

/** Commune codes that never existed: '99999' and other codes above the highest real one. */
export function unknownUnitCodes(rng: Rng, known: ReadonlySet<string>, count = 64): string[] {
  const out = ['99999'];
  while (out.length < count) {
    const code = String(rng.between(33_000, 99_998));
    if (!known.has(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

const UNIT_FIELDS: readonly Dc01Key[] = [
  'permanent_unit',
  'permanent_unit',
  'current_unit',
  'place_of_birth',
  'hometown',
  'birth_registration_place',
];
const LOOKALIKE_LETTERS = 'OIlSBZ';

/** The rules this ballot can be made to break alone. */
function applicable(row: Dc01Row, p: PersonRecord, duplicate: boolean): ErrorRule[] {
  const rules: ErrorRule[] = ['date.format', 'unit.unknown', 'code.unknown', 'required', 'enum'];
  const dob = parseIsoDay(row.date_of_birth);
  // A head's own PIN is repeated in head_pin, and other ballots carry referenced people's PINs: leave those
  // PINs alone so that no second rule (or cross-ballot link) breaks.
  const head = row.relation_to_head === 'head';
  if (row.pin !== '' && !head && dob !== undefined) rules.push('pin.format', 'pin.century_sex', 'pin.year');
  const pinFree = !head && (duplicate || !p.referenced);
  if (pinFree && dob !== undefined) rules.push('date.future');
  const parentKnown = (row.father_pin !== '' && p.fatherDob >= 0) || (row.mother_pin !== '' && p.motherDob >= 0);
  if (pinFree && parentKnown && dob !== undefined) rules.push('parent.age');
  return rules;
}

/** Re-dates the person and keeps the PIN coherent: same PPP unless told otherwise, new C/YY and serial. */
function redate(row: Dc01Row, p: PersonRecord, day: number, env: ErrorEnv, ppp?: string): void {
  row.date_of_birth = isoOfDay(day);
  if (row.pin === '') return;
  row.pin = env.pins.allocate(ppp ?? row.pin.slice(0, 3), civilOf(day)[0], p.female);
}

function badDate(rng: Rng, iso: string): string {
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  const d = iso.slice(8, 10);
  switch (rng.int(4)) {
    case 0:
      return `${rng.chance(0.5) ? '30' : '31'}/02/${y}`;
    case 1:
      return `${y}-13-${d}`;
    case 2:
      return `${y}-${m}-32`;
    default:
      return `${y}-00-${d}`;
  }
}

/** Breaks one rule on `row` (a copy the caller owns) and says which. */
export function injectError(row: Dc01Row, p: PersonRecord, duplicate: boolean, env: ErrorEnv): InjectedError {
  const { rng } = env;
  const rule = rng.pick(applicable(row, p, duplicate));
  switch (rule) {
    case 'pin.format': {
      const r = rng.int(3);
      if (r === 0) row.pin = row.pin.slice(0, 11);
      else if (r === 1) row.pin = `${row.pin}${rng.int(10)}`;
      else {
        const at = rng.int(12);
        row.pin = `${row.pin.slice(0, at)}${rng.pick(Array.from(LOOKALIKE_LETTERS))}${row.pin.slice(at + 1)}`;
      }
      return { field: 'pin', rule };
    }
    case 'pin.century_sex': {
      // Flip the sex bit only: the century stays right, so the year rule still holds.
      const digit = Number(row.pin[3]) ^ 1;
      row.pin = `${row.pin.slice(0, 3)}${digit}${row.pin.slice(4)}`;
      return { field: 'pin', rule };
    }
    case 'pin.year': {
      const yy = (Number(row.pin.slice(4, 6)) + rng.between(1, 9)) % 100;
      row.pin = `${row.pin.slice(0, 4)}${yy < 10 ? '0' : ''}${yy}${row.pin.slice(6)}`;
      return { field: 'pin', rule };
    }
    case 'date.format': {
      const field: Dc01Key = rng.chance(0.8) ? 'date_of_birth' : 'permanent_since';
      row[field] = badDate(rng, row[field]);
      return { field, rule };
    }
    case 'date.future': {
      // A birth after today is registered under a current province: the one holding the registration place.
      redate(row, p, env.today + rng.between(1, 700), env, `0${p.regProvince}`);
      return { field: 'date_of_birth', rule };
    }
    case 'unit.unknown': {
      const field = rng.pick(UNIT_FIELDS);
      row[field] = rng.pick(env.unknownUnits);
      return { field, rule };
    }
    case 'code.unknown': {
      const field: Dc01Key = rng.chance(0.7) ? 'ethnicity' : 'religion';
      row[field] = rng.pick(['77', '88', '66', '70']);
      return { field, rule };
    }
    case 'required': {
      const field: Dc01Key = row.relation_to_head !== 'head' && rng.chance(0.5) ? 'full_name' : 'date_of_birth';
      row[field] = '';
      return { field, rule };
    }
    case 'enum':
      row.sex = 'X';
      return { field: 'sex', rule };
    case 'parent.age': {
      // Born 1–10 years after the named parent: that parent is less than 12 years older.
      const useFather = row.father_pin !== '' && p.fatherDob >= 0;
      const parentDob = useFather ? p.fatherDob : p.motherDob;
      redate(row, p, parentDob + rng.between(365, 3650), env);
      return { field: useFather ? 'father_pin' : 'mother_pin', rule };
    }
  }
}

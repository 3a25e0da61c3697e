// An independent checker of the ten rules the generator injects errors for, written from the rule
// descriptions (not from the generator's code), so tests can see that each erroneous ballot breaks its rule
// and only that rule, and that every other ballot breaks none.
import { type Dc01Key, type Dc01Row, MARITAL_STATUS, RELATION_TO_HEAD } from '../../src/domain/dc01.ts';
import { isoDayValid, pinYear, type TestRefs } from './helpers.ts';

export interface Broken {
  field: Dc01Key;
  rule: string;
}

const UNIT_FIELDS: readonly Dc01Key[] = [
  'place_of_birth',
  'birth_registration_place',
  'hometown',
  'permanent_unit',
  'current_unit',
];
const DATE_FIELDS: readonly Dc01Key[] = ['date_of_birth', 'permanent_since', 'collected_on'];

export function checkBallot(r: Dc01Row, refs: TestRefs, today: string): Broken[] {
  const out: Broken[] = [];
  const add = (field: Dc01Key, rule: string) => out.push({ field, rule });
  if (r.full_name.trim() === '') add('full_name', 'required');
  if (r.date_of_birth === '') add('date_of_birth', 'required');
  for (const f of DATE_FIELDS) if (r[f] !== '' && !isoDayValid(r[f])) add(f, 'date.format');
  const dobOk = isoDayValid(r.date_of_birth);
  if (dobOk && r.date_of_birth > today) add('date_of_birth', 'date.future');
  if (r.sex !== 'Nam' && r.sex !== 'Nữ') add('sex', 'enum');
  if (!(r.relation_to_head in RELATION_TO_HEAD)) add('relation_to_head', 'enum');
  if (!(r.marital_status in MARITAL_STATUS)) add('marital_status', 'enum');
  if (!refs.ethnicities.has(r.ethnicity)) add('ethnicity', 'code.unknown');
  if (!refs.religions.has(r.religion)) add('religion', 'code.unknown');
  if (r.nationality !== 'VN') add('nationality', 'code.unknown');
  for (const f of UNIT_FIELDS) if (!refs.wardProvince.has(r[f])) add(f, 'unit.unknown');
  if (r.pin !== '' && !/^\d{12}$/.test(r.pin)) add('pin', 'pin.format');
  else if (r.pin !== '' && dobOk && (r.sex === 'Nam' || r.sex === 'Nữ')) {
    const year = Number(r.date_of_birth.slice(0, 4));
    const digit = Number(r.pin[3]);
    if (digit !== 2 * Math.floor((year - 1900) / 100) + (r.sex === 'Nữ' ? 1 : 0)) add('pin', 'pin.century_sex');
    if (Number(r.pin.slice(4, 6)) !== year % 100) add('pin', 'pin.year');
    const ward = refs.wardProvince.get(r.birth_registration_place);
    if (ward !== undefined && refs.successor.get(r.pin.slice(1, 3)) !== ward) add('pin', 'pin.province');
  }
  for (const f of ['spouse_pin', 'head_pin'] as const) if (r[f] !== '' && !/^\d{12}$/.test(r[f])) add(f, 'pin.format');
  for (const f of ['father_pin', 'mother_pin'] as const) {
    if (r[f] === '') continue;
    if (!/^\d{12}$/.test(r[f])) add(f, 'pin.format');
    else if (dobOk && Number(r.date_of_birth.slice(0, 4)) - pinYear(r[f]) < 12) add(f, 'parent.age');
  }
  return out;
}

// A registry with known persons for the quality scores: each one built to be valid or not, complete or not,
// confirmed or not, so that every expected score can be worked out by hand (see scores.test.ts).
// Invalid states cannot be written through the registry (every write is validated), so persons are inserted
// straight into the tables, as data loaded before a rule existed would be.
import { composePin } from '../../src/domain/pin.ts';
import type { PairStatus } from '../../src/modules/dedup/dedup.table.ts';
import { blankState, compactState, type PersonState } from '../../src/modules/registry/person.model.ts';
import { projectPerson } from '../../src/modules/registry/person.projection.ts';
import type { RegistryFixture } from '../helpers/registry.ts';

export const COMMUNE_A = '00004'; // Phường Ba Đình, Hà Nội
export const COMMUNE_B = '00008'; // Phường Ngọc Hà, Hà Nội
export const COMMUNE_C = '16681'; // Phường Thành Vinh, Nghệ An
/** An old Hà Nội commune split in 2025 between A and B: its residents are placed in the province only. */
export const SPLIT_OLD_COMMUNE = '00016';

const RECENT = '2025-01-15T08:00:00.000Z';
const OLD = '2019-05-01T08:00:00.000Z';
const UNIT_DATE = '2025-07-01';

interface Spec {
  key: string;
  commune: string | null;
  dob: string;
  sex?: 'M' | 'F';
  /** Changes as (valid date, recorded at); default one registration recorded in 2025. */
  changes?: [string, string][];
  edit?: (s: PersonState) => void;
  status?: string;
}

let serial = 100;

/** A record with every required and recommended field of its age filled, and valid. */
function fullState(spec: Spec): PersonState {
  const s = blankState();
  const province = spec.commune === COMMUNE_C ? '040' : '001';
  const birthPlace = spec.commune === COMMUNE_C ? COMMUNE_C : COMMUNE_A;
  const sex = spec.sex ?? 'M';
  s.pin = composePin(province, Number(spec.dob.slice(0, 4)), sex, serial++);
  s.fullName = sex === 'M' ? 'Nguyễn Văn Thử' : 'Trần Thị Thử';
  s.dateOfBirth = spec.dob;
  s.sex = sex;
  s.placeOfBirth = { unitCode: birthPlace, unitDate: UNIT_DATE, detail: '' };
  s.birthRegistrationPlace = { unitCode: birthPlace, unitDate: UNIT_DATE, detail: '' };
  s.hometown = { unitCode: birthPlace, unitDate: UNIT_DATE, detail: '' };
  s.ethnicity = '01';
  s.nationalities = ['VN'];
  if (spec.commune) {
    s.permanentResidence = { unitCode: spec.commune, unitDate: UNIT_DATE, detail: 'Số 1', since: null, until: null };
    s.household = { code: `HH-${spec.key}`, relationToHead: 'head' };
  }
  const age = 2026 - Number(spec.dob.slice(0, 4));
  if (age < 18) {
    s.father = { pin: null, name: 'Nguyễn Văn Cha', oldIdNumber: null, nationality: 'VN' };
    s.mother = { pin: null, name: 'Lê Thị Mẹ', oldIdNumber: null, nationality: 'VN' };
  }
  if (age >= 14) s.phone = '0912345678';
  spec.edit?.(s);
  return s;
}

/** The persons, by key; see scores.test.ts for what each one is for. */
export const SPECS: Spec[] = [
  // Commune A (5 living persons, one dead).
  {
    key: 'a1',
    commune: COMMUNE_A,
    dob: '1980-04-02',
    // Registered in 2015, updated in 2022: the latest change counts.
    changes: [
      ['1980-04-02', '2015-03-01T08:00:00.000Z'],
      ['2022-09-10', '2022-09-10T08:00:00.000Z'],
    ],
  },
  { key: 'a2', commune: COMMUNE_A, dob: '1985-06-07', edit: (s) => (s.phone = 'không có') }, // invalid phone
  {
    key: 'a3',
    commune: COMMUNE_A,
    dob: '1990-01-20',
    sex: 'F',
    edit: (s) => {
      s.hometown = null; // required, missing
      s.phone = null; // recommended at card age, missing
    },
  },
  { key: 'a4', commune: COMMUNE_A, dob: '1985-03-02', changes: [['1985-03-02', OLD]] }, // not confirmed
  { key: 'a5', commune: COMMUNE_A, dob: '1915-01-10' }, // 111 years old
  {
    key: 'a6',
    commune: COMMUNE_A,
    dob: '1950-01-01',
    status: 'dead',
    edit: (s) => (s.death = { kind: 'dead', date: '2024-01-01' }),
  },
  // Commune B (3 living persons; one retired by a merge and one with a 'merged' status are left out).
  { key: 'b1', commune: COMMUNE_B, dob: '2016-02-01' }, // a child with both parents
  { key: 'b2', commune: COMMUNE_B, dob: '2018-05-05', sex: 'F', edit: (s) => (s.mother = null) },
  { key: 'b3', commune: COMMUNE_B, dob: '1915' }, // partial date: half filled; maybe only 110, so not counted
  { key: 'b4', commune: COMMUNE_B, dob: '1970-07-07' }, // retired by a merge (person_merge)
  { key: 'b5', commune: COMMUNE_B, dob: '1971-07-07', status: 'merged' },
  // Commune C, Nghệ An (2 persons).
  { key: 'c1', commune: COMMUNE_C, dob: '1988-08-08', edit: (s) => (s.maritalStatus = 'married') }, // no spouse
  {
    key: 'c2',
    commune: COMMUNE_C,
    dob: '1992-02-02',
    changes: [['1992-02-02', '2020-01-01T08:00:00.000Z']], // not confirmed
    edit: (s) => {
      s.ethnicity = '77'; // code.unknown
      s.pin = `${s.pin.slice(0, 4)}93${s.pin.slice(6)}`; // pin.year
    },
  },
  // Hà Nội, but in a commune split in 2025: counted in the province only.
  {
    key: 'p1',
    commune: null,
    dob: '1979-09-09',
    edit: (s) => {
      s.permanentResidence = {
        unitCode: SPLIT_OLD_COMMUNE,
        unitDate: '2020-01-01',
        detail: 'Số 2',
        since: null,
        until: null,
      };
      s.household = { code: 'HH-p1', relationToHead: 'head' };
    },
  },
  // No residence at all: counted in the nation only; "residence" (required) is missing.
  { key: 'n1', commune: null, dob: '1995-05-05' },
];

export interface Seeded {
  ids: Record<string, number>;
}

export async function seedPersons(f: RegistryFixture): Promise<Seeded> {
  const catalog = await f.services.reference.catalog();
  const ids: Record<string, number> = {};
  for (const spec of SPECS) {
    const state = fullState(spec);
    const projection = projectPerson(state, catalog);
    const changes = spec.changes ?? [[spec.dob.length === 10 ? spec.dob : `${spec.dob}-01-01`, RECENT]];
    const last = changes[changes.length - 1]![1];
    const row = await f.t.db
      .insertInto('person')
      .values({
        ...projection,
        status: (spec.status ?? projection.status) as 'alive',
        version: changes.length,
        created_at: changes[0]![1],
        updated_at: last,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[spec.key] = Number(row.id);
    await f.t.db
      .insertInto('person_change')
      .values(
        changes.map(([validFrom, recordedAt], i) => ({
          person_id: Number(row.id),
          seq: i + 1,
          valid_from: validFrom,
          recorded_at: recordedAt,
          recorded_by: 'fixture',
          event: i === 0 ? 'registration' : 'update',
          reason: null,
          source_doc: null,
          changes: JSON.stringify(i === 0 ? compactState(state) : { phone: state.phone }),
        })),
      )
      .execute();
  }
  await f.t.db
    .insertInto('person_merge')
    .values({
      survivor_id: ids.b1!,
      retired_id: ids.b4!,
      retired_pin: 'x',
      snapshot: '{}',
      merged_by: 'fixture',
      merged_at: RECENT,
    })
    .execute();
  return { ids };
}

/** A finished deduplication run that found two open pairs (A–A, A–C) and one pair decided "different" (B–B). */
export async function seedDedup(f: RegistryFixture, ids: Record<string, number>): Promise<void> {
  await f.t.db
    .insertInto('dedup_run')
    .values({
      kind: 'batch',
      started_at: '2026-05-30T01:00:00.000Z',
      finished_at: '2026-05-30T02:00:00.000Z',
      threshold: 0.9,
      started_by: 'fixture',
    })
    .execute();
  const pair = (l: string, r: string, lu: string, ru: string, status: PairStatus) => ({
    person_l: ids[l]!,
    person_r: ids[r]!,
    version_l: 1,
    version_r: 1,
    unit_l: lu,
    unit_r: ru,
    province_l: lu === COMMUNE_C ? '40' : '01',
    province_r: ru === COMMUNE_C ? '40' : '01',
    probability: 0.97,
    match_weight: 11.5,
    evidence: '[]',
    status,
    found_by: 'batch',
    created_at: '2026-05-30T01:30:00.000Z',
    updated_at: '2026-05-30T01:30:00.000Z',
  });
  await f.t.db
    .insertInto('dedup_pair')
    .values([
      pair('a1', 'a3', COMMUNE_A, COMMUNE_A, 'open'),
      pair('a2', 'c1', COMMUNE_A, COMMUNE_C, 'open'),
      pair('b1', 'b2', COMMUNE_B, COMMUNE_B, 'different'),
    ])
    .execute();
}

/** A run that started and has not finished (its pairs may be partial): deduplication still counts as not run. */
export async function seedUnfinishedRun(f: RegistryFixture): Promise<void> {
  await f.t.db
    .insertInto('dedup_run')
    .values({
      kind: 'batch',
      started_at: '2026-05-29T01:00:00.000Z',
      finished_at: null,
      threshold: 0.9,
      started_by: 'fixture',
    })
    .execute();
}

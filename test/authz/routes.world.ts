// The world the route-table authorization test runs in: one app and database per engine, officers of every role
// in province 38 (commune 15835 of it) and nationally, persons inside that jurisdiction and in province 79, and the
// objects routes take an id of (pairs, merges, ballots, import jobs). Helpers make fresh persons and pairs for
// cases that change what they touch, so cases stay independent of the order they run in.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

export const CAMPAIGN = 'DA896';
/** Province 38 and its commune Thiệu Trung (15835), where the officers work; province 79 and its 25747. */
export const PROVINCE_IN = '38';
export const COMMUNE_IN = '15835';
export const PROVINCE_OUT = '79';
export const COMMUNE_OUT = '25747';
export type Place = 'in' | 'out';
export const UNIT: Record<Place, string> = { in: COMMUNE_IN, out: COMMUNE_OUT };
export const PROVINCE: Record<Place, string> = { in: PROVINCE_IN, out: PROVINCE_OUT };

export const SUBJECT_NAMES = [
  'national_admin',
  'provincial_officer',
  'commune_officer',
  'card_officer',
  'auditor',
  'national_auditor',
  'viewer',
] as const;
export type SubjectName = (typeof SUBJECT_NAMES)[number];

export interface Subject {
  name: SubjectName;
  role: Role;
  /** null: the whole country. */
  jurisdiction: string | null;
  username: string;
  token: string;
}

export const SCOPE: Record<SubjectName, { role: Role; jurisdiction: string | null }> = {
  national_admin: { role: 'national_admin', jurisdiction: null },
  provincial_officer: { role: 'provincial_officer', jurisdiction: PROVINCE_IN },
  commune_officer: { role: 'commune_officer', jurisdiction: COMMUNE_IN },
  card_officer: { role: 'card_officer', jurisdiction: PROVINCE_IN },
  auditor: { role: 'auditor', jurisdiction: PROVINCE_IN },
  national_auditor: { role: 'auditor', jurisdiction: null },
  viewer: { role: 'viewer', jurisdiction: PROVINCE_IN },
};

/** Does the subject's jurisdiction cover a person or object at this place? */
export function covers(s: Subject, place: Place): boolean {
  return s.jurisdiction === null || place === 'in';
}

export interface PersonRef {
  pin: string;
  id: number;
  name: string;
  place: Place;
}

export type Res = LightMyRequestResponse;

export interface World {
  f: RegistryFixture;
  subjects: Record<SubjectName, Subject>;
  /** A provincial officer of province 79: files notices about persons of province 38. */
  officer79: Subject;
  persons: { in: PersonRef; in2: PersonRef; out: PersonRef; out2: PersonRef };
  /** Values held by the registry about persons of province 79 that no response to an actor of 38 may carry. */
  outSecrets: string[];
  pairs: { inIn: number; cross: number; outOut: number };
  merges: { in: number; out: number };
  jobs: Record<Place, number>;
  /**
   * Set while a request is expected to be refused (denied, hidden): `fresh` then hands out one object per key
   * instead of making a new one each time. A refused request changes nothing; one wrongly allowed fails its own
   * case, and leaves the object changed for the next, which then fails too. It keeps the run short.
   */
  reuse: boolean;
  /** What `make` makes: new each call, or (while `reuse`) made once per key. */
  fresh<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Sends as the subject (bearer token), or unauthenticated when `s` is undefined. */
  send(s: Subject | undefined, opts: InjectOptions): Promise<Res>;
  /** Sends as the national administrator. */
  admin(opts: InjectOptions | string): Promise<Res>;
  freshPerson(place: Place, over?: Record<string, unknown>): Promise<PersonRef>;
  /** A person's current state and version, read by the national administrator. */
  stateOf(pin: string): Promise<{ version: number; state: Record<string, unknown> }>;
  etagOf(pin: string): Promise<string>;
  pair(a: PersonRef, b: PersonRef): Promise<number>;
  merge(survivor: PersonRef, retired: PersonRef): Promise<number>;
  ballot(place: Place, status?: string, over?: Record<string, unknown>, form?: 'DC01' | 'DC02'): Promise<number>;
  ballotStatus(id: number): Promise<string>;
  /** Notices listed for the national administrator, as raw JSON text ('' while the route is missing). */
  noticesText(): Promise<string>;
  destroy(): Promise<void>;
}

let counter = 0;
const SYLLABLES = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lâm', 'Minh', 'Nam'];
/** A unique name made of letters only (names may not hold digits). */
export function uniqueName(family: string): string {
  counter += 1;
  const word = String(counter)
    .padStart(3, '0')
    .split('')
    .map((d) => SYLLABLES[Number(d)])
    .join(' ');
  return `${family} ${word}`;
}

export async function createWorld(): Promise<World> {
  const f = await createRegistryFixture();
  const send = (s: Subject | undefined, opts: InjectOptions) =>
    f.app.inject({
      ...opts,
      headers: { ...(s ? { authorization: `Bearer ${s.token}` } : {}), ...(opts.headers ?? {}) },
    });
  const admin = (opts: InjectOptions | string) => f.inject(opts);

  const subjects = {} as Record<SubjectName, Subject>;
  for (const name of SUBJECT_NAMES) {
    const { role, jurisdiction } = SCOPE[name];
    if (name === 'national_admin') {
      // A new national administrator must enrol TOTP before acting; the fixture's administrator has.
      subjects[name] = { name, role, jurisdiction, username: 'admin', token: f.adminToken };
      continue;
    }
    subjects[name] = { name, role, jurisdiction, ...(await account(f, name.replace(/_/g, '.'), role, jurisdiction)) };
  }
  const officer79 = {
    name: 'provincial_officer' as const,
    role: 'provincial_officer' as const,
    jurisdiction: PROVINCE_OUT,
    ...(await account(f, 'tinh.79', 'provincial_officer', PROVINCE_OUT)),
  };

  const stateOf = async (pin: string) => {
    const r = await admin(`/api/v1/persons/${pin}`);
    if (r.statusCode !== 200) throw new Error(`reading ${pin}: ${r.statusCode} ${r.body}`);
    const j = r.json();
    return { version: j.version as number, state: j.state as Record<string, unknown> };
  };
  const etagOf = async (pin: string) => (await admin(`/api/v1/persons/${pin}`)).headers.etag as string;
  const idOf = async (pin: string) =>
    Number((await f.t.db.selectFrom('person').select('id').where('pin', '=', pin).executeTakeFirstOrThrow()).id);
  const freshPerson = async (place: Place, over: Record<string, unknown> = {}): Promise<PersonRef> => {
    const name = (over.fullName as string | undefined) ?? uniqueName(place === 'in' ? 'Lê Văn' : 'Hoàng Thị');
    const r = await admin({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody(UNIT[place], {
        fullName: name,
        dateOfBirth: '1990-05-01',
        registeredOn: '1990-05-20',
        sex: place === 'in' ? 'M' : 'F',
        ...over,
      }),
    });
    if (r.statusCode !== 201) throw new Error(`birth in ${UNIT[place]}: ${r.statusCode} ${r.body}`);
    const pin = r.json().pin as string;
    return { pin, id: await idOf(pin), name, place };
  };
  const pair = async (a: PersonRef, b: PersonRef) => {
    const at = new Date().toISOString();
    const row = await f.t.db
      .insertInto('dedup_pair')
      .values({
        person_l: a.id,
        person_r: b.id,
        version_l: 1,
        version_r: 1,
        unit_l: UNIT[a.place],
        unit_r: UNIT[b.place],
        province_l: PROVINCE[a.place],
        province_r: PROVINCE[b.place],
        probability: 0.97,
        match_weight: 12,
        evidence: '[]',
        status: 'open',
        found_by: 'person',
        run_id: null,
        created_at: at,
        updated_at: at,
        decided_by: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  const merge = async (survivor: PersonRef, retired: PersonRef) => {
    const r = await admin({
      method: 'POST',
      url: '/api/v1/dedup/merges',
      payload: { survivorPin: survivor.pin, retiredPin: retired.pin },
    });
    if (r.statusCode !== 201) throw new Error(`merge: ${r.statusCode} ${r.body}`);
    return Number(r.json().id);
  };
  const ballot = async (
    place: Place,
    status = 'collected',
    over: Record<string, unknown> = {},
    form: 'DC01' | 'DC02' = 'DC01',
  ) => {
    counter += 1;
    const values = {
      ballot_id: `R${String(counter).padStart(7, '0')}`,
      ...(form === 'DC01' ? dc01Values(place) : {}),
      ...over,
    };
    const at = new Date().toISOString();
    const row = await f.t.db
      .insertInto('ballot')
      .values({
        campaign_code: CAMPAIGN,
        form,
        ballot_ref: form === 'DC02' ? `${values.ballot_id}:${String(over.field)}` : values.ballot_id,
        source: 'form',
        job_id: null,
        row_no: null,
        status,
        status_reason: status === 'returned' ? 'Thiếu thông tin' : null,
        unit_code: UNIT[place],
        province_code: PROVINCE[place],
        pin: (values as { pin?: string }).pin ?? null,
        full_name: null,
        name_folded: null,
        dob: null,
        error_count: 0,
        warning_count: 0,
        issues: '[]',
        duplicate_of: null,
        person_id: null,
        data: JSON.stringify(values),
        version: 1,
        created_by: 'nguoi.thu.thap',
        created_at: at,
        updated_at: at,
        approved_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  const ballotStatus = async (id: number) =>
    (await f.t.db.selectFrom('ballot').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const noticesText = async () => {
    const r = await admin('/api/v1/notices?limit=200');
    return r.statusCode === 200 ? r.body : '';
  };

  const persons = {
    in: await freshPerson('in', { fullName: 'Lê Văn Trong Xã' }),
    in2: await freshPerson('in', { fullName: 'Lê Thị Trong Xã', sex: 'F' }),
    out: await freshPerson('out', { fullName: 'Hoàng Thị Xa Lạ' }),
    out2: await freshPerson('out', { fullName: 'Hoàng Văn Xa Lạ', sex: 'M' }),
  };
  // Values only the registry holds about the persons of province 79.
  for (const [p, phone, oldId] of [
    [persons.out, '0987000079', '079555888'],
    [persons.out2, '0987000080', '079555889'],
  ] as const) {
    const r = await admin({
      method: 'PATCH',
      url: `/api/v1/persons/${p.pin}`,
      headers: { 'if-match': await etagOf(p.pin) },
      payload: { changes: { phone, oldIdNumber: oldId }, reason: 'dữ liệu thử' },
    });
    if (r.statusCode !== 200) throw new Error(`patch ${p.pin}: ${r.statusCode} ${r.body}`);
  }
  const outSecrets = [persons.out.name, persons.out2.name, '0987000079', '0987000080', '079555888', '079555889'];
  const pairs = {
    inIn: await pair(persons.in, persons.in2),
    cross: await pair(persons.in, persons.out),
    outOut: await pair(persons.out, persons.out2),
  };
  const merges = {
    in: await merge(await freshPerson('in'), await freshPerson('in')),
    out: await merge(await freshPerson('out'), await freshPerson('out')),
  };
  const jobs = { in: await job(f, COMMUNE_IN), out: await job(f, PROVINCE_OUT) };

  const made = new Map<string, unknown>();
  const world: World = {
    reuse: false,
    async fresh<T>(key: string, make: () => Promise<T>): Promise<T> {
      if (!world.reuse) return make();
      if (!made.has(key)) made.set(key, await make());
      return made.get(key) as T;
    },
    f,
    subjects,
    officer79,
    persons,
    outSecrets,
    pairs,
    merges,
    jobs,
    send,
    admin,
    freshPerson,
    stateOf,
    etagOf,
    pair,
    merge,
    ballot,
    ballotStatus,
    noticesText,
    destroy: () => f.destroy(),
  };
  return world;
}

async function account(f: RegistryFixture, username: string, role: Role, jurisdiction: string | null) {
  await f.services.access.createUser(cliContext(), {
    username,
    password: `mật-khẩu-dài-${username}-2026`,
    roles: [role],
    jurisdiction,
  });
  return { username, token: (await f.services.access.createToken(cliContext(), 'routes', username)).token };
}

/** A finished import job started by an officer whose jurisdiction is `scope`. */
async function job(f: RegistryFixture, scope: string): Promise<number> {
  const at = new Date().toISOString();
  const r = await f.t.db
    .insertInto('import_job')
    .values({
      campaign_code: CAMPAIGN,
      form: 'DC01',
      file_name: `${scope}.csv`,
      file_sha256: `routes-${scope}`,
      file_format: 'csv',
      file_bytes: 1,
      status: 'done',
      rows_total: 0,
      error: null,
      created_by: 'test',
      unit_scope: scope,
      created_at: at,
      updated_at: at,
      finished_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A valid DC01 ballot of a new head of household (no PIN) living at `place`. */
export function dc01Values(place: Place): Record<string, string> {
  counter += 1;
  const unit = UNIT[place];
  return {
    household_code: `HR${String(counter).padStart(8, '0')}`,
    relation_to_head: 'head',
    full_name: uniqueName('Đỗ Văn'),
    date_of_birth: '1975-04-12',
    sex: 'Nam',
    place_of_birth: unit,
    birth_registration_place: unit,
    hometown: unit,
    ethnicity: '01',
    religion: '00',
    nationality: 'VN',
    marital_status: 'single',
    permanent_unit: unit,
    permanent_address: `Số ${counter}, ngõ 3`,
    unit_ref_date: '2026-01-01',
    collected_on: '2026-03-02',
  };
}

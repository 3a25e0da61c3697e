// Review-side test helpers: ballots written straight into the ballot table (as the intake would leave them),
// officers of each role with bearer tokens, and small counting queries.
import { cliContext } from '../../../src/domain/context.ts';
import type { Dc01Row } from '../../../src/domain/dc01.ts';
import { foldName } from '../../../src/domain/names.ts';
import { composePin } from '../../../src/domain/pin.ts';
import type { RegistryFixture } from '../../helpers/registry.ts';

export { as, createOfficer, type Officer } from '../../helpers/officers.ts';

export const CAMPAIGN = 'DA896';

/** Hà Nội (01): Phường Ba Đình (00004) and Phường Ngọc Hà (00008); TP Hồ Chí Minh (79): 25747. */
export const HN = '01';
export const BA_DINH = '00004';
export const NGOC_HA = '00008';
export const HCM = '79';
export const HCM_COMMUNE = '25747';

const PIN_PROVINCE: Record<string, string> = { '01': '001', '79': '079' };

let serial = 100;
let ballotNo = 0;

/** A valid DC01 ballot of a head of household living in `unit` (province `province`). */
export function dc01(unit: string, province: string, over: Partial<Dc01Row> = {}): Partial<Dc01Row> {
  serial += 1;
  ballotNo += 1;
  const year = 1960 + (serial % 40);
  const sex = serial % 2 === 0 ? 'M' : 'F';
  return {
    ballot_id: `T${String(ballotNo).padStart(7, '0')}`,
    household_code: `HT${String(serial).padStart(8, '0')}`,
    relation_to_head: 'head',
    full_name: sex === 'M' ? `Nguyễn Văn Thử ${toWord(serial)}` : `Trần Thị Thử ${toWord(serial)}`,
    date_of_birth: `${year}-0${1 + (serial % 9)}-1${serial % 10}`,
    sex: sex === 'M' ? 'Nam' : 'Nữ',
    pin: composePin(PIN_PROVINCE[province]!, year, sex, serial),
    place_of_birth: unit,
    birth_registration_place: unit,
    hometown: unit,
    ethnicity: '01',
    religion: '00',
    nationality: 'VN',
    marital_status: 'single',
    permanent_unit: unit,
    permanent_address: `Số ${serial}, ngõ 7`,
    unit_ref_date: '2026-01-01',
    collected_on: '2026-03-02',
    ...over,
  };
}

/** Letters only (names may not hold digits). */
function toWord(n: number): string {
  const syllables = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lâm', 'Minh', 'Nam'];
  return String(n)
    .split('')
    .map((d) => syllables[Number(d)])
    .join(' ');
}

export interface BallotSeed {
  form?: 'DC01' | 'DC02';
  values: Record<string, string>;
  unit: string | null;
  province: string | null;
  status?: string;
  jobId?: number | null;
  rowNo?: number | null;
  duplicateOf?: number | null;
  personId?: number | null;
  issues?: unknown[];
  campaign?: string;
}

/** Writes a ballot as the intake leaves it (status collected unless told). */
export async function insertBallot(f: RegistryFixture, b: BallotSeed): Promise<number> {
  const at = new Date().toISOString();
  const v = b.values;
  const form = b.form ?? 'DC01';
  const r = await f.t.db
    .insertInto('ballot')
    .values({
      campaign_code: b.campaign ?? CAMPAIGN,
      form,
      ballot_ref: form === 'DC02' ? `${v.ballot_id}:${v.field}` : (v.ballot_id ?? `ref${Math.random()}`),
      source: 'form',
      job_id: b.jobId ?? null,
      row_no: b.rowNo ?? null,
      status: b.status ?? 'collected',
      status_reason: null,
      unit_code: b.unit,
      province_code: b.province,
      pin: v.pin || null,
      full_name: v.full_name || null,
      name_folded: v.full_name ? foldName(v.full_name) : null,
      dob: v.date_of_birth || null,
      error_count: 0,
      warning_count: b.issues?.length ?? 0,
      issues: JSON.stringify(b.issues ?? []),
      duplicate_of: b.duplicateOf ?? null,
      person_id: b.personId ?? null,
      data: JSON.stringify(v),
      version: 1,
      created_by: 'test',
      created_at: at,
      updated_at: at,
      approved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** An import job row to hang ballots and refused rows on. */
export async function insertJob(f: RegistryFixture, name = 'test.csv'): Promise<number> {
  const at = new Date().toISOString();
  const r = await f.t.db
    .insertInto('import_job')
    .values({
      campaign_code: CAMPAIGN,
      form: 'DC01',
      file_name: name,
      file_sha256: `${name}-${Math.random()}`,
      file_format: 'csv',
      file_bytes: 1,
      status: 'done',
      rows_total: 0,
      error: null,
      created_by: 'test',
      unit_scope: null,
      created_at: at,
      updated_at: at,
      finished_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A refused import row (an error), placed in a commune. */
export async function insertRefusedRow(
  f: RegistryFixture,
  jobId: number,
  rowNo: number,
  unit: string | null,
  province: string | null,
): Promise<void> {
  await f.t.db
    .insertInto('import_issue')
    .values({
      job_id: jobId,
      row_no: rowNo,
      ballot_id: null,
      unit_code: unit,
      province_code: province,
      principle: 'correct',
      severity: 'error',
      field: 'date_of_birth',
      rule: 'date.format',
      message_vi: 'Ngày không đúng định dạng',
      message_en: 'not a date',
      value: '31/02/1990',
    })
    .execute();
}

export async function auditCount(f: RegistryFixture, action: string, outcome: 'ok' | 'denied'): Promise<number> {
  await f.services.audit.flush();
  const r = await f.t.db
    .selectFrom('audit_entry')
    .where('action', '=', action)
    .where('outcome', '=', outcome)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ballotRow(f: RegistryFixture, id: number) {
  return f.t.db.selectFrom('ballot').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function personsWithPin(f: RegistryFixture, pin: string): Promise<number> {
  const r = await f.t.db
    .selectFrom('person')
    .where('pin', '=', pin)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Registers the person a DC01 declares through another campaign's approval (so that this campaign has no
 *  ballot of them yet), as the local operator; returns the person as the API shows it. */
export async function registerPerson(
  f: RegistryFixture,
  values: Record<string, string>,
  unit: string,
  province: string,
): Promise<{ pin: string; version: number; state: Record<string, unknown> }> {
  const seed = 'SEED';
  await f.t.db
    .insertInto('campaign')
    .values({ code: seed, name: 'Dữ liệu có sẵn', started_on: '2025-01-01', created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const id = await insertBallot(f, { values, unit, province, status: 'verified', campaign: seed });
  try {
    await f.services.campaignReview.transition(cliContext(), seed, id, { action: 'approve' });
  } catch (err) {
    throw new Error(`seed ballot not approved: ${JSON.stringify(err)} ${String(err)}`);
  }
  const b = await ballotRow(f, id);
  const p = await f.t.db.selectFrom('person').selectAll().where('id', '=', b.person_id!).executeTakeFirstOrThrow();
  const view = await f.inject(`/api/v1/persons/${p.pin}`);
  return view.json();
}

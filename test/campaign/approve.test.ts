// Approval into the registry: a DC01 creates its person (with the PIN it carries, or a new one) with the ballot
// as source document, or records a re-collection as a new version; a repeated declaration never creates the
// person twice; a DC02 changes its one field through the registry's history (old and new values shown first);
// bulk actions work by commune or by ids within the jurisdiction, a chunk at a time, and one ballot that fails
// costs only itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { stateToDc01Row } from '../../src/modules/campaign/approval/campaign.approve.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import {
  as,
  BA_DINH,
  ballotRow,
  CAMPAIGN,
  createOfficer,
  dc01,
  HCM,
  HCM_COMMUNE,
  HN,
  insertBallot,
  NGOC_HA,
  type Officer,
  personsWithPin,
} from './helpers/review-fixture.ts';

const url = (id: number, path = 'transitions') => `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}/${path}`;
const BULK = `/api/v1/campaigns/${CAMPAIGN}/review`;

describe(`approval into the registry on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let province: Officer;
  let commune: Officer;
  const verified = (values: Record<string, string>, unit = BA_DINH, prov = HN, extra = {}) =>
    insertBallot(f, { values, unit, province: prov, status: 'verified', ...extra });
  const approve = (id: number) => as(f, province, 'POST', url(id), { action: 'approve' });
  const history = async (pin: string) => (await f.inject(`/api/v1/persons/${pin}/history`)).json().entries;

  beforeAll(async () => {
    f = await createRegistryFixture();
    province = await createOfficer(f, 'canbo.tinh', 'provincial_officer', HN);
    commune = await createOfficer(f, 'canbo.xa', 'commune_officer', BA_DINH);
  }, 120_000);
  afterAll(async () => f?.destroy());

  it('creates the person a DC01 declares, with its PIN, household and the ballot as source document', async () => {
    const values = dc01(BA_DINH, HN, { phone: '0912345678' }) as Record<string, string>;
    const id = await verified(values);
    const r = await approve(id);
    expect(r.statusCode, r.body).toBe(200);
    const b = await ballotRow(f, id);
    expect(b.status).toBe('approved');
    expect(b.person_id).not.toBeNull();
    const person = (await f.inject(`/api/v1/persons/${values.pin}`)).json();
    expect(person.state).toMatchObject({
      pin: values.pin,
      fullName: values.full_name,
      dateOfBirth: values.date_of_birth,
      phone: '0912345678',
      household: { code: values.household_code, relationToHead: 'head' },
      permanentResidence: { unitCode: BA_DINH, detail: values.permanent_address },
    });
    const h = await history(values.pin!);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ event: 'registration', sourceDocument: `ballot:${id}`, recordedBy: 'canbo.tinh' });
    const household = await f.t.db
      .selectFrom('household')
      .selectAll()
      .where('code', '=', values.household_code!)
      .executeTakeFirst();
    expect(household?.unit_code).toBe(BA_DINH);
  });

  it('allocates a PIN of the birth-registration province to a ballot without one', async () => {
    const values = dc01(NGOC_HA, HN, { pin: '' }) as Record<string, string>;
    const id = await verified(values, NGOC_HA);
    const r = await approve(id);
    expect(r.statusCode, r.body).toBe(200);
    const personId = (await ballotRow(f, id)).person_id!;
    const p = await f.t.db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
    expect(p.pin).toMatch(/^001\d{9}$/);
    const report = await f.services.registry.checkPin(p.pin);
    expect(report.valid, JSON.stringify(report)).toBe(true);
    expect(p.pin.slice(4, 6)).toBe(values.date_of_birth!.slice(2, 4));
    const pins = await f.t.db.selectFrom('person_pin').selectAll().where('person_id', '=', personId).execute();
    expect(pins).toEqual([expect.objectContaining({ pin: p.pin, status: 'active' })]);
  });

  it('records a re-collection of a registered person as a new version holding only what changed', async () => {
    const born = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody(BA_DINH) });
    expect(born.statusCode, born.body).toBe(201);
    const pin = born.json().pin as string;
    const row = stateToDc01Row(born.json().state, '2026-01-01');
    const values = { ...row, ballot_id: 'RC0000001', collected_on: '2026-03-02', phone: '0987654321' };
    const id = await verified(values as Record<string, string>);
    const before = (await as(f, province, 'GET', url(id, 'review'))).json();
    expect(before.change.kind).toBe('re_collection');
    expect(before.comparison).toEqual([
      { field: 'phone', registryValue: '', declaredOld: null, newValue: '0987654321' },
    ]);
    const r = await approve(id);
    expect(r.statusCode, r.body).toBe(200);
    const h = await history(pin);
    expect(h).toHaveLength(2);
    expect(h[1]).toMatchObject({ event: 're_collection', validFrom: '2026-03-02', sourceDocument: `ballot:${id}` });
    expect(h[1].changes).toEqual([{ field: 'phone', from: null, to: '0987654321' }]);
    expect(await personsWithPin(f, pin)).toBe(1);
    // The same declaration again (another campaign's ballot would be the usual case) changes nothing more.
    const same = await verified({ ...values, ballot_id: 'RC0000002' } as Record<string, string>);
    const again = await approve(same);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.reason).toBe('duplicate');
    expect(await history(pin)).toHaveLength(2);
  });

  it('never creates a repeated declaration twice: exact copies, copies without PIN, and conflicting copies', async () => {
    const values = dc01(BA_DINH, HN) as Record<string, string>;
    const first = await verified(values);
    const copy = await verified({ ...values, ballot_id: `${values.ballot_id}b` }, BA_DINH, HN, { duplicateOf: first });
    const noPin = await verified({ ...values, ballot_id: `${values.ballot_id}c`, pin: '' });
    const moved = await verified({ ...values, ballot_id: `${values.ballot_id}d`, permanent_address: 'Số 99, phố Huế' });
    // The copy waits for its original: it is not approved while the original is pending.
    const early = await approve(copy);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details.reason).toBe('duplicate');
    expect((await approve(first)).statusCode).toBe(200);
    const r = await as(f, province, 'POST', BULK, { action: 'approve', filter: { ids: [copy, noPin, moved] } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ matched: 3, done: 0, skipped: { duplicate: 2, pin_conflict: 1 } });
    expect(await personsWithPin(f, values.pin!)).toBe(1);
    const n = await f.t.db
      .selectFrom('person')
      .where('name_folded', '=', (await ballotRow(f, first)).name_folded!)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    for (const id of [copy, noPin, moved]) {
      const b = await ballotRow(f, id);
      expect(b.status).toBe('verified');
      expect(b.status_reason).toMatch(/^(duplicate|pin_conflict): /);
    }
    // The reviewer rejects them.
    const rej = await as(f, province, 'POST', BULK, {
      action: 'reject',
      reason: 'Phiếu trùng',
      filter: { ids: [copy, noPin, moved] },
    });
    expect(rej.json()).toMatchObject({ done: 3 });
  });

  it('applies a DC02 correction to its one field over the whole period, showing old and new values first', async () => {
    const born = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody(BA_DINH, { fullName: 'Lê Văn Nghĩa' }),
    });
    const pin = born.json().pin as string;
    const values = {
      ballot_id: 'DC02-0001',
      pin,
      full_name: 'Lê Văn Nghĩa',
      date_of_birth: '2020-03-10',
      field: 'full_name',
      old_value: 'Lê Văn Nghĩa',
      new_value: 'Lê Văn Nghị',
      change_kind: 'correction',
      effective_date: '2026-04-01',
      reason: 'Sai chính tả khi khai sinh',
      unit_code: BA_DINH,
      collected_on: '2026-04-02',
    };
    const id = await insertBallot(f, { form: 'DC02', values, unit: BA_DINH, province: HN, status: 'verified' });
    const d = (await as(f, province, 'GET', url(id, 'review'))).json();
    expect(d.change).toEqual({ kind: 'correction', effectiveDate: '2026-04-01' });
    expect(d.person).toEqual({ pin, version: 1 });
    expect(d.comparison).toEqual([
      { field: 'full_name', registryValue: 'Lê Văn Nghĩa', declaredOld: 'Lê Văn Nghĩa', newValue: 'Lê Văn Nghị' },
    ]);
    const r = await approve(id);
    expect(r.statusCode, r.body).toBe(200);
    const h = await history(pin);
    expect(h).toHaveLength(2);
    expect(h[1]).toMatchObject({ event: 'correction', validFrom: '2020-03-10', sourceDocument: `ballot:${id}` });
    expect(h[1].changes).toEqual([{ field: 'fullName', from: 'Lê Văn Nghĩa', to: 'Lê Văn Nghị' }]);
    // A correction holds from the start: the name as of 2021 is the corrected one.
    expect((await f.inject(`/api/v1/persons/${pin}?asOf=2021-01-01`)).json().state.fullName).toBe('Lê Văn Nghị');

    const move = await insertBallot(f, {
      form: 'DC02',
      values: {
        ...values,
        ballot_id: 'DC02-0002',
        field: 'permanent_address',
        old_value: '',
        new_value: 'Số 8, phố Đội Cấn',
        change_kind: 'update',
      },
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    expect((await approve(move)).statusCode).toBe(200);
    const h2 = await history(pin);
    expect(h2[2]).toMatchObject({ event: 'update', validFrom: '2026-04-01' });
    expect(h2[2].changes[0].field).toBe('permanentResidence');
    expect(h2[2].changes[0].to).toMatchObject({ unitCode: BA_DINH, detail: 'Số 8, phố Đội Cấn' });
    expect((await f.inject(`/api/v1/persons/${pin}?asOf=2026-03-01`)).json().state.permanentResidence.detail).toBe(
      'Số 5, ngõ 12',
    );
  });

  it('refuses a DC02 for an unknown PIN and one that would break a registry rule', async () => {
    const base = {
      ballot_id: 'DC02-0100',
      pin: '001090000001',
      field: 'ethnicity',
      new_value: '02',
      change_kind: 'update',
    };
    const unknown = await insertBallot(f, {
      form: 'DC02',
      values: base,
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const r = await approve(unknown);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.reason).toBe('person_not_found');
    const born = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody(BA_DINH) });
    const bad = await insertBallot(f, {
      form: 'DC02',
      values: { ...base, ballot_id: 'DC02-0101', pin: born.json().pin, new_value: '77' },
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const r2 = await approve(bad);
    expect(r2.statusCode, r2.body).toBe(400);
    expect(r2.json().error.details.violations[0]).toMatchObject({ rule: 'code.unknown' });
    expect((await ballotRow(f, bad)).status).toBe('verified');
  });

  it('applies a bulk action to a whole commune or province in the jurisdiction only, audited per chunk or per approval', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await insertBallot(f, { values: dc01(BA_DINH, HN) as never, unit: BA_DINH, province: HN }));
    const ngocHa = await insertBallot(f, { values: dc01(NGOC_HA, HN) as never, unit: NGOC_HA, province: HN });
    const hcm = await insertBallot(f, { values: dc01(HCM_COMMUNE, HCM) as never, unit: HCM_COMMUNE, province: HCM });
    const byCommune = await as(f, commune, 'POST', BULK, { action: 'check', filter: { unitCode: BA_DINH } });
    expect(byCommune.statusCode, byCommune.body).toBe(200);
    expect(byCommune.json().done).toBe(3);
    // Outside the commune officer's jurisdiction: counted, never touched.
    const outside = await as(f, commune, 'POST', BULK, { action: 'check', filter: { ids: [ngocHa, hcm] } });
    expect(outside.json()).toMatchObject({ matched: 2, done: 0, skipped: { outside_jurisdiction: 2 } });
    const verify = await as(f, province, 'POST', BULK, { action: 'verify', filter: { unitCode: HN } });
    expect(verify.json().done).toBeGreaterThanOrEqual(3);
    const approved = await as(f, province, 'POST', BULK, { action: 'approve', filter: { ids: [...ids, hcm] } });
    expect(approved.json()).toMatchObject({ matched: 4, done: 3, skipped: { outside_jurisdiction: 1 } });
    for (const id of ids) expect((await ballotRow(f, id)).status).toBe('approved');
    expect((await ballotRow(f, hcm)).status).toBe('collected');
    await f.services.audit.flush();
    const entries = async (action: string) =>
      (
        await f.t.db
          .selectFrom('audit_entry')
          .select(['details', 'person_id', 'pin'])
          .where('action', '=', action)
          .where('actor', '=', 'canbo.tinh')
          .orderBy('seq')
          .execute()
      ).map((e) => ({ ...e, details: JSON.parse(e.details!) }));
    // Checking and verifying touch no registry data: one entry per chunk names the ballots.
    const verifyEntry = (await entries('ballot.verify')).find((e) => e.details.bulk);
    expect(verifyEntry!.details.ballots).toEqual(expect.arrayContaining(ids));
    // An approval writes a person: one entry per ballot, with the person.
    const approvals = (await entries('ballot.approve')).filter(
      (e) => e.details.bulk && ids.includes(e.details.ballotId),
    );
    expect(approvals.map((e) => e.details.ballotId)).toEqual(ids);
    for (const [i, e] of approvals.entries()) {
      const b = await ballotRow(f, ids[i]!);
      expect(e.person_id).toBe(b.person_id);
      expect(e.pin).toBe(b.pin);
      expect(e.details.registry).toBe('created');
    }
    const denied = await as(f, commune, 'POST', BULK, { action: 'approve', filter: { unitCode: BA_DINH } });
    expect(denied.statusCode).toBe(403);
  });

  it('refuses a bulk action without a filter or with an unknown job', async () => {
    const r = await as(f, province, 'POST', BULK, { action: 'check', filter: {} });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.violations[0]).toMatchObject({ field: 'filter', rule: 'required' });
    const job = await as(f, province, 'POST', BULK, { action: 'check', filter: { jobId: 424242 } });
    expect(job.statusCode).toBe(404);
    expect(job.json().error.code).toBe('CAMPAIGN.JOB_NOT_FOUND');
  });
});

describe(`bulk approval when one ballot fails on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  // Every PIN candidate is the same: the second ballot without PIN of the same province, year and sex cannot get one.
  beforeAll(async () => {
    f = await createRegistryFixture({ pinSerial: () => 4242 });
  }, 120_000);
  afterAll(async () => f?.destroy());

  it('retries the chunk ballot by ballot, applies the others and marks the failing one with its reason', async () => {
    const a = dc01(BA_DINH, HN, { pin: '', date_of_birth: '1970-01-15', sex: 'Nam' }) as Record<string, string>;
    const b = dc01(BA_DINH, HN, { pin: '', date_of_birth: '1970-06-15', sex: 'Nam' }) as Record<string, string>;
    const c = dc01(BA_DINH, HN) as Record<string, string>;
    const ids = [];
    for (const v of [a, b, c])
      ids.push(await insertBallot(f, { values: v, unit: BA_DINH, province: HN, status: 'verified' }));
    const report = await f.services.campaignReview.bulk(cliContext(), CAMPAIGN, { action: 'approve', filter: { ids } });
    expect(report).toMatchObject({ matched: 3, done: 2, skipped: { error: 1 } });
    expect(report.failures[0]).toMatchObject({ id: ids[1], reason: 'error' });
    expect(report.failures[0]!.message).toMatch(/no free PIN/);
    const rows = await f.t.db.selectFrom('ballot').selectAll().where('id', 'in', ids).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['approved', 'verified', 'approved']);
    expect(rows[1]!.status_reason).toMatch(/^approve failed: no free PIN/);
    const persons = await f.t.db.selectFrom('person').select('pin').execute();
    expect(persons).toHaveLength(2);
    expect(persons.map((p) => p.pin)).toContain(c.pin);
  });
});

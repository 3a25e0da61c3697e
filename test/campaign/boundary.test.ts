// The jurisdiction boundary of ballots (issue 10, findings 1 and 2): any commune may receive a ballot, but its
// warnings and the review comparison disclose nothing of a person living elsewhere (not even that the PIN exists),
// approval never writes a person outside the approver's jurisdiction, and whoever collected or checked a ballot
// cannot approve it (four eyes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { stateToDc01Row } from '../../src/modules/campaign/approval/campaign.approve.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import {
  as,
  auditCount,
  BA_DINH,
  ballotRow,
  CAMPAIGN,
  createOfficer,
  dc01,
  HCM,
  HCM_COMMUNE,
  HN,
  insertBallot,
  type Officer,
  registerPerson,
} from './helpers/review-fixture.ts';

const BALLOTS = `/api/v1/campaigns/${CAMPAIGN}/ballots`;
const url = (id: number, path = 'transitions') => `${BALLOTS}/${id}/${path}`;
const BULK = `/api/v1/campaigns/${CAMPAIGN}/review`;

const FAR_NAME = 'Phạm Thị Xa Lạ';
const FAR_PHONE = '0909123456';

describe(`ballots across the jurisdiction boundary on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let commune: Officer;
  let province: Officer;
  let province2: Officer;
  let farPin: string;
  let farState: Record<string, unknown>;
  let ref = 0;
  const dc02 = (pin: string, field: string, oldValue: string, newValue: string) => ({
    ballot_id: `BD${String(++ref).padStart(6, '0')}`,
    pin,
    field,
    old_value: oldValue,
    new_value: newValue,
    change_kind: 'update',
    effective_date: '2026-04-01',
    unit_code: BA_DINH,
    collected_on: '2026-04-02',
  });
  const person = async (pin: string) => (await f.inject(`/api/v1/persons/${pin}`)).json();

  beforeAll(async () => {
    f = await createRegistryFixture();
    commune = await createOfficer(f, 'canbo.xa', 'commune_officer', BA_DINH);
    province = await createOfficer(f, 'canbo.tinh', 'provincial_officer', HN);
    province2 = await createOfficer(f, 'canbo.tinh2', 'provincial_officer', HN);
    // A person living in TP Hồ Chí Minh (79), outside commune 00004 and province 01.
    const far = await registerPerson(
      f,
      dc01(HCM_COMMUNE, HCM, { full_name: FAR_NAME, religion: '01', phone: FAR_PHONE }) as Record<string, string>,
      HCM_COMMUNE,
      HCM,
    );
    farPin = far.pin;
    farState = far.state;
  }, 120_000);
  afterAll(async () => f?.destroy());

  it('finding 1: a DC02 for a person elsewhere is received, but its warnings name no registry value and read as for an unknown PIN', async () => {
    for (const [field, oldValue, newValue] of [
      ['phone', '0000000000', '0911111111'],
      ['full_name', 'Phạm Thị Khác', 'Phạm Thị Mới'],
      ['religion', '99', '00'],
    ] as const) {
      const r = await as(f, commune, 'POST', BALLOTS, {
        form: 'DC02',
        values: dc02(farPin, field, oldValue, newValue),
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.body).not.toContain(FAR_PHONE);
      expect(r.body).not.toContain('Xa Lạ');
      const rules = r.json().issues.map((i: { rule: string }) => i.rule);
      expect(rules).toEqual(['pin.not_in_jurisdiction']);
      expect(r.json().personId).toBeNull();
    }
    // An unknown PIN reads the same, PIN aside: the answer does not tell that the first PIN exists.
    const unknownPin = `${farPin.slice(0, 6)}999999`;
    const unknown = await as(f, commune, 'POST', BALLOTS, {
      form: 'DC02',
      values: dc02(unknownPin, 'phone', '1', '0911111111'),
    });
    const known = await as(f, commune, 'POST', BALLOTS, { form: 'DC02', values: dc02(farPin, 'email', '', 'a@b.vn') });
    const strip = (body: { issues: { message: string }[] }, pin: string) =>
      body.issues.map((i) => ({ ...i, message: i.message.replace(pin, 'PIN'), value: null }));
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(strip(unknown.json(), unknownPin)).toEqual(strip(known.json(), farPin));
  });

  it('finding 1: the review comparison of that ballot shows no registry value to an officer outside, and shows it to one covering the person', async () => {
    const id = await insertBallot(f, {
      form: 'DC02',
      values: dc02(farPin, 'phone', '0000000000', '0911111111'),
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const outside = await as(f, province, 'GET', url(id, 'review'));
    expect(outside.statusCode, outside.body).toBe(200);
    expect(outside.body).not.toContain(FAR_PHONE);
    expect(outside.json().person).toBeNull();
    expect(outside.json().comparison).toEqual([
      { field: 'phone', registryValue: '', declaredOld: '0000000000', newValue: '0911111111' },
    ]);
    const national = await f.inject(url(id, 'review'));
    expect(national.json().comparison[0].registryValue).toBe(FAR_PHONE);
  });

  it('finding 1: warnings stored by a national officer are not shown to a reader who does not cover the person', async () => {
    const r = await f.inject({
      method: 'POST',
      url: BALLOTS,
      payload: { form: 'DC02', values: dc02(farPin, 'phone', '0000000000', '0922222222') },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.body).toContain(FAR_PHONE);
    const id = r.json().id as number;
    const list = await as(f, province, 'GET', `${BALLOTS}?limit=500`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(FAR_PHONE);
    const mine = list.json().items.find((b: { id: number }) => b.id === id);
    expect(mine.personId).toBeNull();
    const rules = mine.issues.map((i: { rule: string }) => i.rule);
    expect(rules).toContain('pin.not_in_jurisdiction');
    expect(rules).not.toContain('dc02.old_value_mismatch');
    for (const path of [`${BALLOTS}/${id}`, url(id, 'review')]) {
      const one = await as(f, province, 'GET', path);
      expect(one.statusCode, one.body).toBe(200);
      expect(one.body).not.toContain(FAR_PHONE);
    }
  });

  it('finding 2: approval refuses a DC02 or a DC01 re-collection of a person outside the jurisdiction, single or bulk, and writes nothing', async () => {
    const phone = await insertBallot(f, {
      form: 'DC02',
      values: dc02(farPin, 'phone', FAR_PHONE, '0911111111'),
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const r = await as(f, province, 'POST', url(phone), { action: 'approve' });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.details.reason).toBe('person_not_found');
    expect(r.body).not.toContain(FAR_PHONE);
    const row = stateToDc01Row(farState as never, '2026-01-01');
    const recollect = await insertBallot(f, {
      values: {
        ...(row as unknown as Record<string, string>),
        ballot_id: 'BDRC0001',
        permanent_unit: BA_DINH,
        permanent_address: 'Số 1, phố Lạ',
        phone: '0911111111',
        collected_on: '2026-03-02',
      },
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const review = await as(f, province, 'GET', url(recollect, 'review'));
    expect(review.json().change.kind).toBe('outside_jurisdiction');
    expect(review.json().comparison).toEqual([]);
    expect(review.body).not.toContain(FAR_PHONE);
    const r2 = await as(f, province, 'POST', url(recollect), { action: 'approve', confirmIdentityChange: true });
    expect(r2.statusCode, r2.body).toBe(403);
    expect(r2.json().error.details.reason).toBe('outside_jurisdiction');
    const bulk = await as(f, province, 'POST', BULK, { action: 'approve', filter: { ids: [phone, recollect] } });
    expect(bulk.json()).toMatchObject({ done: 0, skipped: { person_not_found: 1, outside_jurisdiction: 1 } });
    const after = await person(farPin);
    expect(after.version).toBe(1);
    expect(after.state.phone).toBe(FAR_PHONE);
    expect((await ballotRow(f, phone)).status).toBe('verified');
  });

  it('finding 2: whoever collected or checked a ballot cannot approve it; a second officer can', async () => {
    const values = dc01(BA_DINH, HN) as Record<string, string>;
    const posted = await as(f, province, 'POST', BALLOTS, { form: 'DC01', values });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json().id as number;
    expect((await as(f, province, 'POST', url(id), { action: 'check' })).statusCode).toBe(200);
    expect((await as(f, province, 'POST', url(id), { action: 'verify' })).statusCode).toBe(200);
    const denied = await auditCount(f, 'ballot.approve', 'denied');
    const own = await as(f, province, 'POST', url(id), { action: 'approve' });
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json().error.code).toBe('CAMPAIGN.FOUR_EYES');
    expect(await auditCount(f, 'ballot.approve', 'denied')).toBe(denied + 1);
    expect((await ballotRow(f, id)).status).toBe('verified');
    // The commune officer checked this one: the province officer who only verified may approve it, the checker not.
    const other = await insertBallot(f, { values: dc01(BA_DINH, HN) as never, unit: BA_DINH, province: HN });
    expect((await as(f, commune, 'POST', url(other), { action: 'check' })).statusCode).toBe(200);
    expect((await as(f, province2, 'POST', url(other), { action: 'verify' })).statusCode).toBe(200);
    // In bulk too: the ballot the approver checked is skipped and counted.
    const bulk = await as(f, province, 'POST', BULK, { action: 'approve', filter: { ids: [id, other] } });
    expect(bulk.json()).toMatchObject({ done: 1, skipped: { four_eyes: 1 } });
    expect((await ballotRow(f, other)).status).toBe('approved');
    const second = await as(f, province2, 'POST', url(id), { action: 'approve' });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().ballot.status).toBe('approved');
  });

  it('lets the local operator (CLI) run every level, as before', async () => {
    const id = await insertBallot(f, { values: dc01(BA_DINH, HN) as never, unit: BA_DINH, province: HN });
    for (const action of ['check', 'verify', 'approve']) {
      const r = await f.services.campaignReview.bulk(cliContext(), CAMPAIGN, { action, filter: { ids: [id] } });
      expect(r.done, JSON.stringify(r)).toBe(1);
    }
  });
});

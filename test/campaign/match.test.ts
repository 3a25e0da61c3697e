// Approval does what review showed (issue 10, finding 10): a ballot without PIN that shares a folded name and a
// birth date with a registered person (Hảo and Hào fold equal) is a *possible match*, shown as such at every level
// and never applied on its own, in single or bulk approval or from the command line; the reviewer confirms it (a
// re-collection, field by field, with an explicit confirmation when the name would change) or rejects it (a new
// person). A blank cell declares nothing, and marital status and spouse stay consistent.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';
import {
  as,
  BA_DINH,
  ballotRow,
  CAMPAIGN,
  createOfficer,
  dc01,
  HN,
  insertBallot,
  insertJob,
  NGOC_HA,
  type Officer,
  registerPerson,
} from './helpers/review-fixture.ts';

const exec = promisify(execFile);
const url = (id: number, path = 'transitions') => `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}/${path}`;
const BULK = `/api/v1/campaigns/${CAMPAIGN}/review`;

describe(`possible matches by name and birth date on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let commune: Officer;
  let province: Officer;
  let hao: { pin: string; version: number; state: Record<string, unknown> };
  let anh: { pin: string; version: number; state: Record<string, unknown> };
  const person = async (pin: string) => (await f.inject(`/api/v1/persons/${pin}`)).json();
  /** A ballot without PIN for the same birth date, living elsewhere, with blank marital status and religion. */
  const lookalike = (fullName: string, dob: string, over: Record<string, string> = {}) =>
    ({
      ...dc01(NGOC_HA, HN, {
        pin: '',
        full_name: fullName,
        date_of_birth: dob,
        sex: 'Nam',
        permanent_address: 'Số 77, phố Mới',
        marital_status: '',
        religion: '',
        phone: '0977000111',
      }),
      ...over,
    }) as Record<string, string>;

  beforeAll(async () => {
    f = await createRegistryFixture();
    commune = await createOfficer(f, 'canbo.xa', 'commune_officer', BA_DINH);
    province = await createOfficer(f, 'canbo.tinh', 'provincial_officer', HN);
    const married = { pin: '', marital_status: 'married', spouse_name: 'Lê Thị Hoa', religion: '01', sex: 'Nam' };
    hao = await registerPerson(
      f,
      dc01(BA_DINH, HN, { full_name: 'Nguyễn Văn Hào', date_of_birth: '1950-03-14', ...married }) as never,
      BA_DINH,
      HN,
    );
    anh = await registerPerson(
      f,
      dc01(BA_DINH, HN, { full_name: 'Nguyễn Văn Anh', date_of_birth: '1965-10-16', ...married }) as never,
      BA_DINH,
      HN,
    );
  }, 120_000);
  afterAll(async () => f?.destroy());

  it('shows a name differing only in tone marks as a possible match at every level, field by field', async () => {
    const id = await insertBallot(f, {
      values: lookalike('Nguyễn Văn Hảo', '1950-03-14'),
      unit: NGOC_HA,
      province: HN,
    });
    for (const [who, status] of [
      [province, 'collected'],
      [province, 'verified'],
    ] as const) {
      await f.t.db
        .updateTable('ballot' as never)
        .set({ status } as never)
        .where('id' as never, '=', id as never)
        .execute();
      const d = (await as(f, who, 'GET', url(id, 'review'))).json();
      expect(d.change.kind).toBe('possible_match');
      expect(d.person).toBeNull();
      expect(d.candidates).toHaveLength(1);
      expect(d.candidates[0]).toMatchObject({ pin: hao.pin, fullName: 'Nguyễn Văn Hào', dateOfBirth: '1950-03-14' });
      expect(d.candidates[0].identityChanges).toEqual(['fullName']);
      const fields = d.candidates[0].comparison.map((c: { field: string }) => c.field);
      expect(fields).toEqual(expect.arrayContaining(['full_name', 'permanent_unit', 'phone']));
      // Blank cells are not declarations: no change of marital status or religion is proposed.
      expect(fields).not.toContain('marital_status');
      expect(fields).not.toContain('religion');
    }
    // The commune officer, outside Ngọc Hà, is not shown the ballot at all.
    expect((await as(f, commune, 'GET', url(id, 'review'))).statusCode).toBe(403);
  });

  it('never overwrites on approval without a decision, single, bulk (service and HTTP) or from the command line', async () => {
    const jobId = await insertJob(f, 'lookalikes.csv');
    const id = await insertBallot(f, {
      values: lookalike('Nguyễn Văn Hảo', '1950-03-14'),
      unit: NGOC_HA,
      province: HN,
      status: 'verified',
      jobId,
      rowNo: 1,
      personId: Number(
        (await f.t.db.selectFrom('person').select('id').where('pin', '=', hao.pin).executeTakeFirstOrThrow()).id,
      ),
    });
    const same = await insertBallot(f, {
      values: lookalike('Nguyễn Văn Anh', '1965-10-16'),
      unit: NGOC_HA,
      province: HN,
      status: 'verified',
      jobId,
      rowNo: 2,
    });
    const single = await as(f, province, 'POST', url(id), { action: 'approve' });
    expect(single.statusCode, single.body).toBe(409);
    expect(single.json().error.code).toBe('CAMPAIGN.MATCH_UNDECIDED');
    expect(single.json().error.details.candidates).toEqual([hao.pin]);
    const http = await as(f, province, 'POST', BULK, { action: 'approve', filter: { ids: [id, same] } });
    expect(http.json()).toMatchObject({ done: 0, skipped: { possible_match: 2 } });
    const service = await f.services.campaignReview.bulk(cliContext(), CAMPAIGN, {
      action: 'approve',
      filter: { jobId },
    });
    expect(service).toMatchObject({ done: 0, skipped: { possible_match: 2 } });
    const cli = await exec(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'campaign',
        'review',
        '--action',
        'approve',
        '--job',
        String(jobId),
        '--campaign',
        CAMPAIGN,
        '--db',
        f.t.url,
      ],
      { env: { ...process.env, POPREG_TODAY: TEST_TODAY } },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(cli.stdout, cli.stderr).toMatch(/possible_match 2/);
    for (const p of [hao, anh]) {
      const now = await person(p.pin);
      expect(now.version).toBe(1);
      expect(now.state).toMatchObject({ fullName: p.state.fullName, maritalStatus: 'married', religion: '01' });
    }
    expect((await ballotRow(f, id)).status).toBe('verified');
    expect((await ballotRow(f, id)).status_reason).toMatch(/^possible_match: /);
  });

  it('applies a confirmed match field by field (a name change only with the explicit confirmation), blank cells untouched', async () => {
    const id = await insertBallot(f, {
      values: lookalike('Nguyễn Văn Hảo', '1950-03-14'),
      unit: NGOC_HA,
      province: HN,
      status: 'verified',
    });
    const match = { decision: 'confirm', pin: hao.pin };
    const unconfirmed = await as(f, province, 'POST', url(id), { action: 'approve', match });
    expect(unconfirmed.statusCode, unconfirmed.body).toBe(409);
    expect(unconfirmed.json().error.code).toBe('CAMPAIGN.CONFIRMATION_REQUIRED');
    expect(unconfirmed.json().error.details.fields).toEqual(['fullName']);
    expect((await person(hao.pin)).version).toBe(1);
    const wrong = await as(f, province, 'POST', url(id), {
      action: 'approve',
      match: { decision: 'confirm', pin: anh.pin },
    });
    expect(wrong.json().error.code).toBe('CAMPAIGN.MATCH_UNDECIDED');
    const ok = await as(f, province, 'POST', url(id), { action: 'approve', match, confirmIdentityChange: true });
    expect(ok.statusCode, ok.body).toBe(200);
    const now = await person(hao.pin);
    expect(now.version).toBe(2);
    expect(now.state).toMatchObject({
      fullName: 'Nguyễn Văn Hảo',
      phone: '0977000111',
      maritalStatus: 'married',
      spouse: { name: 'Lê Thị Hoa' },
      religion: '01',
    });
    // Same name and date: no identity change, so the confirmed match alone suffices; blank cells keep their values.
    const second = await insertBallot(f, {
      values: lookalike('Nguyễn Văn Anh', '1965-10-16'),
      unit: NGOC_HA,
      province: HN,
      status: 'verified',
    });
    const r = await as(f, province, 'POST', url(second), {
      action: 'approve',
      match: { decision: 'confirm', pin: anh.pin },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await person(anh.pin)).state).toMatchObject({
      maritalStatus: 'married',
      religion: '01',
      phone: '0977000111',
    });
  });

  it('creates a new person when the reviewer rejects the possible match', async () => {
    const values = lookalike('Nguyễn Văn Hảo', '1950-03-14', { ballot_id: 'MATCHNEW1' });
    const id = await insertBallot(f, { values, unit: NGOC_HA, province: HN, status: 'verified' });
    const r = await as(f, province, 'POST', url(id), { action: 'approve', match: { decision: 'reject' } });
    expect(r.statusCode, r.body).toBe(200);
    const b = await ballotRow(f, id);
    const created = await f.t.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', b.person_id!)
      .executeTakeFirstOrThrow();
    expect(created.pin).not.toBe(hao.pin);
    expect((await person(hao.pin)).version).toBe(2);
  });

  it('keeps marital status and spouse consistent: a person declared divorced keeps no spouse', async () => {
    const values = dc01(BA_DINH, HN, {
      pin: '',
      marital_status: 'married',
      spouse_name: 'Trần Thị Mai',
      sex: 'Nam',
      date_of_birth: '1970-05-05',
    }) as Record<string, string>;
    const p = await registerPerson(f, values, BA_DINH, HN);
    const id = await insertBallot(f, {
      values: { ...values, pin: p.pin, ballot_id: 'DIVORCE01', marital_status: 'divorced', spouse_name: '' },
      unit: BA_DINH,
      province: HN,
      status: 'verified',
    });
    const r = await as(f, province, 'POST', url(id), { action: 'approve' });
    expect(r.statusCode, r.body).toBe(200);
    const now = await person(p.pin);
    expect(now.state.maritalStatus).toBe('divorced');
    expect(now.state.spouse).toBeNull();
  });
});

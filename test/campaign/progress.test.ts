// Acceptance 4 (counts): after a scripted review, campaign progress shows exact counts at commune, province and
// national level; expected residents come from targets, else the registry; completion days and the province
// ranking follow the approvals; every reader sees only their jurisdiction; the CLI prints the same table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPopreg } from '../helpers/cli.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';
import {
  as,
  BA_DINH,
  CAMPAIGN,
  createOfficer,
  dc01,
  HCM,
  HCM_COMMUNE,
  HN,
  insertBallot,
  insertJob,
  insertRefusedRow,
  NGOC_HA,
  type Officer,
} from './helpers/review-fixture.ts';

const GIANG_VO = '00025';
const PROGRESS = `/api/v1/campaigns/${CAMPAIGN}/progress`;

describe(`campaign progress on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let dir: string;
  let national: Officer;
  let province: Officer;
  let commune: Officer;
  let today: string;

  beforeAll(async () => {
    f = await createRegistryFixture();
    dir = mkdtempSync(join(tmpdir(), 'popreg-progress-'));
    national = await createOfficer(f, 'quantri', 'national_admin', null);
    province = await createOfficer(f, 'canbo.tinh', 'provincial_officer', HN);
    commune = await createOfficer(f, 'canbo.xa', 'commune_officer', BA_DINH);
    // Four eyes: whoever checked a ballot does not approve it.
    const approver = await createOfficer(f, 'canbo.tinh2', 'provincial_officer', HN);
    const nationalApprover = await createOfficer(f, 'quantri2', 'national_admin', null);
    // Targets for three communes (a CSV through the CLI); Giảng Võ gets the registry's count (2 residents).
    const targets = join(dir, 'targets.csv');
    writeFileSync(targets, `unit_code,expected\n${BA_DINH},4\n${NGOC_HA},3\n${HCM_COMMUNE},2\n`);
    const t = await popreg(['campaign', 'targets', targets]);
    expect(t.code, t.stderr).toBe(0);
    for (const name of ['Phạm Văn Một', 'Phạm Thị Hai']) {
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(GIANG_VO, { fullName: name, dateOfBirth: '2025-09-10', registeredOn: '2025-09-20' }),
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    // Ballots: Ba Đình 5, Ngọc Hà 3, the HCM commune 2; refused rows: Ba Đình 2, Ngọc Hà 1.
    const job = await insertJob(f);
    const ids: Record<string, number[]> = { [BA_DINH]: [], [NGOC_HA]: [], [HCM_COMMUNE]: [] };
    for (const [unit, prov, n] of [
      [BA_DINH, HN, 5],
      [NGOC_HA, HN, 3],
      [HCM_COMMUNE, HCM, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        ids[unit]!.push(await insertBallot(f, { values: dc01(unit, prov) as never, unit, province: prov, jobId: job }));
      }
    }
    await insertRefusedRow(f, job, 100, BA_DINH, HN);
    await insertRefusedRow(f, job, 101, BA_DINH, HN);
    await insertRefusedRow(f, job, 102, NGOC_HA, HN);
    const review = (o: Officer, action: string, idList: number[], reason?: string) =>
      as(f, o, 'POST', `/api/v1/campaigns/${CAMPAIGN}/review`, { action, filter: { ids: idList }, reason });
    // The scripted review.
    const [b1, b2, b3, b4, b5] = ids[BA_DINH]!;
    const [n1, n2, n3] = ids[NGOC_HA]!;
    expect((await review(commune, 'return', [b5!], 'Thiếu nơi sinh')).json().done).toBe(1);
    expect((await review(commune, 'check', [b1!, b2!, b3!, b4!])).json().done).toBe(4);
    expect((await review(province, 'check', [n1!, n2!])).json().done).toBe(2);
    expect((await review(province, 'reject', [n3!], 'Phiếu khai hộ không hợp lệ')).json().done).toBe(1);
    expect((await review(province, 'verify', [b1!, b2!, b3!, b4!, n1!, n2!])).json().done).toBe(6);
    expect((await review(approver, 'approve', [b1!, b2!, b3!, b4!, n1!])).json().done).toBe(5);
    const hcm = ids[HCM_COMMUNE]!;
    for (const action of ['check', 'verify', 'approve'])
      expect((await review(action === 'approve' ? nationalApprover : national, action, hcm)).json().done).toBe(2);
    today = new Date().toISOString().slice(0, 10);
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f?.destroy();
  });

  const popreg = (args: string[]) => runPopreg([...args, '--db', f.t.url], { POPREG_TODAY: TEST_TODAY });

  it('counts every commune exactly after the scripted review', async () => {
    const r = await as(f, national, 'GET', `${PROGRESS}?by=commune&unit=${HN}`);
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json().rows as Record<string, unknown>[];
    const row = (code: string) => rows.find((x) => x.code === code)!;
    expect(rows.map((x) => x.code)).toEqual([BA_DINH, NGOC_HA, GIANG_VO]);
    expect(row(BA_DINH)).toMatchObject({
      name: 'Phường Ba Đình',
      level: 'commune',
      expected: 4,
      expectedSource: 'target',
      collected: 5,
      checked: 4,
      verified: 4,
      approved: 4,
      returned: 1,
      rejected: 0,
      byStatus: { collected: 0, checked: 0, verified: 0, approved: 4, returned: 1, rejected: 0 },
      rowsWithErrors: 2,
      errorRate: 0.2857,
      percentComplete: 100,
      completedOn: today,
    });
    expect(row(NGOC_HA)).toMatchObject({
      expected: 3,
      collected: 3,
      checked: 2,
      verified: 2,
      approved: 1,
      returned: 0,
      rejected: 1,
      byStatus: { verified: 1, approved: 1, rejected: 1 },
      rowsWithErrors: 1,
      errorRate: 0.25,
      percentComplete: 33.3,
      completedOn: null,
    });
    expect(row(GIANG_VO)).toMatchObject({
      expected: 2,
      expectedSource: 'registry',
      collected: 0,
      approved: 0,
      percentComplete: 0,
      errorRate: null,
      completedOn: null,
    });
  });

  it('rolls communes up to provinces and the nation, and ranks provinces by completion', async () => {
    const r = (await as(f, national, 'GET', PROGRESS)).json();
    expect(r.by).toBe('province');
    const hn = r.rows.find((x: { code: string }) => x.code === HN);
    const hcm = r.rows.find((x: { code: string }) => x.code === HCM);
    expect(r.rows).toHaveLength(34);
    expect(hn).toMatchObject({
      level: 'province',
      expected: 9,
      expectedSource: 'mixed',
      collected: 8,
      checked: 6,
      verified: 6,
      approved: 5,
      returned: 1,
      rejected: 1,
      rowsWithErrors: 3,
      errorRate: 0.2727,
      percentComplete: 55.6,
      completedOn: null,
      rank: 2,
    });
    expect(hcm).toMatchObject({
      expected: 2,
      collected: 2,
      approved: 2,
      percentComplete: 100,
      completedOn: today,
      rank: 1,
    });
    expect(r.total).toMatchObject({
      code: 'VN',
      level: 'nation',
      expected: 11,
      collected: 10,
      checked: 8,
      verified: 8,
      approved: 7,
      returned: 1,
      rejected: 1,
      rowsWithErrors: 3,
      percentComplete: 63.6,
      completedOn: null,
    });
    // Provinces with nothing expected are not ranked.
    expect(r.rows.filter((x: { rank: number | null }) => x.rank !== null)).toHaveLength(2);
  });

  it('shows each reader only their jurisdiction and refuses units outside it', async () => {
    const p = (await as(f, province, 'GET', PROGRESS)).json();
    expect(p.unit).toBe(HN);
    expect(p.by).toBe('commune');
    expect(p.total).toMatchObject({ code: HN, approved: 5, rank: 2 });
    expect(p.rows.map((x: { code: string }) => x.code)).toEqual([BA_DINH, NGOC_HA, GIANG_VO]);
    const byProvince = (await as(f, province, 'GET', `${PROGRESS}?by=province`)).json();
    expect(byProvince.rows.map((x: { code: string }) => x.code)).toEqual([HN]);
    const c = (await as(f, commune, 'GET', PROGRESS)).json();
    expect(c.rows.map((x: { code: string }) => x.code)).toEqual([BA_DINH]);
    expect(c.total).toMatchObject({ code: BA_DINH, approved: 4 });
    // Asking for the commune's own province shows only the commune.
    expect((await as(f, commune, 'GET', `${PROGRESS}?unit=${HN}`)).json().rows).toHaveLength(1);
    for (const [o, unit] of [
      [commune, NGOC_HA],
      [province, HCM],
      [province, HCM_COMMUNE],
    ] as const) {
      const r = await as(f, o, 'GET', `${PROGRESS}?unit=${unit}`);
      expect(r.statusCode, `${o.username} ${unit}`).toBe(403);
    }
    const card = await createOfficer(f, 'the', 'card_officer', HN);
    expect((await as(f, card, 'GET', PROGRESS)).statusCode).toBe(403);
    const viewer = await createOfficer(f, 'xem', 'viewer', HN);
    expect((await as(f, viewer, 'GET', PROGRESS)).statusCode).toBe(200);
    expect((await as(f, national, 'GET', `${PROGRESS}?unit=99999`)).statusCode).toBe(400);
    expect((await as(f, national, 'GET', `/api/v1/campaigns/NOPE/progress`)).statusCode).toBe(404);
  });

  it('prints the same figures with Vietnamese unit names from `popreg campaign status`', async () => {
    const r = await popreg(['campaign', 'status', '--by', 'commune', '--unit', HN]);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith(BA_DINH))!;
    expect(line).toContain('Phường Ba Đình');
    expect(line.split(/\s{2,}/).slice(2, 12)).toEqual(['4', '5', '4', '4', '4', '1', '0', '2', '28.6%', '100.0%']);
    expect(r.stdout).toContain('Phường Ngọc Hà');
    const total = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(total).toMatch(/^01\s+Thành phố Hà Nội\s+9\s+8\s+6\s+6\s+5\s+1\s+1\s+3/);
    const json = JSON.parse((await popreg(['campaign', 'status', '--json'])).stdout);
    expect(json.total.approved).toBe(7);
    const bad = await popreg(['campaign', 'status', '--unit', '99999']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unit.unknown');
  });

  it('reviews a whole unit from the CLI', async () => {
    const more = await insertBallot(f, { values: dc01(NGOC_HA, HN) as never, unit: NGOC_HA, province: HN });
    const r = await popreg(['campaign', 'review', '--action', 'check', '--unit', NGOC_HA]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^check: 1 of 4 ballots done/);
    const after = await as(f, national, 'GET', `/api/v1/campaigns/${CAMPAIGN}/ballots/${more}/review`);
    expect(after.json().ballot.status).toBe('checked');
    const noReason = await popreg(['campaign', 'review', '--action', 'reject', '--unit', NGOC_HA]);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('reason');
  });
});

// The review workflow's rules: only the next level may be taken, returning and rejecting need a reason, a stale
// If-Match is refused, a returned ballot comes back to collected once corrected (and is checked again), and the
// whole path is recorded as transitions and audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  HN,
  insertBallot,
  type Officer,
} from './helpers/review-fixture.ts';

const url = (id: number, path = 'transitions') => `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}/${path}`;

describe(`review workflow on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let commune: Officer;
  let province: Officer;
  const newBallot = (status = 'collected', over = {}) =>
    insertBallot(f, { values: dc01(BA_DINH, HN, over) as Record<string, string>, unit: BA_DINH, province: HN, status });

  beforeAll(async () => {
    f = await createRegistryFixture();
    commune = await createOfficer(f, 'canbo.xa', 'commune_officer', BA_DINH);
    province = await createOfficer(f, 'canbo.tinh', 'provincial_officer', HN);
  }, 120_000);
  afterAll(async () => f?.destroy());

  it('refuses a step that does not follow from the status with 409 CAMPAIGN.INVALID_TRANSITION', async () => {
    const id = await newBallot();
    for (const action of ['verify', 'approve']) {
      const r = await as(f, province, 'POST', url(id), { action });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error.code).toBe('CAMPAIGN.INVALID_TRANSITION');
      expect(r.json().error.details).toMatchObject({ status: 'collected', action });
    }
    const approved = await newBallot('approved');
    for (const action of ['check', 'return', 'reject']) {
      const r = await as(f, province, 'POST', url(approved), { action, reason: 'x' });
      expect(r.statusCode, r.body).toBe(409);
    }
    const rejected = await newBallot('rejected');
    expect((await as(f, province, 'POST', url(rejected), { action: 'check' })).statusCode).toBe(409);
    expect((await ballotRow(f, id)).version).toBe(1);
  });

  it('refuses an unknown action with the allowed ones named', async () => {
    const id = await newBallot();
    const r = await as(f, province, 'POST', url(id), { action: 'bless' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.violations[0]).toMatchObject({ field: 'action', rule: 'enum', value: 'bless' });
  });

  it('needs a reason to return or reject, and keeps it in the transition', async () => {
    const id = await newBallot();
    for (const action of ['return', 'reject']) {
      for (const reason of [undefined, '   ']) {
        const r = await as(f, commune, 'POST', url(id), { action, ...(reason !== undefined ? { reason } : {}) });
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json().error.details.violations[0]).toMatchObject({ field: 'reason', rule: 'required' });
      }
    }
    const r = await as(f, commune, 'POST', url(id), { action: 'return', reason: 'Sai năm sinh của mẹ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().ballot).toMatchObject({ status: 'returned', statusReason: 'Sai năm sinh của mẹ' });
    expect(r.json().transitions).toEqual([
      expect.objectContaining({ from: 'collected', to: 'returned', actor: 'canbo.xa', reason: 'Sai năm sinh của mẹ' }),
    ]);
  });

  it('refuses a stale If-Match with 412 and nothing changes', async () => {
    const id = await newBallot();
    const r = await as(f, commune, 'POST', url(id), { action: 'check' }, { 'if-match': '"7"' });
    expect(r.statusCode, r.body).toBe(412);
    expect(r.json().error.details).toMatchObject({ ballotId: id, expected: 7, actual: 1 });
    expect((await ballotRow(f, id)).status).toBe('collected');
    const ok = await as(f, commune, 'POST', url(id), { action: 'check' }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('takes a ballot through every level, with one transition and one audit entry per step', async () => {
    const id = await newBallot();
    const before = await auditCount(f, 'ballot.check', 'ok');
    const steps: [Officer, string][] = [
      [commune, 'check'],
      [province, 'verify'],
      [province, 'approve'],
    ];
    for (const [o, action] of steps) {
      const r = await as(f, o, 'POST', url(id), { action });
      expect(r.statusCode, r.body).toBe(200);
    }
    const d = (await as(f, province, 'GET', url(id, 'review'))).json();
    expect(d.ballot.status).toBe('approved');
    expect(d.ballot.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(d.transitions.map((t: { to: string }) => t.to)).toEqual(['checked', 'verified', 'approved']);
    expect(d.actions).toEqual([]);
    expect(await auditCount(f, 'ballot.check', 'ok')).toBe(before + 1);
    // A commune officer may check but not verify.
    const other = await newBallot('checked');
    expect((await as(f, commune, 'POST', url(other), { action: 'verify' })).statusCode).toBe(403);
    const detail = (await as(f, commune, 'GET', url(other, 'review'))).json();
    expect(detail.actions).toEqual([]);
    const collected = (await as(f, commune, 'GET', url(await newBallot(), 'review'))).json();
    expect(collected.actions).toEqual(['check', 'return', 'reject']);
  });

  it('brings a corrected ballot back to collected after checking it again, and refuses a correction with errors', async () => {
    const id = await newBallot('collected', { permanent_since: '' });
    await as(f, commune, 'POST', url(id), { action: 'return', reason: 'Thiếu số điện thoại' });
    const bad = await as(f, commune, 'PATCH', `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}`, {
      values: { date_of_birth: '31/02/1990' },
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.details.violations).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'date_of_birth', rule: 'date.format' })]),
    );
    expect((await ballotRow(f, id)).status).toBe('returned');
    const r = await as(
      f,
      commune,
      'PATCH',
      `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}`,
      { values: { phone: '0912345678' } },
      { 'if-match': '"2"' },
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().ballot).toMatchObject({ status: 'collected', version: 3 });
    expect(r.json().ballot.values.phone).toBe('0912345678');
    expect(r.json().transitions.map((t: { to: string }) => t.to)).toEqual(['returned', 'collected']);
    // Only a returned ballot can be corrected.
    const again = await as(f, commune, 'PATCH', `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}`, {
      values: { phone: '0912345679' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('rejects a returned ballot with a reason', async () => {
    const id = await newBallot('returned');
    const r = await as(f, commune, 'POST', url(id), { action: 'reject', reason: 'Người này đã chết năm 2019' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().ballot.status).toBe('rejected');
  });

  it('lists ballots by status, warnings and unit, a page at a time', async () => {
    const warned = await insertBallot(f, {
      values: dc01(BA_DINH, HN) as Record<string, string>,
      unit: BA_DINH,
      province: HN,
      status: 'verified',
      issues: [{ principle: 'clean', severity: 'warning', field: 'phone', rule: 'clean.phone_shared', message: 'x' }],
    });
    const list = (q: string) => as(f, province, 'GET', `/api/v1/campaigns/${CAMPAIGN}/ballots?${q}`);
    const r = await list('status=verified&hasWarnings=true');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((b: { id: number }) => b.id)).toEqual([warned]);
    expect(r.json().items[0].issues[0].rule).toBe('clean.phone_shared');
    const several = (await list('status=returned,rejected&limit=500')).json().items as { status: string }[];
    expect(several.length).toBeGreaterThan(0);
    expect(several.every((b) => b.status === 'returned' || b.status === 'rejected')).toBe(true);
    const first = (await list('limit=2')).json();
    expect(first.items).toHaveLength(2);
    const next = (await list(`limit=2&cursor=${first.nextCursor}`)).json();
    expect(next.items[0].id).toBeGreaterThan(first.items[1].id);
    const bad = await list('status=done&cursor=xyz');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.violations.map((v: { field: string }) => v.field)).toEqual(['status', 'cursor']);
  });

  it('answers 404 for a ballot of no such campaign or id', async () => {
    const id = await newBallot();
    expect((await as(f, province, 'GET', `/api/v1/campaigns/XX/ballots/${id}/review`)).json().error.code).toBe(
      'CAMPAIGN.BALLOT_NOT_FOUND',
    );
    expect((await as(f, province, 'POST', url(999_999), { action: 'check' })).statusCode).toBe(404);
  });
});

// Notices: the change an event recorded in commune 15835 would make to a person of province 79 waits for an
// officer covering that person, who confirms it (written through the registry's writer, with history and audit)
// or rejects it with a reason. And finding 5 (person part): auditors read access logs within their jurisdiction.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { auditOf, createSecondPartyWorld, IN_UNIT, OUT_UNIT, type SecondPartyWorld } from './second-party.helpers.ts';

const exec = promisify(execFile);

describe(`notices for second parties on ${TEST_DIALECT}`, () => {
  let w: SecondPartyWorld;
  const marriageNotice = async (groomName: string, brideName: string) => {
    const groom = await w.person(IN_UNIT, groomName, 'M', '1990-02-02');
    const bride = await w.person(OUT_UNIT, brideName, 'F', '1993-03-03');
    const r = await w.as(w.commune, {
      method: 'POST',
      url: `/api/v1/persons/${groom}/events`,
      payload: { type: 'marriage', spousePin: bride, date: '2026-02-14', sourceDocument: 'GCNKH 7/2026' },
    });
    expect(r.status, r.text).toBe(200);
    return { groom, bride, id: r.body.notices[0].id as number };
  };

  beforeAll(async () => {
    w = await createSecondPartyWorld();
  }, 120_000);
  afterAll(async () => w.f.destroy());

  it("lists a notice to the officer covering its person, not to the recorder's commune", async () => {
    const { bride, groom, id } = await marriageNotice('Lê Văn Một', 'Phạm Thị Một');
    const mine = await w.as(w.province79, { method: 'GET', url: '/api/v1/notices' });
    expect(mine.status, mine.text).toBe(200);
    const n = mine.body.items.find((x: { id: number }) => x.id === id);
    expect(n).toMatchObject({
      kind: 'marriage',
      status: 'pending',
      targetPin: bride,
      sourcePin: groom,
      sourceEvent: 'marriage',
      createdBy: 'xa.thieu.trung',
      plan: { validFrom: '2026-02-14', set: { maritalStatus: 'married', spouse: { pin: groom } } },
    });
    const theirs = await w.as(w.commune, { method: 'GET', url: '/api/v1/notices' });
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((x: { id: number }) => x.id)).not.toContain(id);
    expect((await w.as(w.commune, { method: 'GET', url: `/api/v1/notices/${id}` })).status).toBe(403);
    expect((await w.as(w.province79, { method: 'GET', url: `/api/v1/notices/${id}` })).body.id).toBe(id);
    expect((await w.as(w.province79, { method: 'GET', url: '/api/v1/notices/999999' })).status).toBe(404);
    const viewer = await w.as(w.auditor38, { method: 'GET', url: '/api/v1/notices' });
    expect(viewer.status).toBe(403);
  });

  it('documents the notice routes in OpenAPI', async () => {
    const doc = (await w.f.app.inject('/api/openapi.json')).json();
    for (const path of [
      '/api/v1/notices',
      '/api/v1/notices/{id}',
      '/api/v1/notices/{id}/confirm',
      '/api/v1/notices/{id}/reject',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(JSON.stringify(doc.paths['/api/v1/notices/{id}/reject'].post)).toContain('reason');
  });

  it('pages the list with a cursor', async () => {
    await marriageNotice('Lê Văn Hai', 'Phạm Thị Hai');
    const p1 = await w.as(w.province79, { method: 'GET', url: '/api/v1/notices?limit=1' });
    expect(p1.body.items).toHaveLength(1);
    expect(p1.body.nextCursor).toBeTypeOf('string');
    const p2 = await w.as(w.province79, { method: 'GET', url: `/api/v1/notices?limit=1&cursor=${p1.body.nextCursor}` });
    expect(p2.body.items).toHaveLength(1);
    expect(p2.body.items[0].id).toBeGreaterThan(p1.body.items[0].id);
    const bad = await w.as(w.province79, { method: 'GET', url: '/api/v1/notices?cursor=xyz' });
    expect(bad.status).toBe(400);
  });

  it('confirming applies the change through the writer, with history and audit; only once', async () => {
    const { bride, groom, id } = await marriageNotice('Lê Văn Ba', 'Phạm Thị Ba');
    const denied = await w.as(w.commune, { method: 'POST', url: `/api/v1/notices/${id}/confirm`, payload: {} });
    expect(denied.status).toBe(403);
    expect((await w.read(bride)).state.maritalStatus).toBe('single');
    const r = await w.as(w.province79, {
      method: 'POST',
      url: `/api/v1/notices/${id}/confirm`,
      payload: { reason: 'đã xem giấy chứng nhận' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'confirmed', decidedBy: 'tinh.79' });
    const b = await w.read(bride);
    expect(b.state).toMatchObject({ maritalStatus: 'married', spouse: { pin: groom, name: 'Lê Văn Ba' } });
    const h = (await w.f.inject(`/api/v1/persons/${bride}/history`)).json();
    const last = h.entries[h.entries.length - 1];
    expect(last).toMatchObject({ event: 'marriage', validFrom: '2026-02-14', recordedBy: 'tinh.79' });
    expect(last.sourceDocument).toBe('GCNKH 7/2026');
    const audit = await auditOf(w, 'notice.confirm');
    expect(audit.some((a) => a.pin === bride && a.actor === 'tinh.79')).toBe(true);
    const again = await w.as(w.province79, { method: 'POST', url: `/api/v1/notices/${id}/confirm`, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REGISTRY.NOTICE_DECIDED');
  });

  it('rejecting leaves the person unchanged, needs a reason, and is audited', async () => {
    const { bride, id } = await marriageNotice('Lê Văn Bốn', 'Phạm Thị Bốn');
    const before = await w.read(bride);
    const noReason = await w.as(w.province79, { method: 'POST', url: `/api/v1/notices/${id}/reject`, payload: {} });
    expect(noReason.status).toBe(400);
    const r = await w.as(w.province79, {
      method: 'POST',
      url: `/api/v1/notices/${id}/reject`,
      payload: { reason: 'không có giấy chứng nhận kết hôn' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'rejected', reason: 'không có giấy chứng nhận kết hôn' });
    const after = await w.read(bride);
    expect(after.version).toBe(before.version);
    expect(after.state.maritalStatus).toBe('single');
    const audit = await auditOf(w, 'notice.reject');
    expect(audit.some((a) => a.pin === bride && a.actor === 'tinh.79')).toBe(true);
    const listed = await w.as(w.province79, { method: 'GET', url: '/api/v1/notices?status=rejected' });
    expect(listed.body.items.map((x: { id: number }) => x.id)).toContain(id);
  });

  it("refuses to confirm a notice the person's record no longer fits", async () => {
    const { bride, id } = await marriageNotice('Lê Văn Năm', 'Phạm Thị Năm');
    const other = await w.person(OUT_UNIT, 'Trần Văn Khác', 'M', '1990-01-01');
    await w.marry(other, bride, '2026-03-01');
    const r = await w.as(w.province79, { method: 'POST', url: `/api/v1/notices/${id}/confirm`, payload: {} });
    expect(r.status, r.text).toBe(409);
    expect(r.body.error.code).toBe('REGISTRY.NOTICE_STALE');
    expect((await w.read(bride)).state.spouse.pin).toBe(other);
  });

  it("confirms a divorce, a spouse's death and a birth for the spouse or parent of province 79", async () => {
    const a = await w.person(IN_UNIT, 'Bạch Văn Sáu', 'M', '1980-01-01');
    const b = await w.person(OUT_UNIT, 'Bạch Thị Sáu', 'F', '1982-01-01');
    await w.marry(a, b);
    const child = await w.as(w.commune, {
      method: 'POST',
      url: '/api/v1/persons',
      payload: {
        fullName: 'Bạch Minh Bảy',
        dateOfBirth: '2026-04-01',
        sex: 'M',
        birthRegistrationPlace: { unitCode: IN_UNIT, unitDate: '2026-04-01' },
        ethnicity: '01',
        father: { pin: a },
        mother: { pin: b, name: 'Bạch Thị Sáu' },
        registeredOn: '2026-04-10',
      },
    });
    expect(child.status, child.text).toBe(201);
    expect((await w.read(a)).state.children.map((c: { pin: string }) => c.pin)).toEqual([child.body.pin]);
    const birthNotice = child.body.notices[0].id;
    const death = await w.as(w.commune, {
      method: 'POST',
      url: `/api/v1/persons/${a}/events`,
      payload: { type: 'death', date: '2026-05-05' },
    });
    expect(death.status, death.text).toBe(200);
    for (const id of [birthNotice, death.body.notices[0].id]) {
      const r = await w.as(w.province79, { method: 'POST', url: `/api/v1/notices/${id}/confirm` });
      expect(r.status, r.text).toBe(200);
    }
    const mother = await w.read(b);
    expect(mother.state.children.map((c: { pin: string }) => c.pin)).toEqual([child.body.pin]);
    expect(mother.state.maritalStatus).toBe('widowed');
  });

  it("limits an auditor to the access logs of persons in the auditor's province; a national auditor sees all", async () => {
    const far = await w.person(OUT_UNIT, 'Kiều Văn Nhật Ký', 'M', '1970-01-01');
    const near = await w.person(IN_UNIT, 'Kiều Văn Gần', 'M', '1970-01-01');
    const denied = await w.as(w.auditor38, { method: 'GET', url: `/api/v1/persons/${far}/access-log` });
    expect(denied.status, denied.text).toBe(403);
    expect(denied.text).not.toContain('Kiều');
    const own = await w.as(w.auditor38, { method: 'GET', url: `/api/v1/persons/${near}/access-log` });
    expect(own.status, own.text).toBe(200);
    const national = await w.as(w.auditorNational, { method: 'GET', url: `/api/v1/persons/${far}/access-log` });
    expect(national.status, national.text).toBe(200);
    const d = await auditOf(w, 'person.access_log');
    expect(d.some((e) => e.outcome === 'denied' && e.actor === 'kiem.toan.38' && e.pin === far)).toBe(true);
  });

  it('the CLI lists, confirms and rejects notices', async () => {
    const one = await marriageNotice('Lê Văn Tám', 'Phạm Thị Tám');
    const two = await marriageNotice('Lê Văn Chín', 'Phạm Thị Chín');
    const list = await popreg(['notice', 'list', '--db', w.f.t.url]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`#${one.id} marriage`);
    expect(list.stdout).toContain(`for ${one.bride}`);
    const c = await popreg(['notice', 'confirm', String(one.id), '--db', w.f.t.url]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('confirmed by cli');
    const r = await popreg(['notice', 'reject', String(two.id), '--reason', 'sai người', '--db', w.f.t.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('rejected by cli');
    expect((await w.read(one.bride)).state.maritalStatus).toBe('married');
    expect((await w.read(two.bride)).state.maritalStatus).toBe('single');
  }, 60_000);
});

async function popreg(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, POPREG_TODAY: '2026-06-01' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

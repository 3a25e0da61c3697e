// Finding 3 of "one door": an event recorded by a commune officer (commune 15835, province 38) for a person of
// their commune must not change, describe or reveal a second party living in province 79. The event is recorded
// for the in-scope person; the other person's change waits as a notice; answers and messages say nothing of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createSecondPartyWorld, IN_UNIT, OUT_UNIT, type SecondPartyWorld } from './second-party.helpers.ts';

describe(`second parties of life events on ${TEST_DIALECT}`, () => {
  let w: SecondPartyWorld;
  const event = (pin: string, payload: Record<string, unknown>) =>
    w.as(w.commune, { method: 'POST', url: `/api/v1/persons/${pin}/events`, payload });

  beforeAll(async () => {
    w = await createSecondPartyWorld();
  }, 120_000);
  afterAll(async () => w.f.destroy());

  it('marriage with a spouse of province 79: recorded for the in-scope person, the spouse unchanged, nothing of her shown', async () => {
    const groom = await w.person(IN_UNIT, 'Lê Văn Thiệu', 'M', '1990-02-02');
    const bride = await w.person(OUT_UNIT, 'Phạm Thị Xa Lạ', 'F', '1993-03-03', { oldIdNumber: '271234567' });
    const before = await w.read(bride);
    const r = await event(groom, { type: 'marriage', spousePin: bride, date: '2026-02-14', spouseName: 'Phạm Thị Lạ' });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain('Xa Lạ');
    expect(r.text).not.toContain('271234567');
    expect(r.body.state.maritalStatus).toBe('married');
    expect(r.body.state.spouse).toEqual({ pin: bride, name: 'Phạm Thị Lạ', oldIdNumber: null, nationality: null });
    expect(r.body.notices).toEqual([{ id: expect.any(Number), kind: 'marriage', targetPin: bride, status: 'pending' }]);
    const b = await w.read(bride);
    expect(b.state.maritalStatus).toBe('single');
    expect(b.state.spouse).toBeNull();
    expect(b.version).toBe(before.version);
  });

  it('refuses an ineligible spouse of province 79 without her name or marital status, as it refuses an unknown PIN', async () => {
    const groom = await w.person(IN_UNIT, 'Đỗ Văn Trung', 'M', '1988-01-01');
    const wife = await w.person(OUT_UNIT, 'Trịnh Thị Đã Cưới', 'F', '1990-01-01');
    const husband = await w.person(OUT_UNIT, 'Trịnh Văn Chồng', 'M', '1989-01-01');
    await w.marry(husband, wife);
    const married = await event(groom, { type: 'marriage', spousePin: wife, date: '2026-02-14' });
    expect(married.status, married.text).toBe(400);
    const v = married.body.error.details.violations;
    expect(v).toEqual([
      {
        field: 'spousePin',
        rule: 'marriage.spouse_ineligible',
        message: "the spouse's PIN does not identify a person who can marry",
        value: wife,
      },
    ]);
    expect(married.text).not.toContain('Đã Cưới');
    expect(married.text).not.toMatch(/already married|married/);
    const unknown = await event(groom, { type: 'marriage', spousePin: '038190000001', date: '2026-02-14' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.violations[0]).toMatchObject({
      rule: 'marriage.spouse_ineligible',
      message: v[0].message,
    });
    // Under age and dead: the same answer.
    const child = await w.person(OUT_UNIT, 'Trịnh Thị Nhỏ', 'F', '2015-01-01');
    const young = await event(groom, { type: 'marriage', spousePin: child, date: '2026-02-14' });
    expect(young.body.error.details.violations[0].rule).toBe('marriage.spouse_ineligible');
    expect(young.text).not.toContain('Nhỏ');
    expect((await w.read(wife)).version).toBe(2);
  });

  it('divorce and death leave the out-of-scope spouse unchanged, each with a notice', async () => {
    const a = await w.person(IN_UNIT, 'Nguyễn Văn Ly', 'M', '1980-01-01');
    const b = await w.person(OUT_UNIT, 'Hồ Thị Hôn', 'F', '1982-01-01');
    await w.marry(a, b);
    const d = await event(a, { type: 'divorce', date: '2024-01-01' });
    expect(d.status, d.text).toBe(200);
    expect(d.body.state.maritalStatus).toBe('divorced');
    expect(d.body.notices).toMatchObject([{ kind: 'divorce', targetPin: b }]);
    expect(d.text).not.toContain('Hồ Thị Hôn');
    expect((await w.read(b)).state).toMatchObject({ maritalStatus: 'married', spouse: { pin: a } });

    const c = await w.person(IN_UNIT, 'Nguyễn Văn Mất', 'M', '1950-01-01');
    const e = await w.person(OUT_UNIT, 'Hồ Thị Còn', 'F', '1952-01-01');
    await w.marry(c, e, '1975-01-01');
    const death = await event(c, { type: 'death', date: '2026-03-03' });
    expect(death.status, death.text).toBe(200);
    expect(death.body.status).toBe('dead');
    expect(death.body.notices).toMatchObject([{ kind: 'spouse_death', targetPin: e }]);
    expect((await w.read(e)).state.maritalStatus).toBe('married');
  });

  it('a birth with a mother of province 79: the child is registered, her record and household stay as they were', async () => {
    const mother = await w.person(OUT_UNIT, 'Võ Thị Mẹ Xa', 'F', '1995-05-05', { oldIdNumber: '279876543' });
    const before = await w.read(mother);
    const r = await w.as(w.commune, {
      method: 'POST',
      url: '/api/v1/persons',
      payload: {
        fullName: 'Võ Minh Con',
        dateOfBirth: '2026-04-01',
        sex: 'M',
        birthRegistrationPlace: { unitCode: IN_UNIT, unitDate: '2026-04-01' },
        permanentResidence: { unitCode: IN_UNIT, unitDate: '2026-04-01', detail: 'Thôn 3' },
        ethnicity: '01',
        mother: { pin: mother, name: 'Võ Thị Mẹ' },
        registeredOn: '2026-04-10',
      },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.text).not.toContain('Mẹ Xa');
    expect(r.text).not.toContain('279876543');
    expect(r.body.state.mother).toMatchObject({ pin: mother, name: 'Võ Thị Mẹ', oldIdNumber: null });
    expect(r.body.state.household.code).not.toBe(before.state.household.code);
    expect(r.body.notices).toMatchObject([{ kind: 'child_registered', targetPin: mother }]);
    const after = await w.read(mother);
    expect(after.state.children).toEqual([]);
    expect(after.version).toBe(before.version);
    const members = await w.f.t.db
      .selectFrom('person')
      .select('pin')
      .where('household_code', '=', before.state.household.code)
      .execute();
    expect(members.map((m) => m.pin)).toEqual([mother]);
  });

  it('a household of another commune answers like an unknown one', async () => {
    const far = await w.read(await w.person(OUT_UNIT, 'Lý Văn Hộ', 'M', '1970-01-01'));
    const birth = (household: string) =>
      w.as(w.commune, {
        method: 'POST',
        url: '/api/v1/persons',
        payload: {
          fullName: 'Lý Thị Bé',
          dateOfBirth: '2026-04-01',
          sex: 'F',
          birthRegistrationPlace: { unitCode: IN_UNIT, unitDate: '2026-04-01' },
          ethnicity: '01',
          household: { code: household, relationToHead: 'child' },
          registeredOn: '2026-04-10',
        },
      });
    const other = await birth(far.state.household.code);
    const none = await birth('HKHONGCO');
    expect(other.status, other.text).toBe(400);
    expect(other.body.error.details.violations[0].rule).toBe('household.unknown');
    expect(other.body.error.details.violations[0].message).toBe(none.body.error.details.violations[0].message);
  });

  it('a relative of province 79 given by PIN in an update keeps the declared name, not the registry record', async () => {
    const p = await w.person(IN_UNIT, 'Mai Văn Cháu', 'M', '2000-01-01');
    const uncle = await w.person(OUT_UNIT, 'Mai Văn Bác Xa', 'M', '1960-01-01', { oldIdNumber: '270000111' });
    const etag = (await w.f.inject(`/api/v1/persons/${p}`)).headers.etag as string;
    const r = await w.as(w.commune, {
      method: 'PATCH',
      url: `/api/v1/persons/${p}`,
      headers: { 'if-match': etag },
      payload: { changes: { legalRepresentative: { pin: uncle, name: 'Mai Văn Bác' } }, reason: 'giám hộ' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain('Bác Xa');
    expect(r.text).not.toContain('270000111');
    expect(r.body.state.legalRepresentative).toMatchObject({ pin: uncle, name: 'Mai Văn Bác', oldIdNumber: null });
    // A relative in scope is still taken from the registry.
    const neighbour = await w.person(IN_UNIT, 'Mai Văn Gần', 'M', '1961-01-01');
    const r2 = await w.as(w.commune, {
      method: 'PATCH',
      url: `/api/v1/persons/${p}`,
      headers: { 'if-match': `"${r.body.version}"` },
      payload: { changes: { legalRepresentative: { pin: neighbour } }, reason: 'giám hộ' },
    });
    expect(r2.status, r2.text).toBe(200);
    expect(r2.body.state.legalRepresentative.name).toBe('Mai Văn Gần');
  });

  it('a PIN outside the jurisdiction and an unknown PIN are refused alike', async () => {
    const far = await w.person(OUT_UNIT, 'Tô Văn Ngoài', 'M', '1975-01-01');
    const a = await w.as(w.commune, { method: 'GET', url: `/api/v1/persons/${far}` });
    const b = await w.as(w.commune, { method: 'GET', url: '/api/v1/persons/079075000999' });
    expect(a.status).toBe(403);
    expect(b.status).toBe(403);
    expect(a.body.error.message.replace(far, 'X')).toBe(b.body.error.message.replace('079075000999', 'X'));
  });

  it('a national administrator applies both sides at once, without notices', async () => {
    const a = await w.person(IN_UNIT, 'Cao Văn Quốc', 'M', '1991-01-01');
    const b = await w.person(OUT_UNIT, 'Cao Thị Gia', 'F', '1992-01-01');
    const r = await w.f.inject({
      method: 'POST',
      url: `/api/v1/persons/${a}/events`,
      payload: { type: 'marriage', spousePin: b, date: '2026-01-10' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().notices).toBeUndefined();
    expect(r.json().state.spouse.name).toBe('Cao Thị Gia');
    expect((await w.read(b)).state).toMatchObject({ maritalStatus: 'married', spouse: { pin: a } });
  });

  it('an officer covering both persons applies both sides at once', async () => {
    const a = await w.person(IN_UNIT, 'Lò Văn Tỉnh', 'M', '1991-01-01');
    const b = await w.person('14758', 'Lò Thị Tỉnh', 'F', '1992-01-01');
    const r = await w.as(w.province38, {
      method: 'POST',
      url: `/api/v1/persons/${a}/events`,
      payload: { type: 'marriage', spousePin: b, date: '2026-01-10' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.notices).toBeUndefined();
    expect((await w.read(b)).state.maritalStatus).toBe('married');
  });

  it("a merged person's PIN leads an officer of the old place to a refusal that names no other PIN", async () => {
    const survivor = await w.person(IN_UNIT, 'Tạ Văn Hợp', 'M', '1960-06-06');
    const retired = await w.person(OUT_UNIT, 'Tạ Văn Hợp', 'M', '1960-06-06');
    const m = await w.f.inject({
      method: 'POST',
      url: '/api/v1/dedup/merges',
      payload: { survivorPin: survivor, retiredPin: retired },
    });
    expect(m.statusCode, m.body).toBeLessThan(300);
    for (const url of [`/api/v1/persons/${retired}`, `/api/v1/persons/${retired}/history`]) {
      const r = await w.as(w.province79, { method: 'GET', url });
      expect(r.status, r.text).toBe(403);
      expect(r.text).not.toContain(survivor);
    }
    // The survivor's officer sees the whole history, the merged record's entries marked with its PIN.
    const h = await w.as(w.commune, { method: 'GET', url: `/api/v1/persons/${retired}/history` });
    expect(h.status, h.text).toBe(200);
    expect(h.body.pin).toBe(survivor);
    expect(h.body.entries.some((e: { mergedFrom?: string }) => e.mergedFrom === retired)).toBe(true);
  });

  it('a household head change leaves a member of province 79 unchanged, with a notice', async () => {
    const head = await w.person(OUT_UNIT, 'Ninh Văn Chủ', 'M', '1950-01-01');
    const h = (await w.read(head)).state.household.code;
    const son = await w.person(IN_UNIT, 'Ninh Văn Con', 'M', '1980-01-01', {
      household: { code: h, relationToHead: 'child' },
    });
    const r = await w.as(w.commune, {
      method: 'POST',
      url: `/api/v1/persons/${son}/events`,
      payload: { type: 'household_head_change', newHeadPin: son, date: '2026-01-15' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.state.household.relationToHead).toBe('head');
    expect(r.body.notices).toMatchObject([{ kind: 'household_head_change', targetPin: head }]);
    expect(r.text).not.toContain('Ninh Văn Chủ');
    expect((await w.read(head)).state.household.relationToHead).toBe('head');
  });
});

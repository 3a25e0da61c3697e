// Life events as single transactions: birth with parents and household, death, marriage and divorce on both
// sides, name change, move, household head change, PIN re-establishment with history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

describe(`life events on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const post = async (url: string, payload: Record<string, unknown>, expected = 200) => {
    const r = await f.inject({ method: 'POST', url, payload });
    expect(r.statusCode, r.body).toBe(expected);
    return r.json();
  };
  const get = async (pin: string) => (await f.inject(`/api/v1/persons/${pin}`)).json();
  const adult = (fullName: string, sex: 'M' | 'F', dateOfBirth: string) =>
    post('/api/v1/persons', birthBody('00004', { fullName, sex, dateOfBirth, registeredOn: dateOfBirth }), 201);
  const event = (pin: string, payload: Record<string, unknown>, expected = 200) =>
    post(`/api/v1/persons/${pin}/events`, payload, expected);

  let husband: string;
  let wife: string;
  beforeAll(async () => {
    f = await createRegistryFixture();
    husband = (await adult('Trần Văn Hùng', 'M', '1990-04-04')).pin;
    wife = (await adult('Lê Thị Mai', 'F', '1992-08-08')).pin;
  });
  afterAll(async () => f.destroy());

  it('marries both sides in one event, refusing the under-age and the already married', async () => {
    const minor = (await adult('Phạm Văn Tí', 'M', '2008-01-01')).pin;
    const r = await event(minor, { type: 'marriage', spousePin: wife, date: '2026-01-01' }, 400);
    expect(r.error.details.violations[0].rule).toBe('marriage.age');
    await event(husband, { type: 'marriage', spousePin: wife, date: '2015-05-05' });
    const h = await get(husband);
    const w = await get(wife);
    expect(h.state.maritalStatus).toBe('married');
    expect(h.state.spouse.pin).toBe(wife);
    expect(w.state.spouse.pin).toBe(husband);
    const again = await event(wife, { type: 'marriage', spousePin: minor, date: '2026-02-01' }, 400);
    expect(again.error.details.violations.some((v: { rule: string }) => v.rule === 'marriage.already_married')).toBe(
      true,
    );
  });

  it("registers a birth linking both parents, the parents' children lists and the household", async () => {
    const child = await post(
      '/api/v1/persons',
      {
        fullName: 'Trần Minh Khôi',
        dateOfBirth: '2025-09-09',
        sex: 'M',
        birthRegistrationPlace: { unitCode: '00004' },
        ethnicity: '01',
        father: { pin: husband },
        mother: { pin: wife },
        registeredOn: '2025-09-20',
      },
      201,
    );
    expect(child.pin.slice(0, 3)).toBe('001');
    expect(child.pin[3]).toBe('2');
    expect(child.pin.slice(4, 6)).toBe('25');
    expect(child.state.father.name).toBe('Trần Văn Hùng');
    expect(child.state.permanentResidence.unitCode).toBe('00004');
    const mother = await get(wife);
    expect(mother.state.children.map((c: { pin: string }) => c.pin)).toEqual([child.pin]);
    expect((await get(husband)).state.children).toHaveLength(1);
    expect(child.state.household.code).toBe(
      mother.state.household.code === child.state.household.code
        ? mother.state.household.code
        : (await get(husband)).state.household.code,
    );
  });

  it('changes a name from a date, keeping the old one in history', async () => {
    const p = (await adult('Đỗ Văn Tèo', 'M', '1985-01-01')).pin;
    await event(p, { type: 'name_change', fullName: 'Đỗ Văn Thành', date: '2024-02-02', reason: 'đổi tên' });
    expect((await get(p)).state.fullName).toBe('Đỗ Văn Thành');
    const before = (await f.inject(`/api/v1/persons/${p}?asOf=2024-02-01`)).json();
    expect(before.state.fullName).toBe('Đỗ Văn Tèo');
  });

  it('moves to a temporary residence with a term of at most two years', async () => {
    const p = (await adult('Vũ Thị Lan', 'F', '1995-05-05')).pin;
    await event(
      p,
      {
        type: 'move',
        residence: 'temporary',
        to: { unitCode: '25747', detail: 'KTX', until: '2028-06-02' },
        date: '2026-06-01',
      },
      400,
    );
    const ok = await event(p, {
      type: 'move',
      residence: 'temporary',
      to: { unitCode: '25747', detail: 'KTX', until: '2027-06-01' },
      date: '2026-05-01',
    });
    expect(ok.state.temporaryResidence).toMatchObject({ unitCode: '25747', since: '2026-05-01', until: '2027-06-01' });
  });

  it('records a death: the person stays, no longer alive, the spouse becomes widowed', async () => {
    const d = await event(husband, { type: 'death', date: '2026-03-03', sourceDocument: 'TK 12/2026' });
    expect(d.status).toBe('dead');
    expect((await get(husband)).state.death).toEqual({ kind: 'dead', date: '2026-03-03' });
    expect((await get(wife)).state.maritalStatus).toBe('widowed');
    const again = await event(husband, { type: 'missing', date: '2026-04-04' }, 422);
    expect(again.error.code).toBe('REGISTRY.INVALID_EVENT');
  });

  it('divorces both sides', async () => {
    const a = (await adult('Hoàng Văn Nam', 'M', '1980-01-01')).pin;
    const b = (await adult('Ngô Thị Hoa', 'F', '1982-01-01')).pin;
    await event(a, { type: 'marriage', spousePin: b, date: '2005-01-01' });
    await event(b, { type: 'divorce', date: '2020-01-01' });
    expect((await get(a)).state).toMatchObject({ maritalStatus: 'divorced', spouse: null });
    expect((await get(b)).state).toMatchObject({ maritalStatus: 'divorced', spouse: null });
    expect((await f.inject(`/api/v1/persons/${a}?asOf=2010-01-01`)).json().state.maritalStatus).toBe('married');
  });

  it("changes the household head and the former head's relationship", async () => {
    const head = await adult('Bùi Văn Lộc', 'M', '1950-01-01');
    const son = await post(
      '/api/v1/persons',
      birthBody('00004', {
        fullName: 'Bùi Văn Phúc',
        dateOfBirth: '1980-06-06',
        registeredOn: '1980-06-10',
        father: { pin: head.pin },
      }),
      201,
    );
    expect(son.state.household).toEqual({ code: head.state.household.code, relationToHead: 'child' });
    await event(son.pin, { type: 'household_head_change', newHeadPin: son.pin, date: '2026-01-15' });
    expect((await get(son.pin)).state.household.relationToHead).toBe('head');
    expect((await get(head.pin)).state.household.relationToHead).toBe('parent');
  });

  it('re-establishes a PIN after sex re-registration; the cancelled PIN resolves to the new one', async () => {
    const p = await adult('Mai Văn Linh', 'M', '1998-12-12');
    const r = await event(p.pin, {
      type: 'pin_reestablishment',
      cause: 'sex_reregistration',
      sex: 'F',
      date: '2026-02-02',
      reason: 'xác định lại giới tính',
    });
    expect(r.pin).not.toBe(p.pin);
    expect(r.pin[3]).toBe('1');
    expect(r.pin.slice(0, 3)).toBe(p.pin.slice(0, 3));
    const old = (await f.inject(`/api/v1/persons/${p.pin}`)).json();
    expect(old.pin).toBe(r.pin);
    expect(old.requestedPin).toBe(p.pin);
    expect(old.pins.find((x: { pin: string }) => x.pin === p.pin)).toMatchObject({
      status: 'cancelled',
      replacedBy: r.pin,
    });
    const before = (await f.inject(`/api/v1/persons/${r.pin}?asOf=2026-01-01`)).json();
    expect(before.state).toMatchObject({ pin: p.pin, sex: 'M' });
  });
});

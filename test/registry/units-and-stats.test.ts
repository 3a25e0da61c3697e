// Acceptance: old commune codes resolve to their successors (a split commune to several); persons with old-code
// addresses count in the current province; statistics roll up to the 34 current provinces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

describe(`units and statistics on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  beforeAll(async () => {
    f = await createRegistryFixture();
  });
  afterAll(async () => f.destroy());

  it('resolves an old commune merged whole to its one successor', async () => {
    const r = (await f.inject('/api/v1/units/00001?on=2020-01-01')).json();
    expect(r.fullName).toBe('Phường Phúc Xá');
    expect(r.successors.map((s: { code: string }) => s.code)).toEqual(['00097']);
    expect(r.current.units.map((u: { code: string }) => u.code)).toEqual(['00097']);
  });

  it('resolves a split commune to each of its successors', async () => {
    const r = (await f.inject('/api/v1/units/00016?on=2020-01-01')).json();
    const successors = r.successors as { code: string; kind: string }[];
    expect(successors.map((s) => s.code).sort()).toEqual(['00004', '00008']);
    expect(successors.every((s) => s.kind === 'partial')).toBe(true);
    expect(r.current.kind).toBe('partial');
  });

  it('places persons with old addresses in the current province and rolls statistics up to 34 provinces', async () => {
    // Old Phường Quang Trung (00688) of old Hà Giang (02), now in Tuyên Quang (08).
    const old = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody('00688', {
        dateOfBirth: '2019-02-02',
        registeredOn: '2019-02-10',
        permanentResidence: { unitCode: '00688', unitDate: '2019-02-02', detail: 'Tổ 1' },
      }),
    });
    expect(old.statusCode, old.body).toBe(201);
    expect(old.json().pin.slice(0, 3)).toBe('008');
    // A birth registered in Hà Nội today.
    const hn = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody('00004') });
    expect(hn.statusCode, hn.body).toBe(201);
    const dead = await f.inject({
      method: 'POST',
      url: `/api/v1/persons/${hn.json().pin}/events`,
      payload: { type: 'death', date: '2026-01-01' },
    });
    expect(dead.statusCode, dead.body).toBe(200);

    const st = (await f.inject('/api/v1/stats')).json();
    expect(st.byProvince).toHaveLength(34);
    expect(st.total).toBe(2);
    expect(st.byProvince.find((p: { code: string }) => p.code === '08')).toMatchObject({ alive: 1, dead: 0 });
    expect(st.byProvince.find((p: { code: string }) => p.code === '01')).toMatchObject({ alive: 0, dead: 1 });
    expect(st.byProvince.find((p: { code: string }) => p.code === '02')).toBeUndefined();
    const sum = st.byProvince.reduce(
      (n: number, p: { alive: number; dead: number; missing: number }) => n + p.alive + p.dead + p.missing,
      0,
    );
    expect(sum + st.unplaced).toBe(st.total);

    const found = (await f.inject('/api/v1/persons?name=nguyen&unit=08')).json();
    expect(found.items).toHaveLength(1);
    const byOld = (await f.inject('/api/v1/persons?name=nguyen&unit=02')).json();
    expect(byOld.items).toHaveLength(1);
  });
});

// Finding 4 of issue 10: a pair of possible duplicates is shown in full only to an actor whose jurisdiction covers
// both persons. A commune officer of 15835 (province 38) whose person has a possible duplicate in another commune
// of the province, or in province 79, sees only that the pair was referred to the province or the national level:
// not the other person, nor the score, and it cannot decide or merge the pair. The provincial officer covering both
// decides the first; the second goes to a national administrator. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { upsertPairs } from '../../src/modules/dedup/dedup.repository.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { as as asOfficer, createOfficer, type Officer } from '../helpers/officers.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const COMMUNE = '15835'; // Thiệu Trung, province 38
const OTHER_COMMUNE = '14758'; // Hàm Rồng, province 38
const FAR_COMMUNE = '25747'; // Thủ Dầu Một, province 79

interface Person {
  id: number;
  pin: string;
  unit: string;
  province: string;
}

describe(`dedup pairs within jurisdiction (${TEST_DIALECT})`, () => {
  let f: RegistryFixture;
  const officers: Record<string, Officer> = {};
  const p: Record<'own' | 'neighbour' | 'sameCommune' | 'far', Person> = {} as never;
  const pair = { sameCommune: 0, province: 0, national: 0 };

  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    asOfficer(f, officers[who]!, method, url, payload);
  const user = async (name: string, role: Role, jurisdiction: string | null) => {
    officers[name] = await createOfficer(f, name, role, jurisdiction);
  };
  const register = async (unit: string, fullName: string, extra: Record<string, unknown> = {}): Promise<Person> => {
    const r = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody(unit, { fullName, dateOfBirth: '1980-02-14', registeredOn: '1980-03-01', ...extra }),
    });
    expect(r.statusCode, r.body).toBe(201);
    const pin = r.json().pin as string;
    const row = await f.t.db.selectFrom('person').select(['id', 'res_province']).where('pin', '=', pin).execute();
    return { id: Number(row[0]!.id), pin, unit, province: row[0]!.res_province! };
  };
  /** A pair as a batch run would have stored it (no model is trained on four persons). */
  const storePair = async (a: Person, b: Person): Promise<number> => {
    const [l, r] = a.id < b.id ? [a, b] : [b, a];
    const at = new Date().toISOString();
    await upsertPairs(f.t.db, [
      {
        person_l: l.id,
        person_r: r.id,
        version_l: 1,
        version_r: 1,
        unit_l: l.unit,
        unit_r: r.unit,
        province_l: l.province,
        province_r: r.province,
        probability: 0.97,
        match_weight: 12.5,
        evidence: '[]',
        status: 'open',
        found_by: 'batch',
        run_id: null,
        created_at: at,
        updated_at: at,
      },
    ]);
    const row = await f.t.db
      .selectFrom('dedup_pair')
      .select('id')
      .where('person_l', '=', l.id)
      .where('person_r', '=', r.id)
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };

  beforeAll(async () => {
    f = await createRegistryFixture();
    p.own = await register(COMMUNE, 'Lê Văn Hùng');
    p.sameCommune = await register(COMMUNE, 'Lê Văn Hưng');
    p.neighbour = await register(OTHER_COMMUNE, 'Lê Văn Hừng');
    p.far = await register(FAR_COMMUNE, 'Le Van Hung Xa');
    await f.services.dedup.idle();
    pair.sameCommune = await storePair(p.own, p.sameCommune);
    pair.province = await storePair(p.own, p.neighbour);
    pair.national = await storePair(p.own, p.far);
    await user('xa.thieu.trung', 'commune_officer', COMMUNE);
    await user('tinh.38', 'provincial_officer', '38');
    await user('tinh.79', 'provincial_officer', '79');
  }, 120_000);
  afterAll(async () => f.destroy());

  it('a commune officer lists only pairs inside its commune, and only a "referred" mark for the others', async () => {
    const r = await as('xa.thieu.trung', 'GET', '/api/v1/dedup/pairs?limit=200');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([pair.sameCommune]);
    expect(body.referred).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pin: p.own.pin, referredTo: 'province', pairs: 1 }),
        expect.objectContaining({ pin: p.own.pin, referredTo: 'national', pairs: 1 }),
      ]),
    );
    expect(body.referred).toHaveLength(2);
    // Nothing of the persons outside the commune, nor the score of their pairs.
    for (const other of [p.neighbour, p.far]) {
      expect(r.body).not.toContain(other.pin);
      expect(r.body).not.toContain(`"personId":${other.id},`);
    }
    expect(r.body).not.toContain('Hừng');
    expect(r.body).not.toContain('Le Van Hung Xa');
    expect(Object.keys(body.referred[0]).sort()).toEqual(
      ['dateOfBirth', 'fullName', 'pairs', 'personId', 'pin', 'referredTo', 'sex', 'unit'].sort(),
    );
    // The queue counts are those of the pairs it may review.
    const status = (await as('xa.thieu.trung', 'GET', '/api/v1/dedup/status')).json();
    expect(status.queue).toEqual({ open: 1 });
  });

  it('refuses a pair with a person outside the commune as referred, naming only the level, audited', async () => {
    for (const [id, level, other] of [
      [pair.province, 'province', p.neighbour],
      [pair.national, 'national', p.far],
    ] as const) {
      const r = await as('xa.thieu.trung', 'GET', `/api/v1/dedup/pairs/${id}`);
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'DEDUP.PAIR_REFERRED', details: { pairId: id, referredTo: level } });
      expect(r.body).not.toContain(other.pin);
      expect(r.body).not.toContain('Thủ Dầu Một');
    }
    const denied = await f.t.db
      .selectFrom('audit_entry')
      .select(['pin', 'details'])
      .where('action', '=', 'dedup.pair')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => [d.pin, JSON.parse(d.details ?? '{}').reason])).toEqual([
      [p.own.pin, 'referred to the province level'],
      [p.own.pin, 'referred to the national level'],
    ]);
    const reads = await f.t.db
      .selectFrom('audit_entry')
      .select('pin')
      .where('action', '=', 'person.read')
      .where('pin', 'in', [p.neighbour.pin, p.far.pin])
      .execute();
    expect(reads).toHaveLength(0);
    // The pair inside the commune is shown in full.
    const own = await as('xa.thieu.trung', 'GET', `/api/v1/dedup/pairs/${pair.sameCommune}`);
    expect(own.statusCode, own.body).toBe(200);
    expect([own.json().left.pin, own.json().right.pin].sort()).toEqual([p.own.pin, p.sameCommune.pin].sort());
  });

  it('a commune officer cannot decide, merge or read the merge of a pair it covers only half of', async () => {
    const decide = await as('xa.thieu.trung', 'POST', `/api/v1/dedup/pairs/${pair.province}/decision`, {
      decision: 'same',
      version: 1,
      merge: true,
    });
    expect(decide.statusCode).toBe(403);
    expect(decide.json().error.code).toBe('DEDUP.PAIR_REFERRED');
    const different = await as('xa.thieu.trung', 'POST', `/api/v1/dedup/pairs/${pair.national}/decision`, {
      decision: 'different',
      version: 1,
    });
    expect(different.statusCode).toBe(403);
    const merge = await as('xa.thieu.trung', 'POST', '/api/v1/dedup/merges', {
      survivorPin: p.own.pin,
      retiredPin: p.neighbour.pin,
    });
    expect(merge.statusCode).toBe(403);
    const rows = await f.t.db.selectFrom('dedup_pair').select(['id', 'status']).orderBy('id').execute();
    expect(rows.every((r) => r.status === 'open')).toBe(true);
    expect(
      await f.t.db.selectFrom('person').select('status').where('id', '=', p.neighbour.id).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'alive' });
  });

  it('the provincial officer covering both persons sees the pair in full and decides it', async () => {
    const list = (await as('tinh.38', 'GET', '/api/v1/dedup/pairs?limit=200')).json();
    expect(list.items.map((i: { id: number }) => i.id).sort()).toEqual([pair.sameCommune, pair.province].sort());
    expect(list.referred).toEqual([expect.objectContaining({ pin: p.own.pin, referredTo: 'national', pairs: 1 })]);
    const r = await as('tinh.38', 'GET', `/api/v1/dedup/pairs/${pair.province}`);
    expect(r.statusCode, r.body).toBe(200);
    const sides = [r.json().left, r.json().right];
    expect(sides.map((s: { pin: string }) => s.pin).sort()).toEqual([p.own.pin, p.neighbour.pin].sort());
    // Field visibility as for any read: a provincial officer's role decides the sensitive fields.
    for (const s of sides) expect(s.state.fullName).toMatch(/^Lê Văn H/);
    const reads = await f.t.db
      .selectFrom('audit_entry')
      .select(['pin', 'details'])
      .where('action', '=', 'person.read')
      .where('pin', 'in', [p.own.pin, p.neighbour.pin])
      .execute();
    expect(reads.filter((x) => JSON.parse(x.details ?? '{}').pairId === pair.province)).toHaveLength(2);
    const decided = await as('tinh.38', 'POST', `/api/v1/dedup/pairs/${pair.province}/decision`, {
      decision: 'different',
      version: r.json().version,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().pair.status).toBe('different');
    // Across provinces it is referred to the national level, for either province.
    for (const who of ['tinh.38', 'tinh.79']) {
      const across = await as(who, 'GET', `/api/v1/dedup/pairs/${pair.national}`);
      expect(across.statusCode).toBe(403);
      expect(across.json().error).toMatchObject({ code: 'DEDUP.PAIR_REFERRED', details: { referredTo: 'national' } });
    }
    const far = (await as('tinh.79', 'GET', '/api/v1/dedup/pairs')).json();
    expect(far.items).toEqual([]);
    expect(far.referred).toEqual([expect.objectContaining({ pin: p.far.pin, referredTo: 'national', pairs: 1 })]);
    expect(JSON.stringify(far)).not.toContain(p.own.pin);
  });

  it('a pair across provinces goes to a national administrator, who merges it; the merge stays theirs', async () => {
    const list = (await f.inject('/api/v1/dedup/pairs?status=all&limit=200')).json();
    expect(list.items.map((i: { id: number }) => i.id).sort()).toEqual(Object.values(pair).sort());
    expect(list.referred).toEqual([]);
    const r = await f.inject(`/api/v1/dedup/pairs/${pair.national}`);
    expect(r.statusCode, r.body).toBe(200);
    const merged = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${pair.national}/decision`,
      payload: { decision: 'same', version: r.json().version, merge: true, survivorPin: p.own.pin },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const mergeId = merged.json().merge.id as number;
    // The merge names the retired person of province 79: neither the commune nor province 38 may read or undo it.
    for (const who of ['xa.thieu.trung', 'tinh.38']) {
      expect((await as(who, 'GET', `/api/v1/dedup/merges/${mergeId}`)).statusCode).toBe(403);
      expect((await as(who, 'POST', `/api/v1/dedup/merges/${mergeId}/undo`, {})).statusCode).toBe(403);
    }
    const undo = await f.inject({ method: 'POST', url: `/api/v1/dedup/merges/${mergeId}/undo`, payload: {} });
    expect(undo.statusCode, undo.body).toBe(200);
  });
});

// Acceptance: bad input gets 400 naming field, rule and value, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

describe(`bad input on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const counts = async () => {
    const p = await f.t.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const c = await f.t.db
      .selectFrom('person_change')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const h = await f.t.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return [Number(p.n), Number(c.n), Number(h.n)];
  };
  beforeAll(async () => {
    f = await createRegistryFixture();
  });
  afterAll(async () => f.destroy());

  const cases: [string, Record<string, unknown>, string, string, unknown][] = [
    [
      'future birth date',
      { dateOfBirth: '2027-01-01', registeredOn: undefined },
      'dateOfBirth',
      'date.future',
      '2027-01-01',
    ],
    ['impossible date', { dateOfBirth: '2020-02-30' }, 'dateOfBirth', 'date.format', '2020-02-30'],
    [
      'unknown unit',
      { birthRegistrationPlace: { unitCode: '99999' } },
      'birthRegistrationPlace.unitCode',
      'unit.unknown',
      '99999',
    ],
    [
      'unit not valid on the date',
      { permanentResidence: { unitCode: '00001', unitDate: '2026-01-01' } },
      'permanentResidence.unitCode',
      'unit.not_valid_on_date',
      '00001',
    ],
    ['unknown ethnicity', { ethnicity: '77' }, 'ethnicity', 'code.unknown', '77'],
    ['unknown religion', { religion: '55' }, 'religion', 'code.unknown', '55'],
    ['unknown nationality', { nationalities: ['XX'] }, 'nationalities.0', 'code.unknown', 'XX'],
    ['wrong type for sex', { sex: 5 }, 'body.sex', 'schema.enum', 5],
    ['name with digits', { fullName: 'Nguyễn V4n An' }, 'fullName', 'name.format', 'Nguyễn V4n An'],
    ['unknown father PIN', { father: { pin: '001090999999' } }, 'father.pin', 'pin.unknown', '001090999999'],
    [
      'unknown household',
      { household: { code: 'H-NONE', relationToHead: 'child' } },
      'household.code',
      'household.unknown',
      'H-NONE',
    ],
  ];
  for (const [label, override, field, rule, value] of cases) {
    it(`refuses a birth registration with ${label}`, async () => {
      const before = await counts();
      const r = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody('00004', override) });
      expect(r.statusCode, r.body).toBe(400);
      const violations = r.json().error.details.violations as { field: string; rule: string; value: unknown }[];
      expect(
        violations.some(
          (v) => v.field === field && v.rule.startsWith(rule) && JSON.stringify(v.value) === JSON.stringify(value),
        ),
        JSON.stringify(violations),
      ).toBe(true);
      expect(await counts()).toEqual(before);
    });
  }

  it('refuses malformed JSON with 400 and the error format', async () => {
    const before = await counts();
    const r = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: { 'content-type': 'application/json' },
      payload: '{"fullName": "An",',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'BAD_REQUEST', details: { rule: 'json.syntax' } });
    expect(await counts()).toEqual(before);
  });

  it('refuses an invalid PIN in the path with the rule', async () => {
    const r = await f.inject('/api/v1/persons/12345');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.violations[0]).toMatchObject({ field: 'pin', rule: 'pin.format', value: '12345' });
  });

  it('refuses unknown fields and wrong types in an update, writing nothing', async () => {
    const reg = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody('00004') });
    const { pin } = reg.json();
    const before = await counts();
    for (const payload of [
      { changes: { shoeSize: 42 }, reason: 'x' },
      { changes: { ethnicity: 7 }, reason: 'x' },
      { changes: { ethnicity: '77' }, reason: 'x' },
      { changes: { dateOfBirth: '2030' }, reason: 'x' },
      { changes: { permanentResidence: { unitCode: '99999' } }, reason: 'x' },
      { changes: { temporaryResidence: { unitCode: '00004', since: '2024-01-01', until: '2027-01-01' } }, reason: 'x' },
      { changes: { phone: '12' }, reason: 'x' },
      { changes: {}, reason: 'x' },
    ]) {
      const r = await f.inject({
        method: 'PATCH',
        url: `/api/v1/persons/${pin}`,
        headers: { 'if-match': reg.headers.etag as string },
        payload,
      });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.details.violations.length).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a date of birth that contradicts the PIN, pointing to re-establishment', async () => {
    const reg = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody('00004') });
    const r = await f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${reg.json().pin}`,
      headers: { 'if-match': reg.headers.etag as string },
      payload: { changes: { dateOfBirth: '2019-03-10' }, correction: true, reason: 'sai năm sinh' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.violations[0]).toMatchObject({ field: 'pin', rule: 'pin.year' });
  });
});

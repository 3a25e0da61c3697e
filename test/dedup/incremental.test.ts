// The incremental check: a person registered or changed after the batch run is checked against its blocks with the
// stored model (through the registry's post-commit hook); a ballot or a state not yet in the registry finds its
// candidates the same way; a failing check never fails the registry write. Runs on both databases.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_SLOTS } from '../../src/modules/dedup/dedup.table.ts';
import { parseState } from '../../src/modules/registry/person.model.ts';
import type { PersonRow } from '../../src/modules/registry/registry.tx.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, loadDeduplicated } from './helpers.ts';

describe(`incremental duplicate checks (${TEST_DIALECT})`, () => {
  let f: RegistryFixture;
  let child: PersonRow;

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    await loadDeduplicated(f, { people: 3000, duplicates: 0.05, seed: 3 });
    // A young child with a full date of birth and a commune: its birth can be registered again.
    child = await f.t.db
      .selectFrom('person')
      .selectAll()
      .where('birth_year', '>=', 2021)
      .where('res_unit', 'is not', null)
      .where('status', '=', 'alive')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
  }, 300_000);
  afterAll(async () => {
    await f.destroy();
  });

  it('checks a newly registered person after the write and enqueues the pair with the existing record', async () => {
    const s = parseState(child.data);
    const r = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody(child.res_unit!, {
        fullName: s.fullName,
        dateOfBirth: s.dateOfBirth,
        sex: s.sex,
        ethnicity: s.ethnicity || '01',
        registeredOn: GENERATOR_TODAY,
        // Today's commune codes, as the generated records hold them.
        birthRegistrationPlace: { unitCode: child.res_unit!, unitDate: GENERATOR_TODAY },
        permanentResidence: { unitCode: child.res_unit!, unitDate: GENERATOR_TODAY, detail: 'Số 9' },
      }),
    });
    expect(r.statusCode, r.body).toBe(201);
    await f.services.dedup.idle();
    const copyId = (
      await f.t.db.selectFrom('person').select('id').where('pin', '=', r.json().pin).executeTakeFirstOrThrow()
    ).id;
    const db = f.t.db;
    const p = await db
      .selectFrom('dedup_pair')
      .selectAll()
      .where('person_l', '=', child.id)
      .where('person_r', '=', copyId)
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({ status: 'open', found_by: 'person' });
    expect(p.probability).toBeGreaterThan(0.9);
    // Its keys are kept, so the next person checked finds it too.
    const keys = await db
      .selectFrom('person_link_key')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('slot', '>=', copyId * KEY_SLOTS)
      .where('slot', '<', (copyId + 1) * KEY_SLOTS)
      .executeTakeFirstOrThrow();
    expect(Number(keys.n)).toBeGreaterThanOrEqual(3);
    expect(f.services.dedup.incremental.failures).toBe(0);
  });

  it('finds the person a ballot declares: by PIN directly, else through the blocking keys', async () => {
    const s = parseState(child.data);
    const values = {
      full_name: s.fullName.normalize('NFD'),
      date_of_birth: s.dateOfBirth,
      sex: s.sex === 'M' ? 'Nam' : 'Nữ',
      permanent_unit: s.permanentResidence?.unitCode ?? '',
      unit_ref_date: s.permanentResidence?.unitDate ?? '',
      pin: child.pin,
    };
    const byPin = await f.services.dedup.checkBallot(values);
    expect(byPin[0]).toMatchObject({ personId: child.id, pin: child.pin, probability: 1, foundBy: 'pin' });
    expect(byPin.filter((m) => m.personId === child.id)).toHaveLength(1);
    const scored = await f.services.dedup.checkBallot({ ...values, pin: '' });
    expect(scored[0]).toMatchObject({ personId: child.id, foundBy: 'score' });
    expect(scored[0]!.probability).toBeGreaterThan(0.9);
    expect(scored[0]!.evidence.find((e) => e.comparison === 'name.given')?.agreement).toBe('agree');
    const nobody = await f.services.dedup.checkBallot({
      full_name: 'Zzz Qqq Xxx',
      date_of_birth: '1901-02-03',
      sex: 'Nam',
    });
    expect(nobody).toEqual([]);
  });

  it('finds candidates for a state not yet registered', async () => {
    const s = parseState(child.data);
    const matches = await f.services.dedup.checkCandidate({ ...s, pin: '' });
    expect(matches[0]?.personId).toBe(child.id);
  });

  it('never fails a registry write when the check fails', async () => {
    // The key table gone: the check cannot keep keys nor find candidates.
    await sql`ALTER TABLE person_link_key RENAME TO person_link_key_gone`.execute(f.t.db);
    const before = f.services.dedup.incremental.failures;
    const r = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody(child.res_unit!) });
    expect(r.statusCode, r.body).toBe(201);
    await f.services.dedup.idle();
    expect(f.services.dedup.incremental.failures).toBe(before + 1);
    expect(f.services.dedup.incremental.lastError).toMatch(/person_link_key/);
  });
});

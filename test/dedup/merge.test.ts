// Acceptance 3: merge then unmerge of a pair restores both persons, their PINs, their relations and their
// histories exactly; while merged, the retired PIN resolves to the survivor, its history shows with the survivor's,
// and the persons that named it (a child's father, a wife's spouse) name the survivor. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const UNIT = '00004';

describe(`reversible merge on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const pin = { survivor: '', retired: '', wife: '', child: '' };
  const ids: Record<keyof typeof pin, number> = { survivor: 0, retired: 0, wife: 0, child: 0 };

  const post = async (url: string, payload: object, headers: Record<string, string> = {}) =>
    f.inject({ method: 'POST', url, payload, headers });
  const born = async (body: Record<string, unknown>) => {
    const r = await post('/api/v1/persons', birthBody(UNIT, body));
    expect(r.statusCode, r.body).toBe(201);
    return r.json().pin as string;
  };

  /** Every row of the four persons and every answer about them, as one comparable value. */
  async function dump() {
    const db = f.t.db;
    const all = Object.values(ids);
    const persons = await db.selectFrom('person').selectAll().where('id', 'in', all).orderBy('id').execute();
    const changes = await db
      .selectFrom('person_change')
      .selectAll()
      .where('person_id', 'in', all)
      .orderBy('person_id')
      .orderBy('seq')
      .execute();
    const pins = await db.selectFrom('person_pin').selectAll().where('person_id', 'in', all).orderBy('pin').execute();
    const answers: Record<string, unknown> = {};
    for (const p of Object.values(pin)) {
      answers[`person ${p}`] = (await f.inject(`/api/v1/persons/${p}`)).json();
      answers[`history ${p}`] = (await f.inject(`/api/v1/persons/${p}/history`)).json();
    }
    return { persons, changes, pins, answers };
  }

  beforeAll(async () => {
    f = await createRegistryFixture();
    pin.survivor = await born({ fullName: 'Nguyễn Văn Bình', dateOfBirth: '1990-04-12', registeredOn: '1990-04-20' });
    pin.retired = await born({
      fullName: 'Nguyen Van Binh',
      dateOfBirth: '1990-04-12',
      registeredOn: '1990-05-02',
      permanentResidence: { unitCode: UNIT, detail: 'Số 7, ngõ 3' },
    });
    pin.wife = await born({
      fullName: 'Trần Thị Hoa',
      dateOfBirth: '1992-05-01',
      sex: 'F',
      registeredOn: '1992-05-09',
    });
    const etag = (await f.inject(`/api/v1/persons/${pin.wife}`)).headers.etag as string;
    const married = await post(
      `/api/v1/persons/${pin.wife}/events`,
      { type: 'marriage', date: '2016-06-01', spousePin: pin.retired },
      { 'if-match': etag },
    );
    expect(married.statusCode, married.body).toBe(200);
    pin.child = await born({
      fullName: 'Nguyễn Minh Khôi',
      dateOfBirth: '2020-03-10',
      registeredOn: '2020-03-20',
      father: { pin: pin.retired },
      mother: { pin: pin.wife },
    });
    for (const k of Object.keys(pin) as (keyof typeof pin)[]) {
      ids[k] = (await f.t.db.selectFrom('person').select('id').where('pin', '=', pin[k]).executeTakeFirstOrThrow()).id;
    }
    await f.services.dedup.idle();
  }, 120_000);
  afterAll(async () => f.destroy());

  it('merges, resolves the retired PIN to the survivor, moves relations and history, and unmerges exactly', async () => {
    const before = await dump();
    const stats = (await f.inject('/api/v1/stats')).json();

    const merged = await post('/api/v1/dedup/merges', { survivorPin: pin.survivor, retiredPin: pin.retired });
    expect(merged.statusCode, merged.body).toBe(201);
    const m = merged.json();
    expect(m).toMatchObject({ survivorPin: pin.survivor, retiredPin: pin.retired, unmergedAt: null });
    expect([...m.relinked].sort()).toEqual([pin.child, pin.wife].sort());

    // The retired PIN is an alias of the survivor.
    const alias = await f.inject(`/api/v1/persons/${pin.retired}`);
    expect(alias.statusCode).toBe(200);
    expect(alias.json()).toMatchObject({ pin: pin.survivor, requestedPin: pin.retired, mergedFrom: pin.retired });
    expect(alias.json().state.fullName).toBe('Nguyễn Văn Bình');
    // Its history is shown with the survivor's, marked.
    const history = (await f.inject(`/api/v1/persons/${pin.survivor}/history`)).json();
    expect(history.entries.filter((e: { mergedFrom?: string }) => e.mergedFrom === pin.retired).length).toBe(
      before.changes.filter((c) => c.person_id === ids.retired).length,
    );
    expect((await f.inject(`/api/v1/persons/${pin.retired}/history`)).json().pin).toBe(pin.survivor);
    // Relations follow, as recorded changes of the persons that named the retired PIN.
    const child = (await f.inject(`/api/v1/persons/${pin.child}`)).json();
    expect(child.state.father).toMatchObject({ pin: pin.survivor, name: 'Nguyễn Văn Bình' });
    expect(child.state.mother.pin).toBe(pin.wife);
    const wife = (await f.inject(`/api/v1/persons/${pin.wife}`)).json();
    expect(wife.state.spouse.pin).toBe(pin.survivor);
    const wifeHistory = (await f.inject(`/api/v1/persons/${pin.wife}/history`)).json().entries;
    expect(wifeHistory[wifeHistory.length - 1]).toMatchObject({ event: 'merge' });
    // The retired person leaves search and statistics.
    const search = (await f.inject(`/api/v1/persons?name=${encodeURIComponent('Nguyen Van Binh')}`)).json();
    expect(search.items.map((i: { pin: string }) => i.pin)).toEqual([pin.survivor]);
    expect((await f.inject('/api/v1/stats')).json().total).toBe(stats.total - 1);
    // Writing through the alias writes the survivor.
    const viaAlias = await f.inject(`/api/v1/persons/${pin.retired}`);
    expect(viaAlias.headers.etag).toBe((await f.inject(`/api/v1/persons/${pin.survivor}`)).headers.etag);

    const undone = await post(`/api/v1/dedup/merges/${m.id}/undo`, {});
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().unmergedAt).not.toBeNull();
    const after = await dump();
    expect(after).toEqual(before);
    expect((await f.inject('/api/v1/stats')).json().total).toBe(stats.total);

    // Undoing twice is refused; so is an unknown merge.
    const twice = await post(`/api/v1/dedup/merges/${m.id}/undo`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('DEDUP.CANNOT_UNMERGE');
    const unknown = await post('/api/v1/dedup/merges/999999/undo', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('DEDUP.MERGE_NOT_FOUND');

    const audit = await f.t.db
      .selectFrom('audit_entry')
      .select(['action', 'pin'])
      .where('action', 'in', ['dedup.merge', 'dedup.unmerge', 'dedup.relink', 'dedup.unlink'])
      .execute();
    expect(
      audit
        .filter((a) => a.action === 'dedup.merge')
        .map((a) => a.pin)
        .sort(),
    ).toEqual([pin.survivor, pin.retired].sort());
    expect(audit.filter((a) => a.action === 'dedup.unmerge')).toHaveLength(2);
    expect(audit.filter((a) => a.action === 'dedup.relink')).toHaveLength(2);
    expect(audit.filter((a) => a.action === 'dedup.unlink')).toHaveLength(2);
  });

  it('refuses to unmerge once the survivor or a re-pointed relation changed since, and changes nothing', async () => {
    const m = (await post('/api/v1/dedup/merges', { survivorPin: pin.survivor, retiredPin: pin.retired })).json();
    const etag = (await f.inject(`/api/v1/persons/${pin.survivor}`)).headers.etag as string;
    const edit = await f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin.survivor}`,
      headers: { 'if-match': etag },
      payload: { changes: { phone: '0912345678' }, reason: 'số điện thoại mới' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const snapshot = await dump();
    const refused = await post(`/api/v1/dedup/merges/${m.id}/undo`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('DEDUP.CANNOT_UNMERGE');
    expect(refused.json().error.message).toContain('survivor');
    expect(await dump()).toEqual(snapshot);
    expect((await f.inject(`/api/v1/dedup/merges/${m.id}`)).json().unmergedAt).toBeNull();
  });

  it('refuses bad merges with a clear reason', async () => {
    const same = await post('/api/v1/dedup/merges', { survivorPin: pin.wife, retiredPin: pin.wife });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details.violations[0]).toMatchObject({ field: 'retiredPin', rule: 'merge.same_person' });
    const unknown = await post('/api/v1/dedup/merges', { survivorPin: pin.wife, retiredPin: '001090000000' });
    expect(unknown.statusCode).toBe(404);
    const bad = await post('/api/v1/dedup/merges', { survivorPin: 'abc', retiredPin: pin.wife });
    expect(bad.statusCode).toBe(400);
  });
});

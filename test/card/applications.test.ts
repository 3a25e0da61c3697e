// Card applications over HTTP: receipt with the photo and representative rules, eligibility refusals naming
// their rule, approval taking the printed data from the registry once and for all, refusal and cancellation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type CardWorld, createCardWorld, IN_UNIT, photoJpeg } from './helpers.ts';

describe(`card applications on ${TEST_DIALECT}`, () => {
  let w: CardWorld;
  beforeAll(async () => {
    w = await createCardWorld();
  }, 120_000);
  afterAll(async () => w?.destroy());

  const post = (url: string, payload: Record<string, unknown> = {}) =>
    w.as(w.officer38, { method: 'POST', url: `/api/v1${url}`, payload });
  const ruleOf = (body: any) => body.error.details.rule ?? body.error.details.violations?.[0]?.rule;

  it('receives a first application of an adult, and approval prints the registry data with the expiry of the law', async () => {
    const pin = await w.person(IN_UNIT, { fullName: 'Lê Thị Hồng Nhung', sex: 'F', dateOfBirth: '1990-05-01' });
    const app = await w.apply(pin);
    expect(app).toMatchObject({ pin, fullName: 'Lê Thị Hồng Nhung', reason: 'first', status: 'received' });
    expect(app.printed).toBeNull();
    const r = await post(`/cards/applications/${app.id}/approve`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('approved');
    // Born 1 May 1990, issued 1 June 2026 (age 36): the next renewal age is 40, on 1 May 2030.
    expect(r.body.printed).toMatchObject({
      number: pin,
      fullName: 'Lê Thị Hồng Nhung',
      dateOfBirth: '1990-05-01',
      sex: 'F',
      nationality: 'VNM',
      issuedOn: '2026-06-01',
      expiresOn: '2030-05-01',
      issuer: 'BỘ CÔNG AN',
      generation: '2024',
      photo: true,
    });
    // Residence: the detail, then the commune and province names of today (Thiệu Trung, Thanh Hóa).
    expect(r.body.printed.residence).toMatch(/^Số 5, ngõ 12, .*Thiệu Trung.*Thanh Hóa/);
    const again = await post(`/cards/applications/${app.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CARD.INVALID_TRANSITION', details: { status: 'approved' } });
  });

  it('requires a photo from age 6, and refuses one that is not a JPEG', async () => {
    const pin = await w.person(IN_UNIT);
    const none = await post('/cards/applications', { pin, reason: 'first', receivedUnit: IN_UNIT });
    expect(none.status).toBe(400);
    expect(ruleOf(none.body)).toBe('card.photo.required');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const bad = await post('/cards/applications', { pin, reason: 'first', receivedUnit: IN_UNIT, photo: png });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.violations[0]).toMatchObject({ field: 'photo', rule: 'card.photo.format' });
  });

  it('takes no photo under 6, and the approved card prints none', async () => {
    const pin = await w.person(IN_UNIT, { dateOfBirth: '2022-01-10' });
    const representative = { name: 'Trần Văn Bố', relation: 'father' };
    const withPhoto = await post('/cards/applications', {
      pin,
      reason: 'first',
      receivedUnit: IN_UNIT,
      representative,
      photo: photoJpeg(),
    });
    expect(withPhoto.status).toBe(400);
    expect(ruleOf(withPhoto.body)).toBe('card.photo.under_6');
    const app = await w.apply(pin, { representative, photo: undefined });
    const r = await post(`/cards/applications/${app.id}/approve`);
    expect(r.body.printed.photo).toBe(false);
    // Issued at 4: valid until the 14th birthday.
    expect(r.body.printed.expiresOn).toBe('2036-01-10');
    const row = await w.f.t.db
      .selectFrom('card_application')
      .select('photo_id')
      .where('id', '=', app.id)
      .executeTakeFirst();
    expect(row?.photo_id).toBeNull();
  });

  it('needs the legal representative under 14, not from 14', async () => {
    const child = await w.person(IN_UNIT, { dateOfBirth: '2016-03-01' });
    const r = await post('/cards/applications', {
      pin: child,
      reason: 'first',
      receivedUnit: IN_UNIT,
      photo: photoJpeg(),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.violations[0]).toMatchObject({
      field: 'representative',
      rule: 'card.representative.required',
    });
    await w.apply(child, { representative: { name: 'Trần Thị Mẹ', relation: 'mother' } });
    const teen = await w.person(IN_UNIT, { dateOfBirth: '2012-05-31' });
    expect((await w.apply(teen)).status).toBe('received');
  });

  it('refuses a first card to a holder of an active card, and a second open application, naming the rule', async () => {
    const pin = await w.person(IN_UNIT);
    const card = await w.issuedCard(pin);
    const first = await post('/cards/applications', {
      pin,
      reason: 'first',
      receivedUnit: IN_UNIT,
      photo: photoJpeg(),
    });
    expect(first.status).toBe(422);
    expect(first.body.error).toMatchObject({
      code: 'CARD.NOT_ELIGIBLE',
      details: { rule: 'card.active_exists', cardId: card.id },
    });
    const other = await w.person(IN_UNIT);
    await w.apply(other);
    const twice = await post('/cards/applications', {
      pin: other,
      reason: 'first',
      receivedUnit: IN_UNIT,
      photo: photoJpeg(),
    });
    expect(twice.status).toBe(422);
    expect(ruleOf(twice.body)).toBe('card.pending_application');
  });

  it('allows a renewal when the printed data changed, not otherwise before the year it is due', async () => {
    const pin = await w.person(IN_UNIT, { dateOfBirth: '1990-05-01' });
    await w.issuedCard(pin);
    const early = await post('/cards/applications', {
      pin,
      reason: 'renewal',
      receivedUnit: IN_UNIT,
      photo: photoJpeg(),
    });
    expect(early.status).toBe(422);
    expect(early.body.error.details).toMatchObject({ rule: 'card.not_due', dueOn: '2030-05-01' });
    const change = await post('/cards/applications', {
      pin,
      reason: 'change',
      receivedUnit: IN_UNIT,
      photo: photoJpeg(),
    });
    expect(ruleOf(change.body)).toBe('card.no_change');
    const named = await w.f.inject({
      method: 'POST',
      url: `/api/v1/persons/${pin}/events`,
      payload: { type: 'name_change', fullName: 'Trần Văn Đổi Tên', date: '2026-05-20' },
    });
    expect(named.statusCode, named.body).toBe(200);
    expect((await w.apply(pin, { reason: 'renewal' })).status).toBe('received');
  });

  it('allows a renewal within the year before the card is due (39 years old, card expiring at 40)', async () => {
    const pin = await w.person(IN_UNIT, { dateOfBirth: '1987-01-15' });
    const card = await w.issuedCard(pin);
    // Issued at 39 (less than two years before 40): the card lasts to 60, so a renewal is not due.
    expect(card.expiresOn).toBe('2047-01-15');
    const r = await post('/cards/applications', { pin, reason: 'renewal', receivedUnit: IN_UNIT, photo: photoJpeg() });
    expect(ruleOf(r.body)).toBe('card.not_due');
    const young = await w.person(IN_UNIT, { dateOfBirth: '2001-09-01' });
    await w.f.t.db.updateTable('card').set({ expires_on: '2026-09-01' }).where('number', '=', young).execute();
    expect((await w.issuedCard(young)).status).toBe('active');
    await w.f.t.db.updateTable('card').set({ expires_on: '2026-09-01' }).where('number', '=', young).execute();
    expect((await w.apply(young, { reason: 'renewal' })).status).toBe('received');
  });

  it('keeps the data approved: a later correction of the registry does not change what is printed', async () => {
    const pin = await w.person(IN_UNIT, { fullName: 'Phạm Văn Cũ' });
    const app = await w.apply(pin);
    await post(`/cards/applications/${app.id}/approve`);
    const etag = (await w.f.inject(`/api/v1/persons/${pin}`)).headers.etag as string;
    const fix = await w.f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin}`,
      headers: { 'if-match': etag },
      payload: {
        changes: { fullName: 'Phạm Văn Mới' },
        correction: true,
        validFrom: '1990-05-01',
        reason: 'sai chính tả',
      },
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const read = await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards/applications/${app.id}` });
    expect(read.body.fullName).toBe('Phạm Văn Mới');
    expect(read.body.printed.fullName).toBe('Phạm Văn Cũ');
  });

  it('refuses with a reason, cancels, and says which status an action needs', async () => {
    const a = await w.apply(await w.person(IN_UNIT));
    const refused = await post(`/cards/applications/${a.id}/refuse`, { reason: 'ảnh không đạt chuẩn' });
    expect(refused.body).toMatchObject({ status: 'refused', statusReason: 'ảnh không đạt chuẩn' });
    const cancel = await post(`/cards/applications/${a.id}/cancel`, { reason: 'x' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.details).toMatchObject({ status: 'refused', allowedFrom: ['received', 'approved'] });
    const b = await w.apply(await w.person(IN_UNIT));
    await post(`/cards/applications/${b.id}/approve`);
    expect((await post(`/cards/applications/${b.id}/cancel`, { reason: 'người nộp rút hồ sơ' })).body.status).toBe(
      'cancelled',
    );
    const missing = await post('/cards/applications/999999/approve');
    expect(missing.status).toBe(403);
    const national = await w.as(w.admin, {
      method: 'POST',
      url: '/api/v1/cards/applications/999999/approve',
      payload: {},
    });
    expect(national.status).toBe(404);
    expect(national.body.error.code).toBe('CARD.APPLICATION_NOT_FOUND');
  });

  it('reissues a lost card with the last captured photo', async () => {
    const pin = await w.person(IN_UNIT);
    const card = await w.issuedCard(pin);
    expect((await post(`/cards/${card.id}/lost`)).body).toMatchObject({ status: 'locked', statusReason: 'lost' });
    const app = await w.apply(pin, { reason: 'lost', photo: undefined });
    const rows = await w.f.t.db
      .selectFrom('card_application')
      .select(['id', 'photo_id', 'replaces_card_id'])
      .where('pin', '=', pin)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => Number(r.id))).toEqual([rows[0]!.id, app.id].map(Number));
    expect(Number(rows[1]!.photo_id)).toBe(Number(rows[0]!.photo_id));
    expect(Number(rows[1]!.replaces_card_id)).toBe(card.id);
  });

  it('refuses an application for a person recorded as dead', async () => {
    const pin = await w.person(IN_UNIT);
    const death = await w.f.inject({
      method: 'POST',
      url: `/api/v1/persons/${pin}/events`,
      payload: { type: 'death', date: '2026-05-01' },
    });
    expect(death.statusCode).toBe(200);
    const r = await post('/cards/applications', { pin, reason: 'first', receivedUnit: IN_UNIT, photo: photoJpeg() });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'CARD.NOT_ELIGIBLE', details: { rule: 'card.deceased' } });
    expect(r.body.error.message).toContain('dead since 2026-05-01');
  });

  it('audits each step with the person', async () => {
    const pin = await w.person(IN_UNIT);
    const app = await w.apply(pin);
    await post(`/cards/applications/${app.id}/approve`);
    const actions = await w.f.t.db
      .selectFrom('audit_entry')
      .select(['action', 'pin'])
      .where('pin', '=', pin)
      .where('action', 'like', 'card.%')
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['card.apply', 'card.approve']);
  });
});

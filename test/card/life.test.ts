// The life of a card: hand-over withdrawing the card held before and writing field 14 of the person; loss,
// lock, retention and revocation with the statuses each needs; and acceptance 4: a death revokes every card of
// the person in the same transaction as the death (a failure there leaves the person alive and the card active),
// as a PIN re-establishment does, while a declaration of missing locks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCardCa, loadCardKeys } from '../../src/modules/card/crypto/card.keys.ts';
import { readStatusList } from '../../src/modules/card/crypto/card.status.ts';
import { CardVerifyService } from '../../src/modules/card/verify/card.verify.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type CardWorld, createCardWorld, IN_UNIT } from './helpers.ts';

describe(`life of a card on ${TEST_DIALECT}`, () => {
  let w: CardWorld;
  let failHook = false;
  beforeAll(async () => {
    w = await createCardWorld();
    // A listener after the card module's: when it throws, the whole event must be undone, revocation included.
    w.f.services.registry.onLifeEventIn(async () => {
      if (failHook) throw new Error('injected failure after the cards were revoked');
    });
  }, 120_000);
  afterAll(async () => w?.destroy());

  const post = (url: string, payload: Record<string, unknown> = {}) =>
    w.as(w.officer38, { method: 'POST', url: `/api/v1${url}`, payload });
  const card = async (id: number) => (await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards/${id}` })).body;
  const person = async (pin: string) => (await w.f.inject(`/api/v1/persons/${pin}`)).json();
  const event = (pin: string, payload: Record<string, unknown>) =>
    w.f.inject({ method: 'POST', url: `/api/v1/persons/${pin}/events`, payload });

  it('hands a card over: active, the application issued, field 14 of the person appended', async () => {
    const pin = await w.person(IN_UNIT, { dateOfBirth: '1990-05-01' });
    const issued = await w.issuedCard(pin);
    expect(issued).toMatchObject({
      status: 'active',
      number: pin,
      pin,
      issuedOn: '2026-06-01',
      expiresOn: '2030-05-01',
    });
    expect(issued.mrz).toHaveLength(3);
    const app = await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards/applications/${issued.applicationId}` });
    expect(app.body).toMatchObject({ status: 'issued', cardId: issued.id });
    const p = await person(pin);
    expect(p.state.idCards).toEqual([
      { number: pin, kind: 'can_cuoc', issuedOn: '2026-06-01', issuedBy: 'BỘ CÔNG AN', expiresOn: '2030-05-01' },
    ]);
    const history = (await w.f.inject(`/api/v1/persons/${pin}/history`)).json();
    expect(history.entries.at(-1).event).toBe('card_issued');
  });

  it('draws the front and back of the card from its printed data', async () => {
    const pin = await w.person(IN_UNIT, { fullName: 'Bùi Thị Hình Ảnh', sex: 'F' });
    const c = await w.issuedCard(pin);
    const front = await w.f.app.inject({
      method: 'GET',
      url: `/api/v1/cards/${c.id}/front.svg`,
      headers: { authorization: `Bearer ${w.officer38}` },
    });
    expect(front.statusCode).toBe(200);
    expect(front.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(front.body).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    expect(front.body).toContain('BÙI THỊ HÌNH ẢNH');
    const back = await w.f.app.inject({
      method: 'GET',
      url: `/api/v1/cards/${c.id}/back.svg`,
      headers: { authorization: `Bearer ${w.officer38}` },
    });
    expect(back.statusCode).toBe(200);
    // The MRZ is printed on the back, with < escaped in XML.
    expect(back.body).toContain(`IDVNM${pin.slice(3)}`);
  });

  it('withdraws the card held before when the new one is handed over', async () => {
    const pin = await w.person(IN_UNIT);
    const old = await w.issuedCard(pin);
    expect(
      (await event(pin, { type: 'name_change', fullName: 'Nguyễn Văn Mới Tên', date: '2026-05-20' })).statusCode,
    ).toBe(200);
    const renewed = await w.issuedCard(pin, 'change');
    expect(renewed.printed.fullName).toBe('Nguyễn Văn Mới Tên');
    expect(await card(old.id)).toMatchObject({ status: 'withdrawn', statusReason: `replaced by card ${renewed.id}` });
    expect((await person(pin)).state.idCards).toHaveLength(2);
    const list = await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards?pin=${pin}` });
    expect(list.body.items.map((c: any) => [c.id, c.status])).toEqual([
      [renewed.id, 'active'],
      [old.id, 'withdrawn'],
    ]);
  });

  it('locks on a loss report, unlocks, retains and returns, revokes on a ground of the law', async () => {
    const c = await w.issuedCard(await w.person(IN_UNIT));
    expect((await post(`/cards/${c.id}/issue`)).body.error).toMatchObject({
      code: 'CARD.INVALID_TRANSITION',
      details: { status: 'active', allowedFrom: ['delivered'] },
    });
    expect((await post(`/cards/${c.id}/lost`)).body).toMatchObject({ status: 'locked', statusReason: 'lost' });
    expect((await post(`/cards/${c.id}/unlock`)).body.status).toBe('active');
    expect((await post(`/cards/${c.id}/lock`, { reason: 'chủ thẻ yêu cầu' })).body).toMatchObject({
      status: 'locked',
      statusReason: 'chủ thẻ yêu cầu',
    });
    expect((await post(`/cards/${c.id}/unlock`)).body.status).toBe('active');
    expect((await post(`/cards/${c.id}/retain`, { reason: 'tạm giam' })).body.status).toBe('retained');
    expect((await post(`/cards/${c.id}/return`)).body.status).toBe('active');
    const bad = await post(`/cards/${c.id}/revoke`, { reason: 'bored' });
    expect(bad.status).toBe(400);
    const r = await post(`/cards/${c.id}/revoke`, { reason: 'altered', note: 'ảnh bị thay' });
    expect(r.body).toMatchObject({ status: 'revoked', statusReason: 'altered: ảnh bị thay' });
    expect((await post(`/cards/${c.id}/unlock`)).status).toBe(409);
    const events = await w.f.t.db
      .selectFrom('card_event')
      .select('type')
      .where('card_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'delivered',
      'active',
      'locked',
      'active',
      'locked',
      'active',
      'retained',
      'active',
      'revoked',
    ]);
  });

  it('revokes every card of a person who dies, in the transaction of the death (acceptance 4)', async () => {
    const pin = await w.person(IN_UNIT);
    const c = await w.issuedCard(pin);
    const r = await event(pin, { type: 'death', date: '2026-05-30' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await card(c.id)).toMatchObject({ status: 'revoked', statusReason: 'death' });
    const audit = await w.f.t.db
      .selectFrom('audit_entry')
      .select(['action', 'details'])
      .where('pin', '=', pin)
      .where('action', '=', 'card.revoke')
      .execute();
    expect(audit).toHaveLength(1);
    expect(
      (await w.f.t.db.selectFrom('person').select('status').where('pin', '=', pin).executeTakeFirst())?.status,
    ).toBe('dead');
    // The signed status list a verifier downloads shows the card revoked.
    const keyDir = mkdtempSync(join(tmpdir(), 'popreg-card-keys-'));
    try {
      await initCardCa(keyDir, new Date());
      const jws = await new CardVerifyService({ db: w.f.t.db, keyDir, today: () => '2026-06-01' }).statusList();
      const list = readStatusList(jws, loadCardKeys(keyDir).cscaCertDer);
      expect(list.entries).toContainEqual(expect.objectContaining({ number: pin, status: 'revoked', reason: 'death' }));
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  });

  it('cancels the open application of a person who dies', async () => {
    const pin = await w.person(IN_UNIT);
    const app = await w.apply(pin);
    expect((await event(pin, { type: 'death', date: '2026-05-30' })).statusCode).toBe(200);
    const read = await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards/applications/${app.id}` });
    expect(read.body).toMatchObject({ status: 'cancelled', statusReason: 'death' });
  });

  it('undoes the death when the card step fails: the person alive, the card still active', async () => {
    const pin = await w.person(IN_UNIT);
    const c = await w.issuedCard(pin);
    failHook = true;
    try {
      const r = await event(pin, { type: 'death', date: '2026-05-30' });
      expect(r.statusCode).toBe(500);
    } finally {
      failHook = false;
    }
    expect((await person(pin)).status).toBe('alive');
    expect((await card(c.id)).status).toBe('active');
    const revoked = await w.f.t.db
      .selectFrom('card_event')
      .select('id')
      .where('card_id', '=', c.id)
      .where('type', '=', 'revoked')
      .execute();
    expect(revoked).toEqual([]);
  });

  it('locks the cards of a person declared missing', async () => {
    const pin = await w.person(IN_UNIT);
    const c = await w.issuedCard(pin);
    expect((await event(pin, { type: 'missing', date: '2026-05-30' })).statusCode).toBe(200);
    expect(await card(c.id)).toMatchObject({ status: 'locked', statusReason: 'declared missing' });
  });

  it('revokes the card printed with a PIN that is re-established, and then accepts the new application', async () => {
    const pin = await w.person(IN_UNIT, { sex: 'M', dateOfBirth: '1990-05-01' });
    const c = await w.issuedCard(pin);
    const r = await event(pin, {
      type: 'pin_reestablishment',
      cause: 'sex_reregistration',
      sex: 'F',
      date: '2026-05-30',
    });
    expect(r.statusCode, r.body).toBe(200);
    const newPin = r.json().pin as string;
    expect(newPin).not.toBe(pin);
    expect(await card(c.id)).toMatchObject({ status: 'revoked', statusReason: 'PIN replaced' });
    const app = await w.apply(newPin, { reason: 'sex_reregistration' });
    expect(app.pin).toBe(newPin);
    const approved = await post(`/cards/applications/${app.id}/approve`);
    expect(approved.body.printed).toMatchObject({ number: newPin, sex: 'F' });
  });
});

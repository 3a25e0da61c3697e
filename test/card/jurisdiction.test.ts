// Jurisdiction: a card officer of province 79 neither sees nor acts on the applications and cards of a person of
// province 38 (403, as for an id that does not exist, naming nobody), and their lists leave them out; roles
// without a card permission are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { type CardWorld, createCardWorld, IN_UNIT, OUT_UNIT, photoJpeg } from './helpers.ts';

describe(`card jurisdiction on ${TEST_DIALECT}`, () => {
  let w: CardWorld;
  let pin: string;
  let name: string;
  let card: any;
  let app: any;
  let viewer: string;
  beforeAll(async () => {
    w = await createCardWorld();
    name = 'Đỗ Thị Riêng Tư';
    pin = await w.person(IN_UNIT, { fullName: name, sex: 'F' });
    card = await w.issuedCard(pin);
    app = await w.apply(await w.person(IN_UNIT));
    await w.f.services.access.createUser(cliContext(), {
      username: 'xem.38',
      password: 'mật-khẩu-rất-dài-xem',
      roles: ['viewer'],
      jurisdiction: '38',
    });
    viewer = (await w.f.services.access.createToken(cliContext(), 'cards', 'xem.38')).token;
  }, 120_000);
  afterAll(async () => w?.destroy());

  const expectHidden = (r: { status: number; body: any }, what: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(403);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(pin);
    expect(text).not.toContain(name);
  };

  it('hides an application and a card of province 38 from the officer of 79, like unknown ids', async () => {
    const as79 = (method: 'GET' | 'POST', url: string, payload?: object) =>
      w.as(w.officer79, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    expectHidden(await as79('GET', `/cards/applications/${app.id}`), 'read application');
    expectHidden(await as79('POST', `/cards/applications/${app.id}/approve`, {}), 'approve');
    expectHidden(await as79('POST', `/cards/applications/${app.id}/refuse`, { reason: 'x' }), 'refuse');
    expectHidden(await as79('GET', `/cards/${card.id}`), 'read card');
    expectHidden(await as79('GET', `/cards/${card.id}/front.svg`), 'card front');
    for (const step of ['lost', 'lock', 'retain'])
      expectHidden(await as79('POST', `/cards/${card.id}/${step}`, {}), step);
    expectHidden(await as79('POST', `/cards/${card.id}/revoke`, { reason: 'altered' }), 'revoke');
    const unknown = await as79('GET', '/cards/987654');
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.message.replace('987654', String(card.id))).toBe(
      (await as79('GET', `/cards/${card.id}`)).body.error.message,
    );
    expect((await w.as(w.officer38, { method: 'GET', url: `/api/v1/cards/${card.id}` })).body.status).toBe('active');
  });

  it('refuses an application by a PIN of another province, and leaves other provinces out of lists', async () => {
    const r = await w.as(w.officer79, {
      method: 'POST',
      url: '/api/v1/cards/applications',
      payload: { pin, reason: 'renewal', receivedUnit: OUT_UNIT, photo: photoJpeg() },
    });
    expect(r.status).toBe(403);
    expect((await w.as(w.officer79, { method: 'GET', url: `/api/v1/cards?pin=${pin}` })).status).toBe(403);
    const list79 = await w.as(w.officer79, { method: 'GET', url: '/api/v1/cards/applications' });
    expect(list79.status).toBe(200);
    expect(JSON.stringify(list79.body)).not.toContain(pin);
    const list38 = await w.as(w.officer38, { method: 'GET', url: '/api/v1/cards/applications?status=received' });
    expect(list38.body.items.map((a: any) => a.id)).toContain(app.id);
  });

  it('receives only at a commune of the officer’s own jurisdiction', async () => {
    const other = await w.person(IN_UNIT);
    const r = await w.as(w.officer38, {
      method: 'POST',
      url: '/api/v1/cards/applications',
      payload: { pin: other, reason: 'first', receivedUnit: OUT_UNIT, photo: photoJpeg() },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.violations[0]).toMatchObject({
      field: 'receivedUnit',
      rule: 'card.received_unit.jurisdiction',
    });
  });

  it('refuses roles without a card permission', async () => {
    const r = await w.as(viewer, { method: 'GET', url: `/api/v1/cards/${card.id}` });
    expect(r.status).toBe(403);
    expect(r.body.error.details).toMatchObject({ permission: 'card.read' });
    const denied = await w.f.t.db
      .selectFrom('audit_entry')
      .select(['action', 'outcome'])
      .where('actor', '=', 'xem.38')
      .execute();
    expect(denied).toContainEqual({ action: 'card.read', outcome: 'denied' });
  });
});

// Acceptance: two updates with the same ETag at once: one wins, the other gets 412, history shows one change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { connect } from '../../src/db/connect.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { createServices } from '../../src/services.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';

describe(`optimistic concurrency on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let second: { app: HttpApp; close(): Promise<void> };

  beforeAll(async () => {
    f = await createRegistryFixture();
    // A second app on its own connection to the same database, as a second server process would be.
    const db = connect(f.t.url);
    const services = createServices(db, loadConfig({ db: f.t.url }, { POPREG_TODAY: TEST_TODAY }));
    const app = await buildApp({ services });
    second = {
      app,
      close: async () => {
        await app.close();
        await db.destroy();
      },
    };
  });
  afterAll(async () => {
    await second.close();
    await f.destroy();
  });

  const register = async (name: string) => {
    const r = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody('00004', { fullName: name }),
    });
    expect(r.statusCode, r.body).toBe(201);
    return { pin: r.json().pin as string, etag: r.headers.etag as string };
  };
  const patch = (app: HttpApp, pin: string, etag: string, phone: string) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin}`,
      headers: { 'if-match': etag, authorization: `Bearer ${f.adminToken}` },
      payload: { changes: { phone }, reason: 'cập nhật số điện thoại' },
    });

  it('lets exactly one of two same-ETag updates through, on two connections at once', async () => {
    for (let round = 0; round < 5; round++) {
      const { pin, etag } = await register(`Trần Thị Bình ${String.fromCharCode(65 + round)}`.replace(/ [A-E]$/, ''));
      const [a, b] = await Promise.all([
        patch(f.app, pin, etag, '0912345678'),
        patch(second.app, pin, etag, '0987654321'),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([200, 412]);
      const loser = a.statusCode === 412 ? a : b;
      expect(loser.json().error.code).toBe('REGISTRY.VERSION_MISMATCH');
      const winner = a.statusCode === 200 ? a : b;
      const h = (await f.inject(`/api/v1/persons/${pin}/history`)).json();
      expect(h.entries).toHaveLength(2);
      expect(h.entries[1].changes).toEqual([{ field: 'phone', from: null, to: winner.json().state.phone }]);
      const now = (await f.inject(`/api/v1/persons/${pin}`)).json();
      expect(now.state.phone).toBe(winner.json().state.phone);
      expect(now.version).toBe(2);
    }
  });

  it('refuses a stale ETag and changes nothing', async () => {
    const { pin, etag } = await register('Lê Văn Cường');
    expect((await patch(f.app, pin, etag, '0912000001')).statusCode).toBe(200);
    const stale = await patch(f.app, pin, etag, '0912000002');
    expect(stale.statusCode).toBe(412);
    expect((await f.inject(`/api/v1/persons/${pin}`)).json().state.phone).toBe('0912000001');
  });

  it('requires If-Match on updates (428) and rejects a malformed one (400)', async () => {
    const { pin } = await register('Phạm Thị Dung');
    const none = await f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin}`,
      payload: { changes: { phone: '0912000003' }, reason: 'x' },
    });
    expect(none.statusCode).toBe(428);
    const bad = await f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin}`,
      headers: { 'if-match': 'abc' },
      payload: { changes: { phone: '0912000003' }, reason: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await f.inject(`/api/v1/persons/${pin}/history`)).json().entries).toHaveLength(1);
  });
});

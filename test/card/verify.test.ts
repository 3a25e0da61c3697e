// Verification of exported cards with `popreg card verify` (a child process reading only files: the card, the CA
// bundle and the status list downloaded from the public routes): a good card is valid, a changed data group and
// a wrong CA are forged, a revoked card is revoked, a card past its expiry is expired; the QR text alone is
// checked the same way; POST /cards/verify answers without a session; and the status list shows a card revoked
// by its holder's death (acceptance 4's list side).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCardCa } from '../../src/modules/card/crypto/card.keys.ts';
import { readStatusList } from '../../src/modules/card/crypto/card.status.ts';
import { readCaBundle } from '../../src/modules/card/verify/card.verify.trust.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createProductionWorld, IN_UNIT, type ProductionWorld, popreg } from './production.helpers.ts';

describe(`card verification on ${TEST_DIALECT}`, () => {
  let w: ProductionWorld;
  let dir: string;
  const cards: Record<string, any> = {};
  const file = (name: string) => join(dir, name);

  const post = async (url: string, payload: unknown = {}) => {
    const r = await w.as(w.admin, { method: 'POST', url: `/api/v1${url}`, payload: payload as object });
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.raw}`);
    return r.body;
  };
  /** The public downloads a verifier keeps: the CA bundle and the status list, fetched without credentials. */
  const download = async () => {
    const ca = await w.f.app.inject({ method: 'GET', url: '/api/v1/cards/ca' });
    const list = await w.f.app.inject({ method: 'GET', url: '/api/v1/cards/status-list' });
    expect([ca.statusCode, list.statusCode]).toEqual([200, 200]);
    writeFileSync(file('ca.pem'), ca.body);
    writeFileSync(file('status.jws'), list.body);
    return list.body;
  };
  const verify = (args: string[], today?: string) =>
    popreg(['card', 'verify', ...args, '--ca', file('ca.pem'), '--status-list', file('status.jws')], {
      ...(today ? { POPREG_TODAY: today } : {}),
    });

  beforeAll(async () => {
    w = await createProductionWorld();
    dir = mkdtempSync(join(tmpdir(), 'popreg-card-verify-'));
    const apps: Record<string, number> = {};
    for (const who of ['good', 'revoked', 'dead']) apps[who] = await w.approved(await w.person(IN_UNIT));
    const batch = await post('/cards/batches', {});
    const lines = (await w.as(w.admin, `/api/v1/cards/batches/${batch.id}/export`)).raw.trim().split('\n');
    const byApp = new Map(lines.map((l) => JSON.parse(l)).map((c) => [c.applicationId, c]));
    await post(
      `/cards/batches/${batch.id}/results`,
      Object.values(apps).map((applicationId) => ({ applicationId, outcome: 'produced' })),
    );
    for (const [who, app] of Object.entries(apps)) {
      cards[who] = byApp.get(app);
      writeFileSync(file(`${who}.json`), JSON.stringify(cards[who]));
      await post(`/cards/${cards[who].id}/deliver`);
      await post(`/cards/${cards[who].id}/issue`);
    }
    await post(`/cards/${cards.revoked.id}/revoke`, { reason: 'altered' });
    await download();
    const other = join(dir, 'other-ca');
    writeFileSync(file('other.pem'), (await initCardCa(other, new Date(Date.now() - 3_600_000))).cscaCertPem);
  }, 180_000);
  afterAll(async () => {
    await w.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a good card as valid (exit 0)', () => {
    const r = verify([file('good.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^valid \\(card ${cards.good.number}, issued 2026-06-01\\)`));
  });

  it('reports a changed data group as forged', () => {
    const changed = structuredClone(cards.good);
    const dg13 = Buffer.from(changed.dataGroups['13'], 'base64');
    const last = dg13.length - 1;
    dg13[last] = dg13[last]! ^ 1;
    changed.dataGroups['13'] = dg13.toString('base64');
    writeFileSync(file('changed.json'), JSON.stringify(changed));
    const r = verify([file('changed.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^forged/);
    expect(r.stdout).toContain('data group 13 hash mismatch');
  });

  it('reports a card checked against another CA as forged', () => {
    const r = popreg([
      'card',
      'verify',
      file('good.json'),
      '--ca',
      file('other.pem'),
      '--status-list',
      file('status.jws'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^forged/);
    expect(r.stdout).toContain('not issued by this CA');
  });

  it('reports a revoked card as revoked, with the ground', () => {
    const r = verify([file('revoked.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^revoked/);
    expect(r.stdout).toMatch(/card revoked since .*: altered/);
  });

  it('reports a card past its expiry as expired (born 1990-05-01, issued at 36: expires at 40)', () => {
    expect(cards.good.printed.expiresOn).toBe('2030-05-01');
    expect(verify([file('good.json')], '2030-05-01').stdout).toMatch(/^valid/);
    const r = verify([file('good.json')], '2030-05-02');
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^expired/);
    expect(r.stdout).toContain('card expired on 2030-05-01');
  });

  it('checks the QR text alone: signed and unchanged is valid, an edited name is forged', () => {
    expect(verify(['--qr', cards.good.qr]).stdout).toMatch(/^valid/);
    const edited = cards.good.qr.replace(cards.good.printed.fullName, 'Nguyễn Văn Giả');
    expect(edited).not.toBe(cards.good.qr);
    const r = verify(['--qr', edited]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^forged/);
    expect(verify(['--qr', cards.revoked.qr]).stdout).toMatch(/^revoked/);
  });

  it('answers POST /cards/verify without a session', async () => {
    const ask = async (payload: object) =>
      (await w.f.app.inject({ method: 'POST', url: '/api/v1/cards/verify', payload })).json();
    const { sod, dataGroups } = cards.good;
    expect(await ask({ sod, dataGroups })).toMatchObject({ result: 'valid', number: cards.good.number });
    expect(await ask({ sod: cards.revoked.sod, dataGroups: cards.revoked.dataGroups })).toMatchObject({
      result: 'revoked',
    });
    expect(await ask({ sod, dataGroups: { ...dataGroups, 1: cards.revoked.dataGroups['1'] } })).toMatchObject({
      result: 'forged',
    });
    expect(await ask({ qr: cards.good.qr })).toMatchObject({ result: 'valid' });
  });

  it('limits verifications per client address like logins (429 AUTH.RATE_LIMITED with retry-after)', async () => {
    const ask = () =>
      w.f.app.inject({
        method: 'POST',
        url: '/api/v1/cards/verify',
        payload: { qr: 'x' },
        remoteAddress: '203.0.113.9',
      });
    const limit = w.f.services.config.security.loginRateLimit;
    // The earlier requests of this file came from another address: this one starts with a full allowance.
    for (let i = 0; i < limit; i++) expect((await ask()).statusCode).not.toBe(429);
    const r = await ask();
    expect(r.statusCode).toBe(429);
    expect(r.json().error.code).toBe('AUTH.RATE_LIMITED');
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('lists a card revoked by its holder’s death in the signed status list', async () => {
    const pin = cards.dead.number;
    const before = readStatusList(await download(), readCaBundle(await caPem()).cscaCertDer);
    expect(before.entries.map((e) => e.number)).not.toContain(pin);
    const death = await w.f.inject({
      method: 'POST',
      url: `/api/v1/persons/${pin}/events`,
      payload: { type: 'death', date: '2026-05-30' },
    });
    expect(death.statusCode, death.body).toBe(200);
    const after = readStatusList(await download(), readCaBundle(await caPem()).cscaCertDer);
    expect(after.entries).toContainEqual(
      expect.objectContaining({ number: pin, issuedOn: '2026-06-01', status: 'revoked', reason: 'death' }),
    );
    expect(verify([file('dead.json')]).stdout).toMatch(/^revoked/);
  });

  async function caPem(): Promise<string> {
    return (await w.f.app.inject({ method: 'GET', url: '/api/v1/cards/ca' })).body;
  }
});

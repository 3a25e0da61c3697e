// Finding 5 of issue 10: an auditor sees the trail within their jurisdiction only. A province-38 auditor must not
// see what was done to a person living in province 79 (nor the logins of province-79 officers); a national auditor
// sees everything. Checked through the service and through GET /api/v1/audit with the auditor's own token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext, type RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { AuditEntryView } from '../../src/modules/audit/audit.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const COMMUNE_38 = '15835';
const COMMUNE_79 = '25747';

function ctx(id: string, roles: Role[], jurisdiction: string | null): RequestContext {
  return { actor: { id, kind: 'user', roles, jurisdiction }, client: '127.0.0.1' };
}

describe(`audit search within the auditor's jurisdiction on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const person = { in38: { id: 0, pin: '' }, in79: { id: 0, pin: '' } };
  const tokens: Record<string, string> = {};
  const auditor38 = ctx('kiemtoan.38', ['auditor'], '38');
  const auditorNational = ctx('kiemtoan.tw', ['auditor'], null);

  beforeAll(async () => {
    f = await createRegistryFixture();
    for (const [key, unit] of [
      ['in38', COMMUNE_38],
      ['in79', COMMUNE_79],
    ] as const) {
      const r = await f.inject({ method: 'POST', url: '/api/v1/persons', payload: birthBody(unit) });
      expect(r.statusCode, r.body).toBe(201);
      const pin = r.json().pin as string;
      const row = await f.t.db.selectFrom('person').select('id').where('pin', '=', pin).executeTakeFirstOrThrow();
      person[key] = { id: Number(row.id), pin };
    }
    const users: [string, Role, string | null][] = [
      ['kiemtoan.38', 'auditor', '38'],
      ['kiemtoan.tw', 'auditor', null],
      ['canbo.38', 'commune_officer', COMMUNE_38],
      ['canbo.79', 'commune_officer', COMMUNE_79],
      ['tinh.79', 'provincial_officer', '79'],
    ];
    for (const [username, role, jurisdiction] of users) {
      await f.services.access.createUser(cliContext(), {
        username,
        password: `mật-khẩu-rất-dài-${username}`,
        roles: [role],
        jurisdiction,
      });
      tokens[username] = (await f.services.access.createToken(cliContext(), 'audit tests', username)).token;
    }
    const audit = f.services.audit;
    const read = (p: { id: number; pin: string }) => ({
      action: 'person.read',
      outcome: 'ok' as const,
      personId: p.id,
      pin: p.pin,
    });
    await audit.record(ctx('canbo.38', ['commune_officer'], COMMUNE_38), read(person.in38));
    await audit.record(ctx('canbo.79', ['commune_officer'], COMMUNE_79), read(person.in79));
    // An officer of province 38 who tried to read the province-79 person: about that person, so not for auditor 38.
    await audit.record(ctx('canbo.38', ['commune_officer'], COMMUNE_38), { ...read(person.in79), outcome: 'denied' });
    await audit.record(ctx('canbo.38', ['commune_officer'], COMMUNE_38), { action: 'auth.logout', outcome: 'ok' });
    await audit.record(ctx('canbo.79', ['commune_officer'], COMMUNE_79), { action: 'auth.logout', outcome: 'ok' });
    await audit.record(ctx('tinh.79', ['provincial_officer'], '79'), { action: 'auth.logout', outcome: 'ok' });
  }, 120_000);
  afterAll(async () => f.destroy());

  const about79 = (e: AuditEntryView) => e.personId === person.in79.id || e.pin === person.in79.pin;

  it('a province-38 auditor searching by the PIN of a province-79 person finds nothing', async () => {
    const page = await f.services.audit.search(auditor38, { pin: person.in79.pin, limit: 500 });
    expect(page.items).toEqual([]);
  });

  it('a province-38 auditor sees entries about province-38 persons and by province-38 users only', async () => {
    const { items } = await f.services.audit.search(auditor38, { limit: 500 });
    expect(items.some(about79)).toBe(false);
    expect(items.filter((e) => e.personId === person.in38.id).map((e) => `${e.actor} ${e.action}`)).toContain(
      'canbo.38 person.read',
    );
    const withoutPerson = items.filter((e) => e.personId === null).map((e) => e.actor);
    expect(withoutPerson).toContain('canbo.38');
    expect(withoutPerson).not.toContain('canbo.79');
    expect(withoutPerson).not.toContain('tinh.79');
    // Actions of the command line and the national administrator are no province's business.
    expect(withoutPerson.filter((a) => a === 'cli' || a === 'admin')).toEqual([]);
  });

  it('a national auditor sees the province-79 entries too', async () => {
    const { items } = await f.services.audit.search(auditorNational, { pin: person.in79.pin, limit: 500 });
    expect(items.map((e) => `${e.actor} ${e.action} ${e.outcome}`)).toEqual(
      expect.arrayContaining(['canbo.79 person.read ok', 'canbo.38 person.read denied']),
    );
    const all = await f.services.audit.search(auditorNational, { limit: 500 });
    expect(all.items.filter((e) => e.personId === null).map((e) => e.actor)).toEqual(
      expect.arrayContaining(['canbo.79', 'tinh.79', 'canbo.38']),
    );
  });

  it('GET /api/v1/audit with the province-38 auditor’s token: nothing about the province-79 person', async () => {
    const as = (user: string, url: string) =>
      f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } });
    const byPin = await as('kiemtoan.38', `/api/v1/audit?pin=${person.in79.pin}`);
    expect(byPin.statusCode, byPin.body).toBe(200);
    expect(byPin.json().items).toEqual([]);
    const all = await as('kiemtoan.38', '/api/v1/audit?limit=500');
    expect(all.statusCode, all.body).toBe(200);
    expect((all.json().items as AuditEntryView[]).some(about79)).toBe(false);
    const national = await as('kiemtoan.tw', `/api/v1/audit?pin=${person.in79.pin}`);
    expect((national.json().items as AuditEntryView[]).length).toBeGreaterThan(0);
  });
});

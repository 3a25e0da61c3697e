// Acceptance: GET /api/v1/quality is scoped to the reader's jurisdiction (a commune officer sees the commune, a
// provincial officer the province; outside it: 403, audited as denied), needs campaign.read, and is audited as a
// read of aggregates without any personal data; POST /api/v1/quality/refresh is for national administrators and
// provincial officers only. The OpenAPI document describes both routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { as as asOfficer, createOfficer, type Officer } from '../helpers/officers.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { COMMUNE_A, COMMUNE_B, COMMUNE_C, seedDedup, seedPersons } from './fixture.ts';

const OFFICERS: Record<string, { role: Role; jurisdiction: string | null }> = {
  provincial: { role: 'provincial_officer', jurisdiction: '01' },
  commune: { role: 'commune_officer', jurisdiction: COMMUNE_A },
  card: { role: 'card_officer', jurisdiction: '01' },
  viewer: { role: 'viewer', jurisdiction: '40' },
  auditor: { role: 'auditor', jurisdiction: null },
};

describe(`quality API on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const officers: Record<string, Officer> = {};
  const as = (who: string, url: string, method: 'GET' | 'POST' = 'GET') => asOfficer(f, officers[who]!, method, url);
  const auditRows = (action: string) =>
    f.t.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('seq').execute();

  beforeAll(async () => {
    f = await createRegistryFixture();
    const { ids } = await seedPersons(f);
    await seedDedup(f, ids);
    for (const [name, o] of Object.entries(OFFICERS)) {
      officers[name] = await createOfficer(f, `qa.${name}`, o.role, o.jurisdiction);
    }
  }, 120_000);
  afterAll(async () => f.destroy());

  it('answers "never computed" until a refresh, then from the stored snapshot', async () => {
    const before = await f.inject('/api/v1/quality');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ snapshot: null, summary: null, items: [] });
    const refreshed = await f.inject({ method: 'POST', url: '/api/v1/quality/refresh' });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(refreshed.json()).toMatchObject({ persons: 12, computedBy: 'admin' });
    const after = (await f.inject('/api/v1/quality')).json();
    expect(after.snapshot.id).toBe(refreshed.json().id);
    expect(after.items).toHaveLength(34);
    expect(after.summary.persons).toBe(12);
  });

  it('refuses a refresh to commune officers, viewers and auditors (403, audited), allows provincial officers', async () => {
    for (const who of ['commune', 'viewer', 'auditor']) {
      const r = await as(who, '/api/v1/quality/refresh', 'POST');
      expect(r.statusCode, `${who}: ${r.body}`).toBe(403);
      expect(r.json().error.code).toBe('AUTH.FORBIDDEN');
    }
    const denied = (await auditRows('quality.refresh')).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => e.actor).sort()).toEqual(['qa.auditor', 'qa.commune', 'qa.viewer']);
    const ok = await as('provincial', '/api/v1/quality/refresh', 'POST');
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('shows a commune officer their commune only, and refuses the province or another commune', async () => {
    const own = await as('commune', '/api/v1/quality');
    expect(own.statusCode, own.body).toBe(200);
    const body = own.json();
    expect(body.scope).toMatchObject({ level: 'commune', code: COMMUNE_A });
    expect(body.items.map((i: { code: string }) => i.code)).toEqual([COMMUNE_A]);
    expect(body.summary.persons).toBe(5);
    expect(body.mayRefresh).toBe(false);
    // Asking per province is narrowed to the jurisdiction, not widened.
    const narrowed = (await as('commune', '/api/v1/quality?by=province')).json();
    expect(narrowed.items.map((i: { code: string }) => i.code)).toEqual([COMMUNE_A]);
    for (const unit of ['01', COMMUNE_B, COMMUNE_C]) {
      const r = await as('commune', `/api/v1/quality?unit=${unit}`);
      expect(r.statusCode, `${unit}: ${r.body}`).toBe(403);
      expect(r.json().error.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it("shows a provincial officer their province's communes and refuses another province", async () => {
    const r = (await as('provincial', '/api/v1/quality')).json();
    expect(r.scope).toMatchObject({ level: 'province', code: '01', name: 'Thành phố Hà Nội' });
    expect(r.mayRefresh).toBe(true);
    expect(r.by).toBe('commune');
    expect(r.items.every((i: { provinceCode: string }) => i.provinceCode === '01')).toBe(true);
    expect(r.items.find((i: { code: string }) => i.code === COMMUNE_A).persons).toBe(5);
    const byProvince = (await as('provincial', '/api/v1/quality?by=province')).json();
    expect(byProvince.items.map((i: { code: string }) => i.code)).toEqual(['01']);
    const commune = await as('provincial', `/api/v1/quality?unit=${COMMUNE_B}`);
    expect(commune.statusCode).toBe(200);
    expect(commune.json().summary.persons).toBe(3);
    const other = await as('provincial', '/api/v1/quality?unit=40');
    expect(other.statusCode).toBe(403);
    const otherCommune = await as('provincial', `/api/v1/quality?unit=${COMMUNE_C}`);
    expect(otherCommune.statusCode).toBe(403);
  });

  it('lets a viewer and an auditor read within their scope, and refuses a role without campaign.read', async () => {
    const viewer = (await as('viewer', '/api/v1/quality')).json();
    expect(viewer.scope.code).toBe('40');
    expect(viewer.summary.persons).toBe(2);
    const auditor = (await as('auditor', '/api/v1/quality')).json();
    expect(auditor.scope.code).toBe('VN');
    const card = await as('card', '/api/v1/quality');
    expect(card.statusCode).toBe(403);
    expect(card.json().error.details).toMatchObject({ permission: 'campaign.read' });
  });

  it('audits reads as aggregates: the unit and level, never a person', async () => {
    const reads = await auditRows('quality.read');
    expect(reads.length).toBeGreaterThan(5);
    for (const e of reads) {
      expect(e.person_id).toBeNull();
      expect(e.pin).toBeNull();
      expect(e.fields).toBeNull();
    }
    const denied = reads.filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => e.actor)).toEqual(expect.arrayContaining(['qa.commune', 'qa.provincial', 'qa.card']));
    const ok = reads.find((e) => e.outcome === 'ok' && e.actor === 'qa.commune')!;
    expect(JSON.parse(ok.details!)).toMatchObject({ unit: COMMUNE_A, by: 'commune' });
  });

  it('rejects a bad level or an unknown unit with the field, rule and value', async () => {
    const level = await f.inject('/api/v1/quality?by=district');
    expect(level.statusCode).toBe(400);
    expect(level.json().error.details.violations[0].field).toContain('by');
    const unit = await f.inject('/api/v1/quality?unit=99999');
    expect(unit.statusCode).toBe(400);
    expect(unit.json().error.details.violations[0]).toMatchObject({
      field: 'unit',
      rule: 'unit.unknown',
      value: '99999',
    });
    // An old (pre-2025) province code is not a current unit.
    const old = await f.inject('/api/v1/quality?unit=02');
    expect(old.statusCode).toBe(400);
  });

  it('describes both routes in the OpenAPI document', async () => {
    const doc = (await f.app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/quality'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'by',
      'unit',
    ]);
    const ok = doc.paths['/api/v1/quality'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(ok.properties)).toEqual(
      expect.arrayContaining(['snapshot', 'summary', 'items', 'availability', 'trend']),
    );
    expect(doc.paths['/api/v1/quality/refresh'].post).toBeDefined();
  });
});

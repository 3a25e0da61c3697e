// The audit HTTP routes on the same Fastify set-up as buildApp (ajv options, error handler), with the actor taken
// from test headers rather than a session.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRole, type Role } from '../../src/domain/roles.ts';
import { errorHandler } from '../../src/http/errors.ts';
import { ErrorBodySchema } from '../../src/http/schemas.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { registerAuditRoutes } from '../../src/modules/audit/audit.routes.ts';
import { AuditService } from '../../src/modules/audit/audit.service.ts';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/db.ts';
import { ctxOf, TEST_KEY, tamper } from './helpers.ts';

function testContext(req: FastifyRequest) {
  const roles = String(req.headers['x-test-roles'] ?? 'auditor')
    .split(',')
    .filter(isRole) as Role[];
  return ctxOf(String(req.headers['x-test-actor'] ?? 'kiemtoan'), roles);
}

async function appWith(audit: AuditService): Promise<HttpApp> {
  const app = Fastify({
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(errorHandler);
  // The shared error schema is registered by id only when it has one (as buildApp does).
  if ('$id' in ErrorBodySchema) app.addSchema(ErrorBodySchema);
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'test', version: '1' } } });
  await app.register(async (api) => registerAuditRoutes(api as HttpApp, { audit }, testContext), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

describe(`audit routes on ${TEST_DIALECT}`, () => {
  let t: TestDatabase;
  let app: HttpApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    const audit = new AuditService(t.db, { key: TEST_KEY });
    for (let i = 0; i < 5; i++) {
      await audit.record(ctxOf('officer1', ['commune_officer']), {
        action: 'person.read',
        outcome: 'ok',
        personId: 7,
        pin: '001093047064',
        fields: ['fullName', 'sex'],
      });
    }
    await audit.record(ctxOf('officer2', ['viewer']), {
      action: 'person.read',
      outcome: 'denied',
      pin: '079201000123',
    });
    app = await appWith(audit);
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
  });

  it('GET /audit filters and pages newest first', async () => {
    const first = await app.inject('/api/v1/audit?pin=001093047064&limit=3');
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.items.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3]);
    expect(body.items[0]).toMatchObject({ actor: 'officer1', roles: ['commune_officer'], fields: ['fullName', 'sex'] });
    const next = await app.inject(`/api/v1/audit?pin=001093047064&limit=3&cursor=${body.nextCursor}`);
    expect(next.json().items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(next.json().nextCursor).toBeNull();
    const denied = await app.inject('/api/v1/audit?outcome=denied&actor=officer2');
    expect(denied.json().items).toHaveLength(1);
  });

  it('GET /audit answers 400 with the violations for malformed filters', async () => {
    const r = await app.inject('/api/v1/audit?pin=123&outcome=maybe&limit=0');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION');
    const fields = r
      .json()
      .error.details.violations.map((v: { field: string }) => v.field)
      .sort();
    expect(fields).toEqual(['querystring.limit', 'querystring.outcome', 'querystring.pin']);
    expect((await app.inject('/api/v1/audit?from=yesterday')).json().error.details.violations[0].field).toBe('from');
  });

  it('answers 403 AUTH.FORBIDDEN to roles without audit.read', async () => {
    for (const url of ['/api/v1/audit', '/api/v1/audit/verify']) {
      const r = await app.inject({ url, headers: { 'x-test-roles': 'commune_officer,viewer' } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'AUTH.FORBIDDEN', details: { permission: 'audit.read' } });
    }
  });

  it('GET /audit/verify reports an intact chain, then the first bad entry after tampering', async () => {
    const ok = await app.inject('/api/v1/audit/verify');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().ok).toBe(true);
    await tamper(t.db, sql`UPDATE audit_entry SET pin = '001093047065' WHERE seq = 2`);
    const bad = await app.inject('/api/v1/audit/verify');
    expect(bad.json()).toMatchObject({ ok: false, firstBad: { seq: 2, reason: 'hash mismatch' } });
  });

  it('documents both routes under the audit tag with their error responses', async () => {
    const doc = (app as unknown as { swagger(): { paths: Record<string, { get: Record<string, any> }> } }).swagger();
    for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
      const op = doc.paths[path]!.get;
      expect(op.tags).toEqual(['audit']);
      expect(op.summary).toBeTruthy();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403']));
    }
  });
});

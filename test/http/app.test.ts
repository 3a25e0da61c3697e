import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { createServices } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('http app', () => {
  let t: TestDatabase;
  let app: HttpApp;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await buildApp({ services: createServices(t.db, loadConfig({ db: t.url })) });
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
  });

  it('answers health and readiness', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.0.3');
    const docs = await app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('documents every API route in OpenAPI with a summary and its responses', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/persons/{pin}',
      '/api/v1/persons',
      '/api/v1/persons/{pin}/history',
      '/api/v1/persons/{pin}/events',
      '/api/v1/units/{code}',
      '/api/v1/units',
      '/api/v1/stats',
      '/api/v1/pins/{pin}/check',
    ]) {
      expect(paths).toContain(p);
    }
    const routes = app.printRoutes({ commonPrefix: false });
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { summary?: string; responses?: object }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
      expect(routes).toContain(
        path
          .replace('/api/v1', '')
          .replace(/\{(\w+)\}/g, ':$1')
          .split('/')
          .pop()!
          .replace(/^:.*/, ''),
      );
    }
    expect(doc.paths['/api/v1/persons/{pin}'].patch.responses).toHaveProperty('412');
  });

  it('answers unknown routes with the error format, and refuses the API without credentials', async () => {
    const r = await app.inject({ url: '/nothing-here', headers: { accept: 'application/json' } });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
    const api = await app.inject('/api/v1/persons?name=an');
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('AUTH.UNAUTHENTICATED');
    const bad = await app.inject({ url: '/api/v1/persons?name=an', headers: { authorization: 'Bearer prt_nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('sends security headers on every response', async () => {
    for (const url of ['/healthz', '/api/v1/persons', '/api/openapi.json']) {
      const r = await app.inject(url);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(r.headers['x-frame-options'], url).toBeDefined();
    }
  });
});

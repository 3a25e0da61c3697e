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

  it('answers unknown routes with the error format', async () => {
    const r = await app.inject('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });
});

import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errors.ts';

import type { HttpApp } from '../../src/http/types.ts';
import { registerReferenceRoutes } from '../../src/modules/reference/reference.routes.ts';
import { ReferenceService } from '../../src/modules/reference/reference.service.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { createLoadedReference, createReferenceDatabase, type LoadedReference, TODAY } from './loaded.ts';

/** The same Fastify set-up as buildApp (ajv options, error handler, shared error schema), with only these routes. */
async function appWith(reference: ReferenceService): Promise<HttpApp> {
  const app = Fastify({
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(errorHandler);
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'test', version: '1' } } });
  await app.register(async (api) => registerReferenceRoutes(api as HttpApp, { reference }), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

describe('reference routes', () => {
  let r: LoadedReference;
  let app: HttpApp;
  beforeAll(async () => {
    r = await createLoadedReference();
    app = await appWith(r.service);
  });
  afterAll(async () => {
    await app.close();
    await r.t.destroy();
  });

  it('GET /units/:code?on= answers the unit valid on that day', async () => {
    const res = await app.inject('/api/v1/units/00004?on=2020-01-01');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      code: '00004',
      fullName: 'Phường Trúc Bạch',
      validTo: '2025-07-01',
      parent: { code: '001' },
    });
    expect(body.successors[0]).toMatchObject({ code: '00004', fullName: 'Phường Ba Đình', kind: 'full' });
    expect((await app.inject('/api/v1/units/00004')).json().fullName).toBe('Phường Ba Đình');
  });

  it('answers an unknown code with 404 REFERENCE.UNIT_NOT_FOUND', async () => {
    const res = await app.inject('/api/v1/units/99999');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'REFERENCE.UNIT_NOT_FOUND', details: { code: '99999' } });
  });

  it('answers a malformed date or code with 400', async () => {
    for (const url of [
      '/api/v1/units/00004?on=2020-13-45',
      '/api/v1/units/00004?on=yesterday',
      '/api/v1/units/0004',
      '/api/v1/units?level=hamlet',
    ]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION');
    }
  });

  it('GET /units lists children of a parent on a day', async () => {
    const res = await app.inject('/api/v1/units?parent=01&on=2020-01-01');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(30);
    expect(res.json().items[0]).toMatchObject({ code: '001', level: 'district', validTo: '2025-07-01' });
    expect((await app.inject('/api/v1/units')).json().items).toHaveLength(34);
  });

  it('GET /codes/:list serves each list whole', async () => {
    const nat = await app.inject('/api/v1/codes/nationalities');
    expect(nat.json().items).toContainEqual({
      code: 'VN',
      nameVi: 'Việt Nam',
      nameEn: 'Vietnam',
      alpha3: 'VNM',
      numeric: '704',
    });
    const pins = await app.inject('/api/v1/codes/pin-provinces');
    expect(pins.json().items[0]).toEqual({ pinCode: '001', provinceCode: '01', name: 'Hà Nội', successorCode: '01' });
    expect((await app.inject('/api/v1/codes/ethnicities')).json().items[0]).toEqual({
      code: '01',
      nameVi: 'Kinh',
      nameEn: 'Kinh',
    });
    expect((await app.inject('/api/v1/codes/castes')).statusCode).toBe(400);
  });

  it('documents the routes under the reference tag', () => {
    const paths = app.swagger().paths ?? {};
    const getUnit = paths['/api/v1/units/{code}']?.get;
    expect(getUnit?.tags).toEqual(['reference']);
    expect(Object.keys(getUnit?.responses ?? {})).toEqual(['200', '400', '404', '503']);
    expect(paths['/api/v1/units']?.get?.summary).toMatch(/^Units valid on a day/);
    expect(paths['/api/v1/codes/{list}']?.get?.tags).toEqual(['reference']);
  });
});

describe('reference routes before popreg init', () => {
  let t: TestDatabase;
  let app: HttpApp;
  beforeAll(async () => {
    t = await createReferenceDatabase();
    app = await appWith(new ReferenceService(t.db, () => TODAY));
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
  });

  it('answers 503 REFERENCE.NOT_LOADED', async () => {
    const res = await app.inject('/api/v1/units/01');
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('REFERENCE.NOT_LOADED');
  });
});

// HTTP edge of the reference module (mounted under /api/v1 by the caller). Handlers only delegate.
import type { HttpApp } from '../../http/types.ts';
import { codeListSchema, getUnitSchema, listUnitsSchema } from './reference.schemas.ts';
import type { ReferenceService } from './reference.service.ts';

export function registerReferenceRoutes(api: HttpApp, deps: { reference: ReferenceService }): void {
  const { reference } = deps;
  api.get('/units/:code', { schema: getUnitSchema }, (req) => reference.getUnit(req.params.code, req.query.on));
  api.get('/units', { schema: listUnitsSchema }, async (req) => ({ items: await reference.listUnits(req.query) }));
  api.get('/codes/:list', { schema: codeListSchema }, async (req) => ({
    list: req.params.list,
    items: await reference.codeList(req.params.list),
  }));
}

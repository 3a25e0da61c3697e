// HTTP routes of the quality scores: thin handlers over QualityService (which checks roles and jurisdiction).
import { contextOf } from '../../http/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import { QualityQuery, QualityReport, RefreshResult } from './quality.schemas.ts';
import type { QualityService } from './quality.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };

export function registerQualityRoutes(api: HttpApp, deps: { quality: QualityService }): void {
  const { quality } = deps;

  api.get(
    '/quality',
    {
      schema: {
        tags: ['quality'],
        summary:
          'Data-quality scores (correct, complete, clean, alive) of your jurisdiction or a unit in it, per province or commune, from the last computation (needs campaign.read)',
        querystring: QualityQuery,
        response: { 200: QualityReport, ...errors },
      },
    },
    async (req) => quality.report(contextOf(req), req.query),
  );

  api.post(
    '/quality/refresh',
    {
      schema: {
        tags: ['quality'],
        summary:
          'Recompute the scores of the whole country and store them (national administrators and provincial officers)',
        response: { 200: RefreshResult, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req) => quality.refresh(contextOf(req)),
  );
}

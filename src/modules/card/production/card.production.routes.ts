// HTTP routes of card production (batches, export, the centre's results), and through their own files the due
// list, the dashboard and the public verification routes. Thin handlers over CardProductionService.
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { contextOf } from '../../../http/context.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import type { Services } from '../../../services.ts';
import { registerCardDueRoutes } from '../due/card.due.routes.ts';
import { registerCardVerifyRoutes } from '../verify/card.verify.routes.ts';
import {
  BatchList,
  BatchListQuery,
  BatchParams,
  BatchView,
  CreateBatchBody,
  ImportSummary,
  ResultRowBody,
} from './card.production.schemas.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
/** A result file of 100,000 rows is about 3 MB as CSV. */
const MAX_RESULTS_BYTES = 64 * 1024 * 1024;

export function registerCardProductionRoutes(
  api: HttpApp,
  services: Pick<Services, 'cardProduction' | 'config'>,
): void {
  const svc = services.cardProduction;

  api.post(
    '/cards/batches',
    {
      schema: {
        tags: ['cards'],
        summary:
          'Build a production batch from the approved applications of your jurisdiction (optionally one province, given ids, a limit): number, MRZ, signed QR, data groups and SOD per card (card.produce)',
        body: CreateBatchBody,
        response: { 200: BatchView, ...errors, 409: ErrorBodySchema, 503: ErrorBodySchema },
      },
    },
    async (req) => svc.createBatch(contextOf(req), req.body),
  );

  api.get(
    '/cards/batches',
    {
      schema: {
        tags: ['cards'],
        summary: 'Production batches, newest first (card.produce; a provincial officer sees the province’s)',
        querystring: BatchListQuery,
        response: { 200: BatchList, ...errors },
      },
    },
    async (req) => ({ items: await svc.listBatches(contextOf(req), req.query) }),
  );

  api.get(
    '/cards/batches/:id',
    {
      schema: {
        tags: ['cards'],
        summary: 'One production batch with its counts',
        params: BatchParams,
        response: { 200: BatchView, ...errors },
      },
    },
    async (req) => svc.batch(contextOf(req), req.params.id),
  );

  api.get(
    '/cards/batches/:id/export',
    {
      schema: {
        tags: ['cards'],
        summary:
          'The batch for the personalisation centre as NDJSON, one card per line: id, applicationId, number, mrz, qr, sod (base64 DER), dataGroups (base64), printed (audited; marks the batch exported)',
        params: BatchParams,
        produces: ['application/x-ndjson'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      await svc.batch(ctx, req.params.id);
      const records = svc.exportBatch(ctx, req.params.id);
      const lines = (async function* () {
        for await (const { photoJpeg: _photo, ...record } of records) yield `${JSON.stringify(record)}\n`;
      })();
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="batch-${req.params.id}.ndjson"`)
        .send(Readable.from(lines) as unknown as string);
    },
  );

  // The results route takes the centre's CSV as well as JSON, so it lives in a scope with a CSV body parser.
  void api.register(async (scope) => {
    const app = scope as unknown as HttpApp;
    app.addContentTypeParser(
      ['text/csv', 'application/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: MAX_RESULTS_BYTES },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/cards/batches/:id/results',
      {
        bodyLimit: MAX_RESULTS_BYTES,
        schema: {
          tags: ['cards'],
          summary:
            'Import the personalisation centre’s results for the batch: a JSON array [{applicationId, outcome: produced|failed, reason?}] or CSV applicationId,outcome,reason. Produced cards move on; failed ones keep the reason and their applications return to approved. All rows or none; a repeated import changes nothing',
          params: BatchParams,
          body: Type.Union([Type.Array(ResultRowBody, { maxItems: 1_000_000 }), Type.String()]),
          response: { 200: ImportSummary, ...errors },
        },
      },
      async (req) => {
        const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
        return svc.importResults(contextOf(req), text, req.params.id);
      },
    );
  });

  registerCardDueRoutes(api, svc.due);
  registerCardVerifyRoutes(api, svc.verify, services.config.security.loginRateLimit);
}

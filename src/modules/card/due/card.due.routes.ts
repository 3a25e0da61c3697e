// Routes of the due list and the cards dashboard: thin handlers over CardDueService (which checks card.read and
// the jurisdiction).
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { contextOf } from '../../../http/context.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import {
  Dashboard,
  DashboardQuery,
  DueList,
  DueMonths,
  DueMonthsQuery,
  DueQuery,
} from '../production/card.production.schemas.ts';
import type { CardDueService } from './card.due.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };

export function registerCardDueRoutes(api: HttpApp, due: CardDueService): void {
  api.get(
    '/cards/due',
    {
      schema: {
        tags: ['cards'],
        summary:
          'Who must get or renew a card by a date (default: within 30 days, the overdue included), in your jurisdiction or a unit of it; JSON pages or the whole list as CSV with format=csv (audited)',
        querystring: DueQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: Type.Union([DueList, Type.String({ description: 'CSV with format=csv' })]), ...errors },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      if (req.query.format !== 'csv') return due.list(ctx, req.query);
      const lines = due.csv(ctx, { by: req.query.by, unit: req.query.unit });
      // The first line is read before answering, so a refusal is still an error status, not a broken download.
      const first = await lines.next();
      const rest = (async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="cards-due.csv"')
        .send(Readable.from(rest) as unknown as string);
    },
  );

  api.get(
    '/cards/due/months',
    {
      schema: {
        tags: ['cards'],
        summary: 'Persons due a card per month up to a date (default a year ahead): the chart of the due list',
        querystring: DueMonthsQuery,
        response: { 200: DueMonths, ...errors },
      },
    },
    async (req) => due.months(contextOf(req), req.query),
  );

  api.get(
    '/cards/dashboard',
    {
      schema: {
        tags: ['cards'],
        summary:
          'Cards dashboard of your jurisdiction (or a province of it): applications by status, the production backlog and cards issued per province',
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errors },
      },
    },
    async (req) => due.dashboard(contextOf(req), req.query),
  );
}

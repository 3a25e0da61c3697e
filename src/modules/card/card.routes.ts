// HTTP routes of card applications and the life of a card: thin handlers over CardService, which checks the
// card permissions and the holder's jurisdiction, and audits.
import { Type } from 'typebox';
import { contextOf } from '../../http/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import {
  ApplicationList,
  ApplicationQuery,
  ApplicationView,
  ApplyBody,
  CardList,
  CardQuery,
  CardView,
  IdParams,
  OptionalReasonBody,
  ReasonBody,
  RevokeBody,
} from './card.schemas.ts';
import type { CardService } from './card.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const writeErrors = { ...errors, 409: ErrorBodySchema, 422: ErrorBodySchema };
const tags = ['cards'];

/** The steps of a card's life that take an optional reason, with what each does. */
const STEPS = {
  deliver: 'The produced card has arrived at the place of receipt',
  issue: 'Hand the card over: it becomes active, the card held before is withdrawn, the card joins the person record',
  lost: 'Loss report: the card is locked (on the status list) until found or replaced',
  lock: 'Lock the card (on the status list)',
  unlock: 'Unlock a locked card',
  retain: 'Retain the card (holder detained or in a compulsory facility)',
  return: 'Return a retained card',
} as const;

export function registerCardRoutes(api: HttpApp, deps: { cards: CardService }): void {
  const { cards } = deps;

  api.post(
    '/cards/applications',
    {
      schema: {
        tags,
        summary:
          'Receive an application (first card, renewal, change, reissue); photo from age 6, representative under 14',
        body: ApplyBody,
        response: { 201: ApplicationView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await cards.apply(contextOf(req), req.body)),
  );

  api.get(
    '/cards/applications',
    {
      schema: {
        tags,
        summary: 'Applications in your jurisdiction, newest first',
        querystring: ApplicationQuery,
        response: { 200: ApplicationList, ...errors },
      },
    },
    async (req) => cards.listApplications(contextOf(req), req.query),
  );

  api.get(
    '/cards/applications/:id',
    {
      schema: { tags, summary: 'One application', params: IdParams, response: { 200: ApplicationView, ...errors } },
    },
    async (req) => cards.getApplication(contextOf(req), req.params.id),
  );

  api.post(
    '/cards/applications/:id/approve',
    {
      schema: {
        tags,
        summary: "Approve: the data to print is taken from the person's record now",
        params: IdParams,
        response: { 200: ApplicationView, ...writeErrors },
      },
    },
    async (req) => cards.approve(contextOf(req), req.params.id),
  );

  for (const verb of ['refuse', 'cancel'] as const) {
    api.post(
      `/cards/applications/:id/${verb}`,
      {
        schema: {
          tags,
          summary: verb === 'refuse' ? 'Refuse a received application, with the reason' : 'Cancel an application',
          params: IdParams,
          body: ReasonBody,
          response: { 200: ApplicationView, ...writeErrors },
        },
      },
      async (req) => cards[verb](contextOf(req), req.params.id, req.body.reason),
    );
  }

  api.get(
    '/cards',
    {
      schema: {
        tags,
        summary: 'The cards of a person',
        querystring: CardQuery,
        response: { 200: CardList, ...errors },
      },
    },
    async (req) => cards.cardsOf(contextOf(req), req.query.pin),
  );

  api.get(
    '/cards/:id',
    {
      schema: {
        tags,
        summary: 'One card with its printed data',
        params: IdParams,
        response: { 200: CardView, ...errors },
      },
    },
    async (req) => cards.getCard(contextOf(req), req.params.id),
  );

  for (const side of ['front', 'back'] as const) {
    api.get(
      `/cards/:id/${side}.svg`,
      {
        schema: {
          tags,
          summary: `The ${side} of the card as SVG`,
          params: IdParams,
          response: { 200: Type.String({ description: 'image/svg+xml' }), ...errors },
        },
      },
      async (req, reply) => reply.type('image/svg+xml').send(await cards.cardSvg(contextOf(req), req.params.id, side)),
    );
  }

  for (const [step, summary] of Object.entries(STEPS) as [keyof typeof STEPS, string][]) {
    api.post(
      `/cards/:id/${step}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Optional(OptionalReasonBody),
          response: { 200: CardView, ...writeErrors },
        },
      },
      async (req) => cards.step(contextOf(req), req.params.id, step, req.body?.reason),
    );
  }

  api.post(
    '/cards/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke the card: nationality lost, issued in violation, or altered (Law 26/2023 Art 29)',
        params: IdParams,
        body: RevokeBody,
        response: { 200: CardView, ...writeErrors },
      },
    },
    async (req) => cards.revoke(contextOf(req), req.params.id, req.body),
  );
}

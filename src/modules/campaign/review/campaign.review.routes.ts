// HTTP routes of the review workflow: thin handlers over CampaignReviewService. The ballot's version is its
// ETag; a transition or correction may send If-Match with it (412 when stale).
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { contextOf, etagOf, ifMatchVersion } from '../../../http/context.ts';
import { ErrorBodySchema } from '../../../http/schemas.ts';
import type { HttpApp } from '../../../http/types.ts';
import {
  BallotDetail,
  BallotList,
  BallotListQuery,
  BallotParams,
  BulkBody,
  BulkReport,
  CampaignList,
  CampaignParams,
  CorrectionBody,
  TransitionBody,
} from '../campaign.schemas.ts';
import type { CampaignReviewService } from './campaign.review.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const writeErrors = { ...errors, 409: ErrorBodySchema, 412: ErrorBodySchema };

/** A ballot answer with its version as the ETag, for the next If-Match. */
function withEtag<T extends { ballot: { version: number } }>(reply: FastifyReply, d: T): T {
  void reply.header('etag', etagOf(d.ballot.version));
  return d;
}

export function registerCampaignReviewRoutes(api: HttpApp, deps: { campaignReview: CampaignReviewService }): void {
  const review = deps.campaignReview;

  api.get(
    '/campaigns',
    {
      schema: {
        tags: ['campaign'],
        summary: 'Collection campaigns',
        response: { 200: CampaignList, ...errors },
      },
    },
    async (req) => ({ items: await review.listCampaigns(contextOf(req)) }),
  );

  api.get(
    '/campaigns/:code/ballots',
    {
      schema: {
        tags: ['campaign'],
        summary: "Ballots for review in the reader's jurisdiction, by status, unit, import job or warnings",
        params: CampaignParams,
        querystring: BallotListQuery,
        response: { 200: BallotList, ...errors },
      },
    },
    async (req) => review.list(contextOf(req), req.params.code, req.query),
  );

  api.get(
    '/campaigns/:code/ballots/:id/review',
    {
      schema: {
        tags: ['campaign'],
        summary: 'A ballot for its reviewer: issues, transitions, registry values now vs declared, allowed actions',
        params: BallotParams,
        response: { 200: BallotDetail, ...errors },
      },
    },
    async (req, reply) => withEtag(reply, await review.detail(contextOf(req), req.params.code, req.params.id)),
  );

  api.post(
    '/campaigns/:code/ballots/:id/transitions',
    {
      schema: {
        tags: ['campaign'],
        summary: 'Check, verify, approve (applies the ballot to the registry), return or reject one ballot',
        params: BallotParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: TransitionBody,
        response: { 200: BallotDetail, ...writeErrors },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await review.transition(contextOf(req), req.params.code, req.params.id, req.body, ifMatchVersion(req)),
      ),
  );

  api.patch(
    '/campaigns/:code/ballots/:id',
    {
      schema: {
        tags: ['campaign'],
        summary: 'Correct a returned ballot: the values are checked again and the ballot goes back to collected',
        params: BallotParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: CorrectionBody,
        response: { 200: BallotDetail, ...writeErrors },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await review.correct(contextOf(req), req.params.code, req.params.id, req.body.values, ifMatchVersion(req)),
      ),
  );

  api.post(
    '/campaigns/:code/review',
    {
      schema: {
        tags: ['campaign'],
        summary:
          'Apply one review action to every eligible ballot of an import job, a unit or a list of ids in your jurisdiction',
        params: CampaignParams,
        body: BulkBody,
        response: { 200: BulkReport, ...writeErrors },
      },
    },
    async (req) => review.bulk(contextOf(req), req.params.code, req.body),
  );
}

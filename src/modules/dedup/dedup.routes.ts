// HTTP routes of record linkage in the registry: thin handlers over DedupService, which checks the dedup.review
// permission and the jurisdiction (a pair, a decision, a merge and its undoing need both persons in it), and audits.
import { contextOf } from '../../http/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import {
  DecisionBody,
  DecisionResult,
  LatestRun,
  MergeBody,
  MergeIdParams,
  MergeView,
  PairDetail,
  PairIdParams,
  PairList,
  PairQuery,
  PrecisionView,
} from './dedup.schemas.ts';
import type { DedupService } from './dedup.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const writeErrors = { ...errors, 409: ErrorBodySchema, 412: ErrorBodySchema, 422: ErrorBodySchema };

export function registerDedupRoutes(api: HttpApp, deps: { dedup: DedupService }): void {
  const { dedup } = deps;

  api.get(
    '/dedup/status',
    {
      schema: {
        tags: ['dedup'],
        summary: 'The last batch deduplication run and the review queue per status',
        response: { 200: LatestRun, ...errors },
      },
    },
    async (req) => dedup.status(contextOf(req)),
  );

  api.get(
    '/dedup/pairs',
    {
      schema: {
        tags: ['dedup'],
        summary:
          'Review queue: pairs of possible duplicates whose two persons are in your jurisdiction, most probable first; and your persons with a possible duplicate referred to a higher level (no other detail)',
        querystring: PairQuery,
        response: { 200: PairList, ...errors },
      },
    },
    async (req) => dedup.listPairs(contextOf(req), req.query),
  );

  api.get(
    '/dedup/pairs/:id',
    {
      schema: {
        tags: ['dedup'],
        summary:
          'Both persons side by side with the per-field evidence, for an actor covering both (reads of both persons are audited); covering one: 403 DEDUP.PAIR_REFERRED',
        params: PairIdParams,
        response: { 200: PairDetail, ...errors },
      },
    },
    async (req) => dedup.getPair(contextOf(req), req.params.id),
  );

  api.post(
    '/dedup/pairs/:id/decision',
    {
      schema: {
        tags: ['dedup'],
        summary:
          "Decide a pair: 'same' person (optionally merging now) or 'different' people (remembered until either changes)",
        params: PairIdParams,
        body: DecisionBody,
        response: { 200: DecisionResult, ...writeErrors },
      },
    },
    async (req) => dedup.decide(contextOf(req), req.params.id, req.body),
  );

  api.post(
    '/dedup/merges',
    {
      schema: {
        tags: ['dedup'],
        summary:
          'Merge two persons: the survivor keeps its PIN, the other PIN becomes an alias, relations and history follow',
        body: MergeBody,
        response: { 201: MergeView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await dedup.merge(contextOf(req), req.body)),
  );

  api.get(
    '/dedup/merges/:id',
    {
      schema: {
        tags: ['dedup'],
        summary: 'One merge: who, when, which PINs, which relations it re-pointed, and whether it was undone',
        params: MergeIdParams,
        response: { 200: MergeView, ...errors },
      },
    },
    async (req) => dedup.getMerge(contextOf(req), req.params.id),
  );

  api.post(
    '/dedup/merges/:id/undo',
    {
      schema: {
        tags: ['dedup'],
        summary:
          'Undo a merge: both persons, their PINs, relations and histories as before (refused when they changed since)',
        params: MergeIdParams,
        response: { 200: MergeView, ...writeErrors },
      },
    },
    async (req) => dedup.unmerge(contextOf(req), req.params.id),
  );

  api.get(
    '/dedup/precision',
    {
      schema: {
        tags: ['dedup'],
        summary: "Reviewers' decisions per probability band: precision with a Wilson 95% interval",
        response: { 200: PrecisionView, ...errors },
      },
    },
    async (req) => dedup.precision(contextOf(req)),
  );
}

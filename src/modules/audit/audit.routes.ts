// HTTP routes of the audit trail: thin handlers over AuditService (which checks the audit.read permission).
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../domain/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import { AuditSearchQuery, AuditSearchResult, VerifyReport } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };

export function registerAuditRoutes(
  api: HttpApp,
  deps: { audit: AuditService },
  contextOf: (req: FastifyRequest) => RequestContext,
): void {
  const { audit } = deps;

  api.get(
    '/audit',
    {
      config: { scope: 'audit' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first (needs audit.read; the search itself is audited)',
        querystring: AuditSearchQuery,
        response: { 200: AuditSearchResult, ...errors },
      },
    },
    async (req) => audit.search(contextOf(req), req.query),
  );

  api.get(
    '/audit/verify',
    {
      config: { scope: 'audit' },
      schema: {
        tags: ['audit'],
        summary: 'Check the hash chain end to end and name the first entry that breaks it (needs audit.read)',
        response: { 200: VerifyReport, ...errors },
      },
    },
    async (req) => audit.verifyAs(contextOf(req)),
  );
}

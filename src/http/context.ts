// Builds the request context (who is acting) and parses concurrency headers.
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../domain/context.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';

/** The authenticated context of a request (set by the auth hook in src/http/auth.ts). */
export function contextOf(req: FastifyRequest): RequestContext {
  if (!req.ctx) throw new DomainError('AUTH.UNAUTHENTICATED', 'sign in first');
  return req.ctx;
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Parses If-Match (`"3"` or `W/"3"`) to a version; undefined when absent. */
export function ifMatchVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(raw).trim());
  if (!m) {
    throw new ValidationError([
      { field: 'If-Match', rule: 'header.format', message: 'must be the ETag of the person, e.g. "3"', value: raw },
    ]);
  }
  return Number(m[1]);
}

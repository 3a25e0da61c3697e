// Authentication of every API request: a bearer token (API clients, CLI) or the session cookie (web) with a CSRF
// header on state-changing requests. Routes marked `config: { public: true }`, health checks, the docs and the web
// application's static files are open. The resolved actor becomes the request's context.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import type { AccessService } from '../modules/access/access.service.ts';
import type { HttpApp } from './types.ts';

export const SESSION_COOKIE = 'popreg_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without authentication (login, public verification). */
    public?: boolean;
    /** Reachable by a national administrator's session that must still enrol TOTP. */
    allowDuringTotpEnrolment?: boolean;
  }
}

export interface AuthOptions {
  access: AccessService;
  /** Send the cookie only over HTTPS (production behind TLS). */
  secureCookies: boolean;
  /** Login attempts per minute per client address (account lockout is the main defence). */
  loginRateLimit: number;
}

function unauthenticated(message: string): DomainError {
  return new DomainError('AUTH.UNAUTHENTICATED', message);
}

function purposeOf(req: FastifyRequest): string | undefined {
  const p = req.headers['x-purpose'];
  return typeof p === 'string' && p.length > 0 ? p.slice(0, 200) : undefined;
}

export async function registerAuth(app: HttpApp, opts: AuthOptions): Promise<void> {
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  app.decorateRequest('ctx', undefined);
  app.addHook('onRoute', (route) => {
    if (route.url.endsWith('/auth/login')) {
      route.config = {
        ...(route.config ?? {}),
        rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' },
      } as never;
    }
  });
  app.addHook('onRequest', async (req) => {
    const url = req.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || url.startsWith('/api/openapi.json')) return;
    if (req.routeOptions.config?.public) return;
    const client = req.ip;
    const purpose = purposeOf(req);
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!m) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      const actor = await opts.access.resolveBearer(m[1]);
      req.ctx = { actor, client, ...(purpose ? { purpose } : {}) };
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw unauthenticated('sign in first (session cookie or bearer token)');
    const resolved = await opts.access.resolveSession(token);
    if (resolved.session.mustEnrollTotp && !req.routeOptions.config?.allowDuringTotpEnrolment) {
      throw new DomainError('AUTH.FORBIDDEN', 'enrol a second factor (TOTP) first', { mustEnrollTotp: true });
    }
    if (!SAFE_METHODS.has(req.method)) {
      const given = req.headers['x-csrf-token'];
      opts.access.assertCsrf(resolved.session, typeof given === 'string' ? given : undefined);
    }
    req.ctx = { actor: resolved.actor, client, ...(purpose ? { purpose } : {}) };
  });
}

export function sessionTokenOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}

export function setSessionCookie(secure: boolean) {
  return (reply: FastifyReply, token: string, expiresAt: string): void => {
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/',
      expires: new Date(expiresAt),
    });
  };
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

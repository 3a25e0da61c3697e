// Authentication of every request: a bearer token (API clients, CLI) or the session cookie (web) with a CSRF
// header on state-changing requests. Whether a route is open is decided by its own configuration
// (`config: { public: true }`: login, health checks, the docs, the web application's files), never by its URL:
// the router matches the decoded path, so a test on the raw URL is bypassed by encoding it (`/%61pi/v1/…`).
// Bearer tokens act only within their scopes. Login is rate-limited per client address and per user name.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest, onRequestHookHandler, preValidationHookHandler } from 'fastify';
import type { RequestContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { scopeMissing } from '../modules/access/access.errors.ts';
import type { AccessService, BearerAuth } from '../modules/access/access.service.ts';
import type { TokenScope } from '../modules/access/access.types.ts';
import type { HttpApp } from './types.ts';

export const SESSION_COOKIE = 'popreg_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MINUTE_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext | undefined;
    /** The bearer token of the request, when authenticated by one (its scopes bound what it may do). */
    bearer: BearerAuth | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without authentication (login, health, docs, the web application's files). */
    public?: boolean;
    /** Reachable by a national administrator's session that must still enrol TOTP. */
    allowDuringTotpEnrolment?: boolean;
    /** The scope a bearer token needs here; by default read for GET and HEAD, write for other methods. */
    scope?: TokenScope;
    /** Rate-limited as a login: per client address and per user name (the body's `username`). */
    loginLimited?: boolean;
  }
}

export interface AuthOptions {
  access: AccessService;
  /** Login attempts per minute per client address. */
  loginRateLimit: number;
  /** Login attempts per minute per user name, whatever the address (guessing from many addresses). */
  loginRateLimitPerUser: number;
}

function unauthenticated(message: string): DomainError {
  return new DomainError('AUTH.UNAUTHENTICATED', message);
}

function purposeOf(req: FastifyRequest): string | undefined {
  const p = req.headers['x-purpose'];
  return typeof p === 'string' && p.length > 0 ? p.slice(0, 200) : undefined;
}

/** The scope a bearer token needs for this request. */
export function requiredScope(req: FastifyRequest): TokenScope {
  return req.routeOptions.config?.scope ?? (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');
}

function loginUsername(body: unknown): string {
  const u = body !== null && typeof body === 'object' ? (body as { username?: unknown }).username : undefined;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 100) : '';
}

/** Two counters of login attempts: per client address (before the body is read), and per user name. */
async function loginLimiters(
  app: HttpApp,
  opts: AuthOptions,
): Promise<{ byAddress: onRequestHookHandler; byUser: preValidationHookHandler }> {
  await app.register(rateLimit, { global: false });
  const perAddress = app.createRateLimit({
    max: opts.loginRateLimit,
    timeWindow: MINUTE_MS,
    keyGenerator: (req) => `login-address:${req.ip}`,
  });
  const perUser = app.createRateLimit({
    max: opts.loginRateLimitPerUser,
    timeWindow: MINUTE_MS,
    keyGenerator: (req) => `login-user:${loginUsername(req.body)}`,
  });
  const check = async (
    req: FastifyRequest,
    reply: FastifyReply,
    limiter: typeof perAddress,
    what: 'address' | 'user',
  ): Promise<void> => {
    const r = await limiter(req);
    if (r.isAllowed || !r.isExceeded) return;
    void reply.header('retry-after', String(r.ttlInSeconds));
    throw new DomainError(
      'AUTH.RATE_LIMITED',
      `too many login attempts ${what === 'address' ? 'from this address' : 'for this user name'} (at most ${r.max} a minute): retry in ${r.ttlInSeconds} s`,
      { limit: what, max: r.max, retryAfter: r.ttlInSeconds },
    );
  };
  return {
    byAddress: async (req, reply) => check(req, reply, perAddress, 'address'),
    byUser: async (req, reply) => check(req, reply, perUser, 'user'),
  };
}

function addHook<T>(route: Record<string, unknown>, name: string, hook: T): void {
  const current = route[name];
  route[name] = current === undefined ? [hook] : Array.isArray(current) ? [...current, hook] : [current, hook];
}

export async function registerAuth(app: HttpApp, opts: AuthOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('ctx', undefined);
  app.decorateRequest('bearer', undefined);
  const limits = await loginLimiters(app, opts);
  // The limit hooks go into the route itself when it is declared, so they run whatever the plugin order.
  app.addHook('onRoute', (route) => {
    if (!route.config?.loginLimited) return;
    addHook(route as unknown as Record<string, unknown>, 'onRequest', limits.byAddress);
    addHook(route as unknown as Record<string, unknown>, 'preValidation', limits.byUser);
  });
  app.addHook('onRequest', async (req) => {
    // No route, no data: the not-found handler (which serves the web application's pages) needs no session.
    if (req.is404 || req.routeOptions.config?.public) return;
    const client = req.ip;
    const purpose = purposeOf(req);
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!m) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      const bearer = await opts.access.resolveBearerAuth(m[1]);
      const scope = requiredScope(req);
      if (!bearer.scopes.includes(scope)) throw scopeMissing(scope, bearer.scopes);
      req.bearer = bearer;
      req.ctx = { actor: bearer.actor, client, ...(purpose ? { purpose } : {}) };
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

/** Marks every route declared in a scope as public (the docs, the web application's files). */
export function markRoutesPublic(scope: HttpApp): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true } as typeof route.config;
  });
}

export function sessionTokenOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}

/**
 * Session cookie options: HttpOnly, SameSite=Strict, and Secure unless the server was explicitly told it runs on
 * plain HTTP on a loopback address (config `security.insecureLoopbackHttp`, `popreg serve --insecure-http`).
 */
function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/' };
}

export function setSessionCookie(secure: boolean) {
  return (reply: FastifyReply, token: string, expiresAt: string): void => {
    void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(secure), expires: new Date(expiresAt) });
  };
}

export function clearSessionCookie(secure: boolean) {
  return (reply: FastifyReply): void => {
    void reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
  };
}

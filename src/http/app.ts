// The app factory: a ready Fastify instance with every route, apart from `listen` (tests use inject()).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config.ts';
import type { Services } from '../services.ts';
import { markRoutesPublic, registerAuth } from './auth.ts';
import { errorHandler } from './errors.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { loggingOptions } from './logging.ts';
import { registerRoutes } from './routes.ts';
import type { HttpApp } from './types.ts';

export interface BuildAppOptions {
  services: Services;
  /** Pino options; request lines carry the route pattern and request id, never the URL (see logging.ts). */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ services, logger = false }: BuildAppOptions): Promise<HttpApp> {
  const app = Fastify({
    // Fastify's own lines log the full URL (query strings with names, birth dates, PINs): one line of ours instead.
    ...loggingOptions(logger),
    trustProxy: trustProxyOption(services.config.http.trustProxy),
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: {
        allErrors: true,
        verbose: true,
        discriminator: true,
        coerceTypes: 'array',
        removeAdditional: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  const webRoot = webDist();
  app.setNotFoundHandler((req, reply) => {
    // The web application routes in the browser: unknown non-API paths get its index page.
    if (webRoot && req.method === 'GET' && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html')) {
      return reply.sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}`, details: {} } });
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await registerAuth(app, {
    access: services.access,
    loginRateLimit: services.config.security.loginRateLimit,
    loginRateLimitPerUser: services.config.security.loginRateLimitPerUser,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'popreg API',
        version: '1',
        description:
          'National population registry. Every call needs a session (cookie from POST /api/v1/auth/login, plus the ' +
          '`x-csrf-token` header on changes) or `Authorization: Bearer <token>`. A token expires (default 90 days) ' +
          'and acts only within its scopes: `read` for GET and HEAD, `write` for other methods, `audit` for the ' +
          'audit trail (AUTH.SCOPE, 403, otherwise). Login is rate-limited per address and per user name (429). Errors are ' +
          '`{ "error": { "code", "message", "details" } }` (codes in docs/errors.md); updates need `If-Match` with ' +
          'the ETag of the last read (412 when stale).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'popreg_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  // The docs describe the API and hold no data: open, like the web application's files below.
  await app.register(async (docs) => {
    markRoutesPublic(docs as HttpApp);
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  registerHealthRoutes(app, services);
  await app.register(
    async (api) => {
      registerRoutes(api as HttpApp, services);
    },
    { prefix: '/api/v1' },
  );
  if (webRoot) {
    // decorateReply stays on the root so that the not-found handler can send index.html.
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    await app.register(async (files) => {
      markRoutesPublic(files as HttpApp);
      await files.register(fastifyStatic, {
        root: webRoot,
        prefix: '/',
        wildcard: false,
        index: ['index.html'],
        decorateReply: false,
      });
    });
  }
  await app.ready();
  return app;
}

/** The built web application (web/dist), when present. */
function webDist(): string | undefined {
  for (const rel of ['../../web/dist', '../../../web/dist']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/index.html`)) return dir;
  }
  return undefined;
}

/** Fastify's typings lack the hop count: a count n trusts the n nearest proxies, as a function. */
function trustProxyOption(t: TrustProxy): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_addr, hop) => hop < t : t;
}

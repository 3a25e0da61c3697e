// The app factory: a ready Fastify instance with every route, apart from `listen` (tests use inject()).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Services } from '../services.ts';
import { errorHandler } from './errors.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { registerRoutes } from './routes.ts';
import { ErrorBodySchema } from './schemas.ts';
import type { HttpApp } from './types.ts';

export interface BuildAppOptions {
  services: Services;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ services, logger = false }: BuildAppOptions): Promise<HttpApp> {
  const app = Fastify({
    logger,
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
  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}`, details: {} } });
  });
  app.addSchema(ErrorBodySchema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'popreg API',
        version: '1',
        description:
          'National population registry. Errors are `{ "error": { "code", "message", "details" } }`; ' +
          'updates need `If-Match` with the ETag of the last read (412 when stale).',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, services);
  await app.register(
    async (api) => {
      registerRoutes(api as HttpApp, services);
    },
    { prefix: '/api/v1' },
  );
  await app.ready();
  return app;
}

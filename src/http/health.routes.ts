import { ping } from '../db/connect.ts';
import type { Services } from '../services.ts';
import type { HttpApp } from './types.ts';

export function registerHealthRoutes(app: HttpApp, services: Services): void {
  app.get('/healthz', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
    try {
      await ping(services.db);
      return { status: 'ready' };
    } catch (err) {
      return reply.status(503).send({ status: 'not ready', reason: (err as Error).message });
    }
  });
}

// What the server logs about requests: one line per request with the route pattern (`/api/v1/persons/:pin`),
// method, status, duration and request id. Never the URL itself: query strings and path parameters hold names,
// birth dates and PINs, and a log is read by more people, and kept longer, than the registry's audit trail.
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

/** Shown instead of a route pattern when no route matched (the URL itself may hold personal data). */
const NO_ROUTE = '(no route)';

function routeOf(req: FastifyRequest): string {
  return req.routeOptions?.url ?? NO_ROUTE;
}

/**
 * Serializers for whatever logs a request, a reply or an error: the request id, method and route pattern only;
 * an error's name, code, message and stack, without the extra fields a database error carries (PostgreSQL's
 * `detail` quotes the conflicting values). Pino applies them to the `req`, `res` and `err` keys of any log call,
 * plugins' included.
 */
export const safeSerializers = {
  req: (req: FastifyRequest) => ({ id: req.id, method: req.method, route: routeOf(req) }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: (err: Error & { code?: unknown }) => ({
    type: err.name,
    message: err.message,
    stack: err.stack ?? '',
    ...(err.code !== undefined ? { code: err.code } : {}),
  }),
};

/** Fastify's request lines, replaced: none on arrival, one on completion, and no URL in the not-found line. */
class RouteLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: req.method,
      route: routeOf(req),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }

  override routeNotFound(req: FastifyRequest): void {
    req.log.info({ method: req.method, route: NO_ROUTE }, 'route not found');
  }
}

/** Fastify options for logging: the safe serializers and the one-line controller; `true` means level info. */
export function loggingOptions(
  logger: FastifyServerOptions['logger'],
): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  if (!logger) return { logger: false };
  const base = logger === true ? { level: 'info' } : logger;
  return {
    logger: { ...base, serializers: { ...(base.serializers ?? {}), ...safeSerializers } },
    logController: new RouteLogController(),
  };
}

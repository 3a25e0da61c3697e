// Every module's routes under /api/v1.
import { registerAccessRoutes } from '../modules/access/access.routes.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerReferenceRoutes } from '../modules/reference/reference.routes.ts';
import { registerRegistryRoutes } from '../modules/registry/registry.routes.ts';
import type { Services } from '../services.ts';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './auth.ts';
import { contextOf } from './context.ts';
import type { HttpApp } from './types.ts';

export function registerRoutes(api: HttpApp, services: Services): void {
  registerAccessRoutes(api, services, {
    contextOf,
    setSessionCookie: setSessionCookie(services.config.security.secureCookies),
    clearSessionCookie,
    sessionTokenOf,
  });
  registerAuditRoutes(api, services, contextOf);
  registerReferenceRoutes(api, services);
  registerRegistryRoutes(api, services);
}

// Every module's routes under /api/v1.
import { registerReferenceRoutes } from '../modules/reference/reference.routes.ts';
import { registerRegistryRoutes } from '../modules/registry/registry.routes.ts';
import type { Services } from '../services.ts';
import type { HttpApp } from './types.ts';

export function registerRoutes(api: HttpApp, services: Services): void {
  registerReferenceRoutes(api, services);
  registerRegistryRoutes(api, services);
}

// Every module's routes under /api/v1.
import type { Services } from '../services.ts';
import type { HttpApp } from './types.ts';

export function registerRoutes(_api: HttpApp, _services: Services): void {
  // modules register here
}

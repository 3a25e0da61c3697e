// Every module's routes under /api/v1.
import { registerAccessRoutes } from '../modules/access/access.routes.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerIntakeRoutes } from '../modules/campaign/intake/campaign.intake.routes.ts';
import { registerCampaignProgressRoutes } from '../modules/campaign/progress/campaign.progress.routes.ts';
import { registerCampaignReviewRoutes } from '../modules/campaign/review/campaign.review.routes.ts';
import { registerCardRoutes } from '../modules/card/card.routes.ts';
import { registerCardProductionRoutes } from '../modules/card/production/card.production.routes.ts';
import { registerDedupRoutes } from '../modules/dedup/dedup.routes.ts';
import { registerQualityRoutes } from '../modules/quality/quality.routes.ts';
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
    clearSessionCookie: clearSessionCookie(services.config.security.secureCookies),
    sessionTokenOf,
  });
  registerAuditRoutes(api, services, contextOf);
  registerReferenceRoutes(api, services);
  registerRegistryRoutes(api, services);
  registerIntakeRoutes(api, services);
  registerCampaignReviewRoutes(api, services);
  registerCampaignProgressRoutes(api, services);
  registerQualityRoutes(api, services);
  registerDedupRoutes(api, services);
  registerCardProductionRoutes(api, services);
  registerCardRoutes(api, services);
}

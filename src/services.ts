// The composition root: builds every service once from the database and the configuration.
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { AuditSink } from './domain/audit.ts';
import { createAccessService } from './modules/access/access.factory.ts';
import type { AccessService } from './modules/access/access.service.ts';
import type { AccessEvent } from './modules/access/access.types.ts';
import { auditKeyOptions } from './modules/audit/audit.key.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { CampaignImportService } from './modules/campaign/intake/campaign.import.service.ts';
import { CampaignProgressService } from './modules/campaign/progress/campaign.progress.service.ts';
import { intakeRevalidator } from './modules/campaign/review/campaign.review.revalidate.ts';
import { CampaignReviewService } from './modules/campaign/review/campaign.review.service.ts';
import { CardService } from './modules/card/card.service.ts';
import { CardProductionService } from './modules/card/production/card.production.service.ts';
import { DedupService } from './modules/dedup/dedup.service.ts';
import { QualityService } from './modules/quality/quality.service.ts';
import { ReferenceService } from './modules/reference/reference.service.ts';
import { RegistryService } from './modules/registry/registry.service.ts';

export interface Services {
  db: Db;
  config: Config;
  reference: ReferenceService;
  registry: RegistryService;
  access: AccessService;
  audit: AuditService;
  campaignReview: CampaignReviewService;
  campaignImport: CampaignImportService;
  campaignProgress: CampaignProgressService;
  quality: QualityService;
  dedup: DedupService;
  cards: CardService;
  cardProduction: CardProductionService;
}

export interface ServiceOptions {
  /** Replaces the random PIN serial source (tests force collisions with it). */
  pinSerial?: () => number;
  /** Replaces the audit sink of the registry (benchmarks measure reads without a trail). */
  registryAudit?: AuditSink;
  /** Now, for the access service (tests move time for lockouts and session expiry). */
  clock?: () => Date;
}

export function createServices(db: Db, config: Config, options: ServiceOptions = {}): Services {
  const reference = new ReferenceService(db, config.today);
  const audit = new AuditService(db, auditKeyOptions(config));
  const registry = new RegistryService({
    db,
    reference,
    audit: options.registryAudit ?? audit,
    today: config.today,
    serial: options.pinSerial,
  });
  const access = createAccessService(db, {
    reference,
    today: config.today,
    ...(options.clock ? { clock: options.clock } : {}),
    settings: {
      maxFailedLogins: config.security.maxFailedLogins,
      lockoutMinutes: config.security.lockoutMinutes,
      ...(config.security.secretKey ? { secretKey: config.security.secretKey } : {}),
    },
    onEvent: (e) => auditAccessEvent(audit, e),
  });
  const quality = new QualityService({ db, reference, audit, today: config.today });
  const campaignReview = new CampaignReviewService({
    db,
    audit,
    reference,
    today: config.today,
    serial: options.pinSerial,
    revalidate: intakeRevalidator(reference, config.today),
  });
  const campaignProgress = new CampaignProgressService({ db, audit, reference, today: config.today });
  const campaignImport = new CampaignImportService({ db, dbUrl: config.db, reference, audit, today: config.today });
  const dedup = new DedupService({ db, registry, reference, audit: options.registryAudit ?? audit });
  // Each registry write has its persons checked for duplicates afterwards; a failure there never fails the write.
  registry.onPersonsWritten((ids) => dedup.schedulePersonsCheck(ids));
  const cards = new CardService({ db, registry, audit, today: config.today });
  // A death, a declaration of missing or a new PIN revokes or locks the person's cards in the same transaction.
  registry.onLifeEventIn(cards.lifeEventListener);
  const cardProduction = new CardProductionService({
    db,
    registry,
    audit,
    keyDir: config.cards.keyDir,
    today: config.today,
  });
  return {
    db,
    config,
    reference,
    registry,
    access,
    audit,
    quality,
    campaignReview,
    campaignProgress,
    campaignImport,
    dedup,
    cards,
    cardProduction,
  };
}

/** Logins, lockouts and account changes go to the same trail as registry reads and writes. */
async function auditAccessEvent(audit: AuditSink, e: AccessEvent): Promise<void> {
  const outcome = e.type === 'login.failed' ? 'failed' : e.type === 'login.locked' ? 'denied' : 'ok';
  const action = e.type.startsWith('login') ? 'auth.login' : e.type === 'logout' ? 'auth.logout' : e.type;
  await audit.record(
    {
      actor: {
        id: e.actor ?? e.username,
        kind: e.actor === 'cli' || e.actor === 'system' ? 'system' : 'user',
        roles: [],
        jurisdiction: null,
      },
      client: e.client,
    },
    { action, outcome, details: { event: e.type, account: e.username, ...(e.details ?? {}) } },
  );
}

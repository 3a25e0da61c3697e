// The composition root: builds every service once from the database and the configuration.
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { type AuditSink, NO_AUDIT } from './domain/audit.ts';
import { ReferenceService } from './modules/reference/reference.service.ts';
import { RegistryService } from './modules/registry/registry.service.ts';

export interface Services {
  db: Db;
  config: Config;
  reference: ReferenceService;
  registry: RegistryService;
}

export interface ServiceOptions {
  /** The audit trail (until the audit module is wired, nothing is recorded). */
  audit?: AuditSink;
  /** Replaces the random PIN serial source (tests force collisions with it). */
  pinSerial?: () => number;
}

export function createServices(db: Db, config: Config, options: ServiceOptions = {}): Services {
  const reference = new ReferenceService(db, config.today);
  const registry = new RegistryService({ db, reference, audit: options.audit ?? NO_AUDIT, today: config.today, serial: options.pinSerial });
  return { db, config, reference, registry };
}

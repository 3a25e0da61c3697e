// Builds the AccessService from what the composition root has: the database, the reference catalog (to check
// jurisdictions) and configuration (the TOTP encryption key).
import type { Db } from '../../db/database.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import { AccessService, type AccessServiceOptions } from './access.service.ts';
import type { AccessSettings } from './access.types.ts';

/** A jurisdiction must be a unit valid today; the catalog is loaded on first use (after `popreg init`). */
export function unitExistsIn(reference: ReferenceService, today: () => string): (code: string) => Promise<boolean> {
  return async (code) => (await reference.catalog()).unitOn(code, today()) !== undefined;
}

export interface AccessFactoryOptions extends Omit<AccessServiceOptions, 'db' | 'settings'> {
  reference?: ReferenceService;
  today?: () => string;
  settings?: Partial<AccessSettings>;
}

export function createAccessService(db: Db, options: AccessFactoryOptions = {}): AccessService {
  const { reference, today, settings, ...rest } = options;
  const check = reference ? unitExistsIn(reference, today ?? (() => new Date().toISOString().slice(0, 10))) : undefined;
  return new AccessService({
    db,
    ...rest,
    settings: { ...(check ? { catalogUnitExists: check } : {}), ...settings },
  });
}

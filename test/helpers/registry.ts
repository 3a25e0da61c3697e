// A migrated test database with the reference data loaded, the services over it, and the HTTP app.

import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { cliContext } from '../../src/domain/context.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { createServices, type ServiceOptions, type Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_TODAY = '2026-06-01';

export interface RegistryFixture {
  t: TestDatabase;
  services: Services;
  app: HttpApp;
  /** A bearer token of the national administrator. */
  adminToken: string;
  /** The administrator's TOTP secret. */
  adminTotpSecret: string;
  /** app.inject as the national administrator (a URL string means GET). */
  inject(opts: string | InjectOptions): Promise<LightMyRequestResponse>;
  destroy(): Promise<void>;
}

export const ADMIN_PASSWORD = 'Quản-trị-viên-2026!';

export async function createRegistryFixture(
  options: ServiceOptions = {},
  today = TEST_TODAY,
  /** More configuration variables, e.g. POPREG_CARD_KEYS for the card signing keys. */
  env: Record<string, string> = {},
): Promise<RegistryFixture> {
  const t = await createTestDatabase();
  const config = loadConfig({ db: t.url }, { ...env, POPREG_TODAY: today });
  const services = createServices(t.db, config, options);
  await services.reference.load();
  const initial = await services.access.ensureInitialAdmin({ password: ADMIN_PASSWORD });
  const adminToken = (await services.access.createToken(cliContext(), 'tests', 'admin')).token;
  const app = await buildApp({ services });
  return {
    t,
    services,
    app,
    adminToken,
    adminTotpSecret: initial.totpSecret ?? '',
    inject(opts) {
      const o: InjectOptions = typeof opts === 'string' ? { method: 'GET', url: opts } : opts;
      return app.inject({ ...o, headers: { authorization: `Bearer ${adminToken}`, ...(o.headers ?? {}) } });
    },
    async destroy() {
      await app.close();
      await t.destroy();
    },
  };
}

/** A minimal valid birth registration in commune `unit` (a current commune code). */
export function birthBody(unit: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '2020-03-10',
    sex: 'M',
    birthRegistrationPlace: { unitCode: unit },
    ethnicity: '01',
    permanentResidence: { unitCode: unit, detail: 'Số 5, ngõ 12' },
    registeredOn: '2020-03-20',
    ...overrides,
  };
}

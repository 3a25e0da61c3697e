// A migrated test database with the reference data loaded, the services over it, and the HTTP app.
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { createServices, type ServiceOptions, type Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_TODAY = '2026-06-01';

export interface RegistryFixture {
  t: TestDatabase;
  services: Services;
  app: HttpApp;
  destroy(): Promise<void>;
}

export async function createRegistryFixture(
  options: ServiceOptions = {},
  today = TEST_TODAY,
): Promise<RegistryFixture> {
  const t = await createTestDatabase();
  const config = loadConfig({ db: t.url }, { POPREG_TODAY: today });
  const services = createServices(t.db, config, options);
  await services.reference.load();
  const app = await buildApp({ services });
  return {
    t,
    services,
    app,
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

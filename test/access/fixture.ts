// A migrated database with an AccessService on a clock the test moves, a hasher that counts its calls, and the
// events the service emitted.
import { authenticator } from 'otplib';
import type { RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { argon2Hasher, type PasswordHasher } from '../../src/modules/access/access.passwords.ts';
import { AccessService } from '../../src/modules/access/access.service.ts';
import type { AccessEvent, AccessSettings } from '../../src/modules/access/access.types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

export const ADMIN_CTX: RequestContext = {
  actor: { id: 'cli', kind: 'system', roles: ['national_admin'], jurisdiction: null },
  client: 'test',
};

export function userCtx(id: string, roles: Role[], jurisdiction: string | null = null): RequestContext {
  return { actor: { id, kind: 'user', roles, jurisdiction }, client: 'test' };
}

export interface CountingHasher extends PasswordHasher {
  hashes: number;
  verifies: number;
}

export function countingHasher(): CountingHasher {
  const h: CountingHasher = {
    hashes: 0,
    verifies: 0,
    hash: (p) => {
      h.hashes += 1;
      return argon2Hasher.hash(p);
    },
    verify: (hash, p) => {
      h.verifies += 1;
      return argon2Hasher.verify(hash, p);
    },
  };
  return h;
}

export interface AccessFixture {
  t: TestDatabase;
  access: AccessService;
  /** The service's "now"; tests move it. */
  clock: { now: number; advanceMinutes(m: number): void };
  hasher: CountingHasher;
  events: AccessEvent[];
  /** Known-unit check used for jurisdictions: every code listed here exists. */
  units: Set<string>;
  destroy(): Promise<void>;
}

export async function createAccessFixture(
  settings: Partial<AccessSettings> = {},
  start = Date.parse('2026-06-01T08:00:00Z'),
): Promise<AccessFixture> {
  const t = await createTestDatabase();
  const clock = {
    now: start,
    advanceMinutes(m: number) {
      clock.now += m * 60_000;
    },
  };
  const hasher = countingHasher();
  const events: AccessEvent[] = [];
  const units = new Set(['01', '79', '00004', '26734']);
  const access = new AccessService({
    db: t.db,
    clock: () => new Date(clock.now),
    hasher,
    onEvent: (e) => {
      events.push(e);
    },
    settings: { catalogUnitExists: (code) => units.has(code), ...settings },
  });
  return { t, access, clock, hasher, events, units, destroy: () => t.destroy() };
}

/** The TOTP code of a secret at a given instant (the service's clock, not the machine's). */
export function totpAt(secret: string, at: number): string {
  return authenticator.clone({ epoch: at }).generate(secret);
}

/** Every row of every table, as JSON text: to look for a secret stored in clear anywhere. */
export async function dumpDatabase(t: TestDatabase): Promise<string> {
  const tables = await t.db.introspection.getTables();
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await (t.db as any).selectFrom(table.name).selectAll().execute();
    parts.push(`${table.name}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

export const STRONG = 'correct horse battery staple';

// Set-up of the production, due-list and verification tests: the registry fixture with a card key directory of
// its own (a CA made an hour ago, since openssl judges certificates by the clock), card officers of provinces 38
// and 79, persons registered by the national administrator, and approved applications with a real JPEG photo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { initCardCa } from '../../src/modules/card/crypto/card.keys.ts';
import { birthBody, createRegistryFixture, type RegistryFixture, TEST_TODAY } from '../helpers/registry.ts';
import { IN_UNIT, photoJpeg, uniqueName } from './helpers.ts';

export { IN_PROVINCE, IN_UNIT, OUT_UNIT } from './helpers.ts';

export interface Res {
  status: number;
  body: any;
  raw: string;
  headers: Record<string, unknown>;
}

export interface ProductionWorld {
  f: RegistryFixture;
  keyDir: string;
  officer38: string;
  officer79: string;
  admin: string;
  as(token: string, opts: InjectOptions | string): Promise<Res>;
  person(unit: string, over?: Record<string, unknown>): Promise<string>;
  /** Applies for and approves a first card (as the administrator); returns the application id. */
  approved(pin: string, unit?: string, body?: Record<string, unknown>): Promise<number>;
  destroy(): Promise<void>;
}

async function token(f: RegistryFixture, username: string, role: Role, jurisdiction: string | null) {
  await f.services.access.createUser(cliContext(), {
    username,
    password: `mật-khẩu-rất-dài-${username}`,
    roles: [role],
    jurisdiction,
  });
  return (await f.services.access.createToken(cliContext(), 'cards', username)).token;
}

export async function createProductionWorld(today = TEST_TODAY): Promise<ProductionWorld> {
  const keyDir = mkdtempSync(join(tmpdir(), 'popreg-card-keys-'));
  await initCardCa(keyDir, new Date(Date.now() - 3_600_000));
  const f = await createRegistryFixture({}, today, { POPREG_CARD_KEYS: keyDir });
  const as = async (tok: string, o: InjectOptions | string): Promise<Res> => {
    const opts: InjectOptions = typeof o === 'string' ? { method: 'GET', url: o } : o;
    const r = await f.app.inject({ ...opts, headers: { authorization: `Bearer ${tok}`, ...(opts.headers ?? {}) } });
    const json = (r.headers['content-type'] ?? '').toString().startsWith('application/json');
    return { status: r.statusCode, body: json ? r.json() : r.body, raw: r.body, headers: r.headers };
  };
  const w: ProductionWorld = {
    f,
    keyDir,
    officer38: await token(f, 'p.38', 'card_officer', '38'),
    officer79: await token(f, 'p.79', 'card_officer', '79'),
    admin: f.adminToken,
    as,
    async person(unit, over = {}) {
      const dob = (over.dateOfBirth as string | undefined) ?? '1990-05-01';
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(unit, {
          fullName: uniqueName('Lê Thị'),
          dateOfBirth: dob,
          registeredOn: dob,
          sex: 'F',
          ...over,
        }),
      });
      if (r.statusCode !== 201) throw new Error(`birth in ${unit}: ${r.statusCode} ${r.body}`);
      return r.json().pin as string;
    },
    async approved(pin, unit = IN_UNIT, body = {}) {
      const a = await as(w.admin, {
        method: 'POST',
        url: '/api/v1/cards/applications',
        payload: { pin, reason: 'first', receivedUnit: unit, photo: photoJpeg(), ...body },
      });
      if (a.status !== 201) throw new Error(`apply for ${pin}: ${a.status} ${a.raw}`);
      const ok = await as(w.admin, {
        method: 'POST',
        url: `/api/v1/cards/applications/${a.body.id}/approve`,
        payload: {},
      });
      if (ok.status !== 200) throw new Error(`approve ${a.body.id}: ${ok.status} ${ok.raw}`);
      return a.body.id as number;
    },
    async destroy() {
      await f.destroy();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
  return w;
}

export function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'latin1' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Runs `popreg` in a child process (the real command line), with the world's key directory and today. */
export function popreg(
  args: string[],
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, POPREG_TODAY: TEST_TODAY, ...env },
    maxBuffer: 50_000_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

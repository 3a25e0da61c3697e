// Runs the officer web application for browser tests: builds it when its sources are newer than web/dist, serves
// it from the real server (buildApp + createServices) on a fresh database holding a small generated province,
// creates the officers, and drives Debian's Chromium through playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authenticator } from 'otplib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { NO_AUDIT } from '../../src/domain/audit.ts';
import { cliContext, type RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpApp } from '../../src/http/types.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import { RegistryService } from '../../src/modules/registry/registry.service.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/** The registry's "today": fixed, so generated ages and the dates below never drift. */
export const TODAY = '2026-06-01';
/** The person's past changes, and a day between them and the registration (their date of birth). */
export const MOVE_DATE = '2025-09-01';
export const NAME_CHANGE_DATE = '2025-03-15';
export const BEFORE_CHANGES = '2025-02-15';

const PROVINCE = '40';
const PEOPLE = 300;
const PASSWORD = 'Mật-khẩu-thử-2026';

export interface Account {
  username: string;
  password: string;
  displayName: string;
  /** National administrators sign in with a TOTP code from this secret. */
  totpSecret?: string;
}

export interface Harness {
  baseUrl: string;
  fixture: RegistryFixture;
  /** The commune the officer works in (current 5-digit code). */
  commune: string;
  /** A person of that commune with a name change and a move in the past. */
  inside: { pin: string; oldName: string; newName: string; newAddress: string };
  /** A person of another commune of the same province. */
  outside: { pin: string; name: string };
  officer: Account;
  auditor: Account;
  viewer: Account;
  admin: Account;
  /** A page in a new browser context: no cookies, no storage, a laptop-sized window. */
  newPage(): Promise<Page>;
  /** Errors thrown by page scripts, for the tests to assert there were none. */
  pageErrors: string[];
  url(path: string): string;
  screenshot(page: Page, name: string): Promise<string>;
  totp(account: Account): string;
  close(): Promise<void>;
}

/** Fails with a clear message rather than skipping: the browser tests are part of the suite. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests need Debian's chromium package ` +
        '(apt-get update && apt-get install -y chromium; .ci/run installs it).',
    );
  }
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds web/dist once when it is missing or older than anything it is built from. */
export function ensureWebBuild(): void {
  const index = join(ROOT, 'web', 'dist', 'index.html');
  // The app also imports these shared, pure modules of the server.
  const sources = [
    'web/src',
    'web/index.html',
    'web/vite.config.ts',
    'src/domain/roles.ts',
    'src/domain/dc01.ts',
    'src/domain/names.ts',
  ].map((p) => join(ROOT, p));
  const newestSource = Math.max(...sources.filter((p) => existsSync(p)).map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return;
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 300_000,
    });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`building the web app failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

function actorContext(roles: Role[], jurisdiction: string | null): RequestContext {
  return { actor: { id: 'harness', kind: 'user', roles, jurisdiction }, client: 'harness' };
}

/** Picks a commune and two adults, in it and outside it, that the registry places as the tests expect. */
async function choosePersons(f: RegistryFixture) {
  const rows = await f.t.db
    .selectFrom('person')
    .select(['pin', 'full_name', 'res_unit', 'dob', 'sex'])
    .where('status', '=', 'alive')
    .where('res_unit', 'is not', null)
    .where('dob', '<', '2000')
    .orderBy('id')
    .execute();
  const byCommune = new Map<string, typeof rows>();
  for (const r of rows) byCommune.set(r.res_unit!, [...(byCommune.get(r.res_unit!) ?? []), r]);
  const communes = [...byCommune.entries()].sort((a, b) => b[1].length - a[1].length);
  const [commune, people] = communes[0] ?? [];
  const other = communes.find(([c]) => c !== commune)?.[1][0];
  if (!commune || !people?.length || !other) throw new Error('the generated province has too few communes');
  // Checked without a trail, so that the audit search shows only what the officers did.
  const registry = new RegistryService({
    db: f.t.db,
    reference: f.services.reference,
    audit: NO_AUDIT,
    today: f.services.config.today,
  });
  const officer = actorContext(['commune_officer'], commune);
  for (const p of people) {
    // The one whose permanent residence puts them in the commune (the jurisdiction rule), not only a current place.
    const ok = await registry.getPerson(officer, p.pin).then(
      () => true,
      () => false,
    );
    if (ok) {
      const refused = await registry.getPerson(officer, other.pin).then(
        () => false,
        () => true,
      );
      if (!refused) throw new Error(`the officer of ${commune} may read ${other.pin}, who lives elsewhere`);
      return { commune, person: p, other };
    }
  }
  throw new Error(`no person of commune ${commune} is readable by its officer`);
}

/** Gives the person a past: a name change, then a move within the commune. */
async function addPast(f: RegistryFixture, pin: string, commune: string, fullName: string, sex: string) {
  const family = fullName.split(' ')[0] ?? 'Nguyễn';
  const newName = `${family} ${sex === 'F' ? 'Thị Ngọc Diễm' : 'Quốc Hưng'}`;
  const newAddress = 'Số 27, đường Phan Bội Châu';
  const ctx = cliContext();
  await f.services.registry.recordEvent(
    ctx,
    pin,
    {
      type: 'name_change',
      fullName: newName,
      date: NAME_CHANGE_DATE,
      reason: 'Quyết định cho phép thay đổi họ, chữ đệm, tên',
      sourceDocument: '27/QĐ-UBND',
    },
    undefined,
  );
  await f.services.registry.recordEvent(
    ctx,
    pin,
    {
      type: 'move',
      residence: 'permanent',
      to: { unitCode: commune, detail: newAddress, since: MOVE_DATE },
      date: MOVE_DATE,
      reason: 'Đăng ký thường trú tại chỗ ở mới',
    },
    undefined,
  );
  return { newName, newAddress };
}

async function createAccount(
  f: RegistryFixture,
  username: string,
  displayName: string,
  roles: Role[],
  jurisdiction: string | null,
): Promise<Account> {
  const made = await f.services.access.createUser(cliContext(), {
    username,
    displayName,
    password: PASSWORD,
    roles,
    jurisdiction,
  });
  return { username, password: PASSWORD, displayName, ...(made.totp ? { totpSecret: made.totp.secret } : {}) };
}

/** `env`: more configuration variables for the server (e.g. POPREG_CARD_KEYS). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  requireChromium();
  // Before the app is built: buildApp serves web/dist only when it exists.
  ensureWebBuild();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const fixture = await createRegistryFixture({}, TODAY, env);
  const dir = mkdtempSync(join(tmpdir(), 'popreg-browser-'));
  let browser: Browser | undefined;
  let served: HttpApp | undefined;
  try {
    const file = join(dir, 'ballots.csv');
    await writePopulation({
      people: PEOPLE,
      province: PROVINCE,
      seed: 5,
      duplicates: 0,
      errors: 0,
      out: file,
      today: TODAY,
      threads: 1,
    });
    await loadBallotFile(fixture.services.registry, cliContext(), file, { batchSize: 500 });
    const { commune, person, other } = await choosePersons(fixture);
    const past = await addPast(fixture, person.pin, commune, person.full_name, person.sex);

    const officer = await createAccount(fixture, 'canbo.xa', 'Trần Thị Lan', ['commune_officer'], commune);
    const auditor = await createAccount(fixture, 'kiemtoan', 'Lê Văn Kiểm', ['auditor'], null);
    const viewer = await createAccount(fixture, 'nguoixem', 'Phạm Minh Xem', ['viewer'], PROVINCE);
    const admin = await createAccount(fixture, 'quantri', 'Hoàng Quản Trị', ['national_admin'], null);

    // The browser reaches the server over plain HTTP on 127.0.0.1: say so explicitly, as `popreg serve
    // --insecure-http` does, so that session cookies go without Secure (every other server sends Secure).
    const config = loadConfig({ db: fixture.t.url, insecureHttp: true }, { ...env, POPREG_TODAY: TODAY });
    served = await buildApp({ services: { ...fixture.services, config } });
    await served.listen({ host: '127.0.0.1', port: 0 });
    const { port } = served.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const pageErrors: string[] = [];
    const b = browser;
    return {
      baseUrl,
      fixture,
      commune,
      inside: { pin: person.pin, oldName: person.full_name, ...past },
      outside: { pin: other.pin, name: other.full_name },
      officer,
      auditor,
      viewer,
      admin,
      pageErrors,
      async newPage() {
        const context = await b.newContext({
          viewport: { width: 1366, height: 800 },
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
        });
        const page = await context.newPage();
        // Generous: the suite runs other heavy test files on the same cores at the same time.
        page.setDefaultTimeout(30_000);
        page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
        page.on('console', (m) => {
          // Refused requests (403, 401) are expected and logged by the browser itself; script errors are not.
          if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
            pageErrors.push(`${page.url()}: ${m.text()}`);
          }
        });
        return page;
      },
      url: (path) => `${baseUrl}${path}`,
      async screenshot(page, name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      totp: (account) => authenticator.generate(account.totpSecret ?? ''),
      async close() {
        await b.close();
        await served?.close();
        await fixture.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await served?.close();
    await fixture.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

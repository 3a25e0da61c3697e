// The README's first command as a new user runs it: `popreg demo` on a fresh database, in a fresh folder, must
// generate and load a province, seed the campaign, and then serve: /healthz answers and a demo officer signs in
// and finds persons of their commune.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, TEST_DIALECT } from '../helpers/db.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 150_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`popreg demo exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`popreg demo did not answer /healthz in time:\n${output()}`);
}

describe(`popreg demo on a fresh ${TEST_DIALECT} database`, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'popreg-demo-'));
  let child: ChildProcess | undefined;
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    child?.kill('SIGTERM');
    await drop?.();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('creates the audit and card keys, loads the province, serves, and lets the commune and card officers in', async () => {
    const db = await createEmptyDatabase();
    drop = db.drop;
    const port = await freePort();
    let out = '';
    const env = { ...process.env };
    delete env.POPREG_AUDIT_KEY;
    delete env.POPREG_AUDIT_KEY_FILE;
    child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/cli/main.ts'), 'demo', '--people', '400', '--port', String(port)],
      { cwd, env: { ...env, POPREG_DB: db.url } },
    );
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, child, () => out);
    expect(out).toMatch(/audit key (created|: )/);

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo.xa', password: 'popreg-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/popreg_session=/);
    const session = /popreg_session=[^;]+/.exec(cookie)![0];
    const jurisdiction = /canbo\.xa \(commune_officer (\d{5})\)/.exec(out)?.[1];
    expect(jurisdiction).toMatch(/^\d{5}$/);
    const search = await fetch(`${base}/api/v1/persons?unit=${jurisdiction}`, { headers: { cookie: session } });
    expect(search.status).toBe(200);
    const body = (await search.json()) as { items: { residenceUnit: string | null }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((p) => p.residenceUnit === jurisdiction)).toBe(true);

    // The card officer finds the demo's cards at every stage, and the status list is published.
    expect(out).toMatch(/card signing keys created in /);
    const cardLogin = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo.the', password: 'popreg-demo-2026' }),
    });
    expect(cardLogin.status).toBe(200);
    const cardSession = /popreg_session=[^;]+/.exec(cardLogin.headers.get('set-cookie') ?? '')![0];
    const apps = await fetch(`${base}/api/v1/cards/applications?limit=200`, { headers: { cookie: cardSession } });
    expect(apps.status).toBe(200);
    const statuses = new Set(((await apps.json()) as { items: { status: string }[] }).items.map((a) => a.status));
    expect([...statuses].sort()).toEqual(['approved', 'issued', 'produced', 'received']);
    const list = await fetch(`${base}/api/v1/cards/status-list`);
    expect(list.status).toBe(200);
  }, 240_000);
});

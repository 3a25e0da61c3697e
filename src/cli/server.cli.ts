// `popreg init` and `popreg serve`: prepare a database, and serve the API on it.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import { describeInitialAdmin } from '../modules/access/access.cli.ts';
import { ensureAuditKey } from '../modules/audit/audit.key.ts';
import { createServices, type Services } from '../services.ts';
import { type DbOption, withDb, withServices } from './context.ts';

/** Creates or upgrades the schema and loads the reference data. */
export async function initDatabase(s: Services): Promise<void> {
  const started = Date.now();
  const loads = await s.reference.load();
  const summary = loads.map((l) => `${l.dataset} ${l.rows}`).join(', ');
  console.log(`reference data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
  const admin = await s.access.ensureInitialAdmin({ password: s.config.security.adminPassword });
  for (const line of describeInitialAdmin(admin)) console.log(line);
}

/** Serves until SIGINT/SIGTERM; resolves after a clean shutdown. */
export async function serve(opts: DbOption & { port?: number; host?: string }): Promise<void> {
  const config = loadConfig({ db: opts.db, port: opts.port, host: opts.host });
  const db = connect(config.db);
  await migrateToLatest(db);
  const services = createServices(db, config);
  // Refuse to serve without the audit key (or with another trail's): entries must never be appended unkeyed.
  await services.audit.assertKeyed().catch(async (err) => {
    await db.destroy();
    throw err;
  });
  await services.reference.catalog();
  const app = await buildApp({ services, logger: { level: config.logLevel } });
  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  console.log(
    `popreg serving on http://${config.http.host}:${port}/ (API docs: http://${config.http.host}:${port}/api/docs)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      void app
        .close()
        .then(() => db.destroy())
        .then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${v}: not a port number`);
  return n;
}

export function registerServerCommands(program: Command): void {
  withDb(
    program
      .command('init')
      .description(
        'create or upgrade the database schema and load the reference data (administrative units, code lists)',
      ),
  ).action(async (opts: DbOption) => {
    for (const line of ensureAuditKey(loadConfig({ db: opts.db }))) console.log(line);
    await withServices(opts, initDatabase);
  });
  withDb(
    program
      .command('serve')
      .description('serve the HTTP API (and docs at /api/docs)')
      .option('--port <n>', 'port (default POPREG_PORT or 8080)', parsePort)
      .option('--host <addr>', 'address to listen on (default 127.0.0.1)'),
  ).action(async (opts: DbOption & { port?: number; host?: string }) => {
    await serve(opts);
  });
}

// `popreg init` and `popreg serve`: prepare a database, and serve the API on it.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import { describeInitialAdmin } from '../modules/access/access.cli.ts';
import { ensureAuditKey } from '../modules/audit/audit.key.ts';
import { startDueJob } from '../modules/card/due/card.due.job.ts';
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

export interface ServeOptions extends DbOption {
  port?: number;
  host?: string;
  /** Which proxies to trust for the client address (see parseTrustProxy). */
  trustProxy?: string;
  /** Plain HTTP on a loopback address: session cookies without `Secure` (refused for any other host). */
  insecureHttp?: boolean;
}

/** Serves until SIGINT/SIGTERM; resolves after a clean shutdown. */
export async function serve(opts: ServeOptions): Promise<void> {
  const config = loadConfig({
    db: opts.db,
    port: opts.port,
    host: opts.host,
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.insecureHttp ? { insecureHttp: true } : {}),
  });
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
  if (config.security.secureCookies) {
    console.log(
      'session cookies are Secure: sign in through an HTTPS proxy in front of this address (or, on this machine only, serve with --insecure-http)',
    );
  }
  // The daily due list of identity cards: computed shortly after start, then every 24 hours.
  const stopDueJob = startDueJob(services.cardProduction.due, app.log);
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopDueJob();
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
      .option('--host <addr>', 'address to listen on (default 127.0.0.1)')
      .option(
        '--trust-proxy <value>',
        'proxies allowed to give the client address (X-Forwarded-For): true, a hop count, or addresses/CIDR ranges separated by commas (default POPREG_TRUST_PROXY or none)',
      )
      .option(
        '--insecure-http',
        'plain HTTP on a loopback address (session cookies without Secure); refused for any other --host',
      ),
  ).action(async (opts: ServeOptions) => {
    await serve(opts);
  });
}

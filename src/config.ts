// Configuration is parsed once, here, from the environment and explicit overrides (CLI flags).
// Nothing else in the code base reads process.env.

export interface Config {
  readonly db: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: string;
  /** The date "today" for validation (future-date checks) and current reads; fixed in tests when set. */
  readonly today: () => string;
}

export interface ConfigOverrides {
  db?: string;
  port?: number;
  host?: string;
}

export const DEFAULT_DB = 'sqlite:./data/popreg.db';

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`POPREG_PORT must be a port number, got "${raw}"`);
  return n;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fixedToday = env.POPREG_TODAY;
  if (fixedToday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fixedToday)) {
    throw new Error(`POPREG_TODAY must be YYYY-MM-DD, got "${fixedToday}"`);
  }
  return Object.freeze({
    db: overrides.db ?? env.POPREG_DB ?? DEFAULT_DB,
    http: Object.freeze({
      host: overrides.host ?? env.POPREG_HOST ?? '127.0.0.1',
      port: overrides.port ?? parsePort(env.POPREG_PORT, 8080),
    }),
    logLevel: env.POPREG_LOG_LEVEL ?? 'info',
    today: fixedToday ? () => fixedToday : () => new Date().toISOString().slice(0, 10),
  });
}

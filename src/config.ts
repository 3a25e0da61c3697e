// Configuration is parsed once, here, from the environment and explicit overrides (CLI flags).
// Nothing else in the code base reads process.env.

export interface Config {
  readonly db: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: string;
  readonly security: {
    /** Password of the first national administrator created by `popreg init` (else one is generated). */
    readonly adminPassword: string | undefined;
    /** Key (hex, 32 bytes) encrypting TOTP secrets; without it a per-database key is used. */
    readonly secretKey: string | undefined;
    readonly secureCookies: boolean;
    readonly maxFailedLogins: number;
    readonly lockoutMinutes: number;
    readonly loginRateLimit: number;
  };
  /** The audit key (src/modules/audit/audit.key.ts): POPREG_AUDIT_KEY (64 hex digits), else POPREG_AUDIT_KEY_FILE. */
  readonly audit: { readonly key: string | undefined; readonly keyFile: string | undefined };
  /** The date "today" for validation (future-date checks) and current reads; fixed in tests when set. */
  readonly today: () => string;
}

export interface ConfigOverrides {
  db?: string;
  port?: number;
  host?: string;
}

export const DEFAULT_DB = 'sqlite:./data/popreg.db';

function parsePositive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

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
    audit: Object.freeze({ key: env.POPREG_AUDIT_KEY || undefined, keyFile: env.POPREG_AUDIT_KEY_FILE || undefined }),
    security: Object.freeze({
      adminPassword: env.POPREG_ADMIN_PASSWORD || undefined,
      secretKey: env.POPREG_SECRET_KEY || undefined,
      secureCookies: env.POPREG_SECURE_COOKIES === 'true',
      maxFailedLogins: parsePositive('POPREG_MAX_FAILED_LOGINS', env.POPREG_MAX_FAILED_LOGINS, 5),
      lockoutMinutes: parsePositive('POPREG_LOCKOUT_MINUTES', env.POPREG_LOCKOUT_MINUTES, 15),
      loginRateLimit: parsePositive('POPREG_LOGIN_RATE_LIMIT', env.POPREG_LOGIN_RATE_LIMIT, 30),
    }),
    today: fixedToday ? () => fixedToday : () => new Date().toISOString().slice(0, 10),
  });
}

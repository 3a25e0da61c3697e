// Configuration is parsed once, here, from the environment and explicit overrides (CLI flags).
// Nothing else in the code base reads process.env.
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';

/** Fastify's `trustProxy`: false, true (any proxy), a hop count, or the proxies' addresses/CIDR ranges. */
export type TrustProxy = boolean | number | string[];

export interface Config {
  readonly db: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /**
     * Which proxies may set X-Forwarded-For. The client address drives the login rate limit and backoff, so
     * trusting a header any client can write would let an attacker pick its own address: off by default.
     */
    readonly trustProxy: TrustProxy;
  };
  readonly logLevel: string;
  readonly security: {
    /** Password of the first national administrator created by `popreg init` (else one is generated). */
    readonly adminPassword: string | undefined;
    /** Key (hex, 32 bytes) encrypting TOTP secrets; without it a per-database key is used. */
    readonly secretKey: string | undefined;
    /**
     * The server runs on plain HTTP on a loopback address (demo, browser tests): session cookies then lack
     * `Secure`. Refused for any other host, so a server reachable from the network always sends `Secure`.
     */
    readonly insecureLoopbackHttp: boolean;
    /** Session cookies carry `Secure` (everywhere but an explicit loopback HTTP server). */
    readonly secureCookies: boolean;
    /** Consecutive failures from one client address that block logins to an account from that address. */
    readonly maxFailedLogins: number;
    readonly lockoutMinutes: number;
    /** Login attempts per minute per client address. */
    readonly loginRateLimit: number;
    /** Login attempts per minute per user name, from all addresses together. */
    readonly loginRateLimitPerUser: number;
  };
  /** The audit key (src/modules/audit/audit.key.ts): POPREG_AUDIT_KEY (64 hex digits), else POPREG_AUDIT_KEY_FILE. */
  readonly audit: { readonly key: string | undefined; readonly keyFile: string | undefined };
  /**
   * Identity cards: the directory of the card signing keys (src/modules/card/crypto/card.keys.ts), from
   * POPREG_CARD_KEYS; default card-keys/ beside the SQLite database file, else ./data/card-keys.
   */
  readonly cards: { readonly keyDir: string };
  /** The date "today" for validation (future-date checks) and current reads; fixed in tests when set. */
  readonly today: () => string;
}

export interface ConfigOverrides {
  db?: string;
  port?: number;
  host?: string;
  /** `popreg serve --trust-proxy <value>` (same syntax as POPREG_TRUST_PROXY). */
  trustProxy?: string;
  /** `popreg serve --insecure-http`: plain HTTP on a loopback address. */
  insecureHttp?: boolean;
}

export const DEFAULT_DB = 'sqlite:./data/popreg.db';

/** The card key directory when POPREG_CARD_KEYS is not set: beside the SQLite file, as the audit key file is. */
export function defaultCardKeyDir(dbUrl: string): string {
  if (dbUrl.startsWith('sqlite:')) {
    const path = dbUrl.slice('sqlite:'.length);
    if (path !== '' && path !== ':memory:') return join(dirname(path), 'card-keys');
  }
  return join('data', 'card-keys');
}

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

/** `true`/`false`, a hop count, or a comma-separated list of proxy addresses or CIDR ranges. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim());
  for (const item of list) {
    const [addr, bits, ...rest] = item.split('/');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128);
    if (!addr || isIP(addr) === 0 || !okBits || rest.length > 0) {
      throw new Error(
        `trust proxy must be true, false, a hop count or proxy addresses/CIDR ranges separated by commas, got "${item}"`,
      );
    }
  }
  return list;
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fixedToday = env.POPREG_TODAY;
  if (fixedToday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fixedToday)) {
    throw new Error(`POPREG_TODAY must be YYYY-MM-DD, got "${fixedToday}"`);
  }
  const host = overrides.host ?? env.POPREG_HOST ?? '127.0.0.1';
  const insecure = overrides.insecureHttp ?? env.POPREG_INSECURE_HTTP === 'true';
  if (insecure && !isLoopbackHost(host)) {
    throw new Error(
      `plain HTTP (--insecure-http, POPREG_INSECURE_HTTP) is only allowed on a loopback address, not on "${host}": serve behind TLS instead`,
    );
  }
  const db = overrides.db ?? env.POPREG_DB ?? DEFAULT_DB;
  return Object.freeze({
    db,
    http: Object.freeze({
      host,
      port: overrides.port ?? parsePort(env.POPREG_PORT, 8080),
      trustProxy: parseTrustProxy(overrides.trustProxy ?? env.POPREG_TRUST_PROXY),
    }),
    logLevel: env.POPREG_LOG_LEVEL ?? 'info',
    audit: Object.freeze({ key: env.POPREG_AUDIT_KEY || undefined, keyFile: env.POPREG_AUDIT_KEY_FILE || undefined }),
    cards: Object.freeze({ keyDir: env.POPREG_CARD_KEYS || defaultCardKeyDir(db) }),
    security: Object.freeze({
      adminPassword: env.POPREG_ADMIN_PASSWORD || undefined,
      secretKey: env.POPREG_SECRET_KEY || undefined,
      insecureLoopbackHttp: insecure,
      secureCookies: !insecure,
      maxFailedLogins: parsePositive('POPREG_MAX_FAILED_LOGINS', env.POPREG_MAX_FAILED_LOGINS, 5),
      lockoutMinutes: parsePositive('POPREG_LOCKOUT_MINUTES', env.POPREG_LOCKOUT_MINUTES, 15),
      loginRateLimit: parsePositive('POPREG_LOGIN_RATE_LIMIT', env.POPREG_LOGIN_RATE_LIMIT, 30),
      loginRateLimitPerUser: parsePositive(
        'POPREG_LOGIN_RATE_LIMIT_PER_USER',
        env.POPREG_LOGIN_RATE_LIMIT_PER_USER,
        10,
      ),
    }),
    today: fixedToday ? () => fixedToday : () => new Date().toISOString().slice(0, 10),
  });
}

// Shapes the access module returns, and its settings. Nothing here carries a password hash or a TOTP secret.
import type { Actor } from '../../domain/context.ts';
import type { Role } from '../../domain/roles.ts';

/** A user as the API and the CLI show it. */
export interface UserView {
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: string | null;
  totpEnabled: boolean;
  disabled: boolean;
  disabledAt: string | null;
  /** The latest end of a login block from some address (logins from other addresses still work). */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
}

export interface SessionView {
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute expiry. */
  expiresAt: string;
  /** When the session ends if unused: last activity + idle timeout, or the absolute expiry if earlier. */
  idleExpiresAt: string;
  client: string | null;
  /** The session may only enrol TOTP (a national administrator without TOTP); its actor has no roles. */
  mustEnrollTotp: boolean;
}

export interface ResolvedSession {
  actor: Actor;
  session: SessionView;
  user: UserView;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface LoginResult {
  user: UserView;
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  mustEnrollTotp: boolean;
  /** A bearer token, when asked for at login (API clients). */
  token?: { id: number; name: string; token: string };
}

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  username: string;
  createdAt: string;
  /** Precise to a minute: written at most once a minute. */
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  scopes: TokenScope[];
}

/** What a token may do: read (GET/HEAD), write (other methods), audit (the trail), exchange (data exchange). */
export const TOKEN_SCOPES = ['read', 'write', 'audit', 'exchange'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface AccessSettings {
  /** Consecutive failures from one address that block the account from that address (default 5). */
  maxFailedLogins: number;
  /** How long such a block lasts, in minutes (default 15). */
  lockoutMinutes: number;
  /** A session unused this long ends (default 30). */
  sessionIdleMinutes: number;
  /** A session ends this long after login whatever its use (default 12). */
  sessionAbsoluteHours: number;
  /** Whether a (current) administrative unit code exists; jurisdictions are checked against it when given. */
  catalogUnitExists?: (code: string) => boolean | Promise<boolean>;
  /**
   * Key material for encrypting TOTP secrets (at least 32 characters, e.g. `openssl rand -base64 32`). Without
   * it, a random key generated once per database and stored in `app_secret` is used (see README.md).
   */
  secretKey?: string;
}

/** Something that happened to an account, for the audit trail. Never carries a password, token or secret. */
export interface AccessEvent {
  type:
    | 'login.succeeded'
    | 'login.failed'
    | 'login.locked'
    | 'logout'
    | 'user.created'
    | 'user.updated'
    | 'user.password_changed'
    | 'user.unlocked'
    | 'totp.enrolled'
    | 'totp.confirmed'
    | 'token.created'
    | 'token.revoked';
  /** Who did it: a username, "cli", "system", or null for an anonymous login attempt. */
  actor: string | null;
  /** The account concerned (as typed, for failed logins). */
  username: string;
  at: string;
  client?: string;
  details?: Record<string, unknown>;
}

// Logging in and out, and resolving a session cookie to the actor behind it.
//
// Throttling: each failure (wrong password or wrong TOTP code) counts against the pair (account, client
// address); the Nth consecutive one from an address (each within `lockoutMinutes` of the previous) blocks logins
// to that account from that address for a while, during which even the right password is refused there.
// Failures are never counted per account alone: anyone could then lock `admin` from anywhere by failing five times. Guessing from many addresses is held back by the
// per-user-name rate limit of the HTTP layer. Unknown users cost the same argon2 work as wrong passwords and get
// the same error, so neither the answer nor its timing tells whether a user exists.
import type { DomainError } from '../../domain/errors.ts';
import { issueToken } from './access.apitokens.ts';
import { addBackoffFailure, blockBackoff, clearBackoff, findBackoff } from './access.backoff.repository.ts';
import { type AccessDeps, actorOf, addMinutes, mustEnrollTotp, totpSecretOf, toUserView } from './access.deps.ts';
import {
  csrfMismatch,
  disabled,
  forbidden,
  invalidCredentials,
  locked,
  totpRequired,
  unauthenticated,
} from './access.errors.ts';
import { USERNAME_PATTERN } from './access.rules.ts';
import { findSession, insertSession, revokeSession, touchSession } from './access.sessions.repository.ts';
import { randomToken, sameSecret, sha256Hex } from './access.tokens.ts';
import { matchTotp } from './access.totp.ts';
import type { LoginResult, ResolvedSession, SessionView } from './access.types.ts';
import {
  claimTotpStep,
  findUserById,
  findUserByUsername,
  noteBlocked,
  recordLogin,
  type UserRow,
} from './access.users.repository.ts';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  /** Client address and user agent, kept with the session. */
  client?: string;
  /** The client's network address alone: failures are counted per (account, address). */
  address?: string;
  /** Also issue a bearer token (for API clients); its name. */
  issueToken?: boolean;
}

/** The last activity is written at most this often, so that reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

/** The address failures are counted under when the caller has none (service calls outside HTTP). */
const NO_ADDRESS = '-';

/**
 * Counts a failure from `address`; blocks that address for the account when it is the Nth in a row (then throws
 * AUTH.LOCKED), else throws `err`.
 */
export async function failLogin(
  deps: AccessDeps,
  row: UserRow,
  err: DomainError,
  address: string | undefined,
  client?: string,
): Promise<never> {
  const now = deps.clock();
  const from = address || NO_ADDRESS;
  // Failures further apart than a block lasts do not add up: a typo a week ago does not count today.
  const freshSince = addMinutes(now, -deps.settings.lockoutMinutes).toISOString();
  const failures = await addBackoffFailure(deps.db, row.username, from, now.toISOString(), freshSince);
  const base = { actor: null, username: row.username, at: now.toISOString(), client: client ?? from };
  if (failures >= deps.settings.maxFailedLogins) {
    const until = addMinutes(now, deps.settings.lockoutMinutes).toISOString();
    await blockBackoff(deps.db, row.username, from, until);
    // Shown to administrators (UserView.lockedUntil, `popreg user list`); logins are refused per address only.
    await noteBlocked(deps.db, row.id, until);
    await deps.emit({ ...base, type: 'login.locked', details: { until, failures, address: from } });
    throw locked(until);
  }
  await deps.emit({ ...base, type: 'login.failed', details: { reason: err.code, failures, address: from } });
  throw err;
}

/** Throws AUTH.LOCKED while the account is blocked for this address. */
async function checkBackoff(deps: AccessDeps, row: UserRow, address: string | undefined, now: Date): Promise<void> {
  const b = await findBackoff(deps.db, row.username, address || NO_ADDRESS);
  if (b?.blocked_until && b.blocked_until > now.toISOString()) throw locked(b.blocked_until);
}

async function checkTotp(deps: AccessDeps, row: UserRow, input: LoginInput): Promise<void> {
  const code = input.totp;
  // No code at all is the first step of a two-step form, not a guess: it is not counted.
  if (code === undefined || code === '') throw totpRequired();
  const secret = await totpSecretOf(deps, row);
  const step = secret === undefined ? undefined : matchTotp(secret, code, deps.clock());
  if (step === undefined || !(await claimTotpStep(deps.db, row.id, step)))
    await failLogin(deps, row, totpRequired(), input.address, input.client);
}

export async function login(deps: AccessDeps, input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const row = USERNAME_PATTERN.test(username) ? await findUserByUsername(deps.db, username) : undefined;
  if (!row) {
    await deps.dummy.burn(input.password);
    await deps.emit({
      type: 'login.failed',
      actor: null,
      username,
      at: deps.clock().toISOString(),
      details: { reason: 'unknown user' },
    });
    throw invalidCredentials();
  }
  // Verify first whatever the account's state, so that every path costs the same hashing work.
  const ok = await deps.hasher.verify(row.password_hash, input.password);
  const now = deps.clock();
  await checkBackoff(deps, row, input.address, now);
  if (!ok) await failLogin(deps, row, invalidCredentials(), input.address, input.client);
  if (row.disabled_at !== null) throw disabled();
  if (row.totp_enabled === 1) await checkTotp(deps, row, input);
  const restricted = mustEnrollTotp(row);
  if (restricted && input.issueToken) {
    throw forbidden('enrol TOTP (POST /users/{username}/totp) before asking for an API token', {
      mustEnrollTotp: true,
    });
  }

  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const at = now.toISOString();
  const expiresAt = addMinutes(now, deps.settings.sessionAbsoluteHours * 60).toISOString();
  const token = await deps.db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: sha256Hex(sessionToken),
      user_id: row.id,
      csrf_token: csrfToken,
      created_at: at,
      last_seen_at: at,
      expires_at: expiresAt,
      revoked_at: null,
      client: input.client ?? null,
      must_enroll_totp: restricted ? 1 : 0,
    });
    await recordLogin(trx, row.id, at);
    await clearBackoff(trx, row.username, input.address || NO_ADDRESS);
    return input.issueToken ? issueToken(trx, row, `issued at login ${at}`, at) : undefined;
  });
  const fresh = (await findUserById(deps.db, row.id)) ?? row;
  await deps.emit({
    type: 'login.succeeded',
    actor: row.username,
    username: row.username,
    at,
    ...(input.client ? { client: input.client } : {}),
    details: { mustEnrollTotp: restricted, tokenIssued: token !== undefined },
  });
  return {
    user: toUserView(fresh),
    sessionToken,
    csrfToken,
    expiresAt,
    mustEnrollTotp: restricted,
    ...(token ? { token } : {}),
  };
}

export async function resolveSession(deps: AccessDeps, sessionToken: string | undefined): Promise<ResolvedSession> {
  if (!sessionToken) throw unauthenticated('missing');
  const s = await findSession(deps.db, sha256Hex(sessionToken));
  if (!s) throw unauthenticated('unknown');
  if (s.revoked_at !== null) throw unauthenticated('revoked');
  const now = deps.clock();
  if (now.toISOString() >= s.expires_at) throw unauthenticated('expired');
  const idleEnd = addMinutes(new Date(s.last_seen_at), deps.settings.sessionIdleMinutes);
  if (now >= idleEnd) throw unauthenticated('idle');
  const user = await findUserById(deps.db, s.user_id);
  if (!user) throw unauthenticated('unknown');
  if (user.disabled_at !== null) throw disabled();

  let lastSeen = s.last_seen_at;
  if (now.getTime() - new Date(s.last_seen_at).getTime() >= TOUCH_INTERVAL_MS) {
    lastSeen = now.toISOString();
    await touchSession(deps.db, s.id, lastSeen);
  }
  // Restricted when logged in without TOTP, or when TOTP was reset since: either way, enrolment first.
  const restricted = s.must_enroll_totp === 1 || mustEnrollTotp(user);
  const idleExpires = addMinutes(new Date(lastSeen), deps.settings.sessionIdleMinutes).toISOString();
  const session: SessionView = {
    csrfToken: s.csrf_token,
    createdAt: s.created_at,
    lastSeenAt: lastSeen,
    expiresAt: s.expires_at,
    idleExpiresAt: new Date(Math.min(Date.parse(idleExpires), Date.parse(s.expires_at))).toISOString(),
    client: s.client,
    mustEnrollTotp: restricted,
  };
  return { actor: actorOf(user, restricted), session, user: toUserView(user) };
}

/** Ends a session; an unknown or already ended one is not an error (logging out twice is harmless). */
export async function logout(deps: AccessDeps, sessionToken: string | undefined): Promise<void> {
  if (!sessionToken) return;
  const s = await findSession(deps.db, sha256Hex(sessionToken));
  if (!s || s.revoked_at !== null) return;
  const at = deps.clock().toISOString();
  await revokeSession(deps.db, s.id, at);
  const user = await findUserById(deps.db, s.user_id);
  if (user) await deps.emit({ type: 'logout', actor: user.username, username: user.username, at });
}

/** Cookie-authenticated writes must echo the session's CSRF token (double submit through a header). */
export function assertCsrf(session: SessionView, given: string | undefined): void {
  if (!given || !sameSecret(session.csrfToken, given)) throw csrfMismatch();
}

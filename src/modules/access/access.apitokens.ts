// API tokens for scripts and partner tools: `prt_…`, shown once, stored as a sha256 digest. A token acts as its
// user with the user's current roles and jurisdiction, so rescoping or disabling the user applies at once; it
// also acts only within its scopes (read, write, audit, exchange: enforced by the HTTP auth hook), until its
// expiry, and until its user's password changes (access.update.ts revokes every token then).
import type { DbOrTrx } from '../../db/database.ts';
import type { Actor, RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { type AccessDeps, actorOf, isSelf, mustEnrollTotp, requireManage } from './access.deps.ts';
import { disabled, forbidden, tokenExpired, tokenNotFound, unauthenticated, userNotFound } from './access.errors.ts';
import {
  findTokenByHash,
  findTokenById,
  insertToken,
  listTokenRows,
  revokeTokenRow,
  type TokenWithUser,
  touchToken,
} from './access.sessions.repository.ts';
import { API_TOKEN_PREFIX, newApiToken, sha256Hex } from './access.tokens.ts';
import { TOKEN_SCOPES, type TokenScope, type TokenView } from './access.types.ts';
import { findUserById, findUserByUsername, type UserRow } from './access.users.repository.ts';

/** Last use is recorded at most this often per token: a minute's precision costs no write per request. */
const TOUCH_INTERVAL_MS = 60_000;
export const DEFAULT_TOKEN_DAYS = 90;
/** A token lives a year at most: a script that runs longer gets a new one, and an old leak runs out. */
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 86_400_000;

export interface IssuedToken {
  id: number;
  name: string;
  /** The token itself: shown once, never stored. */
  token: string;
  expiresAt: string;
  scopes: TokenScope[];
}

/** What a new token may do and how long it lives. */
export interface TokenOptions {
  /** Days from now (1–365, default 90). */
  expiresInDays?: number;
  /** Default: all four scopes (the token may then do whatever its user may). */
  scopes?: readonly string[];
}

/** A bearer token resolved to the actor it acts as, with what it may do. */
export interface BearerAuth {
  actor: Actor;
  tokenId: number;
  scopes: TokenScope[];
  expiresAt: string;
}

/** A request authenticated by a token creates tokens within that token's scopes and lifetime only. */
export interface TokenCaller {
  scopes: readonly TokenScope[];
  expiresAt: string;
}

export function parseScopes(raw: string): TokenScope[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
}

function toTokenView(r: TokenWithUser): TokenView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    username: r.username,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
    scopes: parseScopes(r.scopes),
  };
}

/** Inserts a new token for a user (inside the caller's transaction when there is one). */
export async function issueToken(
  db: DbOrTrx,
  user: UserRow,
  name: string,
  at: string,
  grant: { expiresAt: string; scopes: readonly TokenScope[] } = {
    expiresAt: new Date(Date.parse(at) + DEFAULT_TOKEN_DAYS * DAY_MS).toISOString(),
    scopes: TOKEN_SCOPES,
  },
): Promise<IssuedToken> {
  const token = newApiToken();
  const id = await insertToken(db, {
    user_id: user.id,
    name,
    token_hash: sha256Hex(token),
    prefix: token.slice(0, 8),
    created_at: at,
    last_used_at: null,
    revoked_at: null,
    expires_at: grant.expiresAt,
    scopes: grant.scopes.join(','),
  });
  return { id, name, token, expiresAt: grant.expiresAt, scopes: [...grant.scopes] };
}

/** The token owner: the actor itself, or (for those who manage users) the named user. */
async function ownerFor(deps: AccessDeps, ctx: RequestContext, username: string | undefined): Promise<UserRow> {
  const target = username ?? ctx.actor.id;
  if (!isSelf(ctx, target)) requireManage(ctx);
  // An actor without roles is a national administrator still to enrol TOTP: no tokens until then.
  else if (ctx.actor.roles.length === 0)
    throw forbidden('enrol TOTP before managing API tokens', { mustEnrollTotp: true });
  const user = await findUserByUsername(deps.db, target);
  if (!user) throw userNotFound(target);
  return user;
}

/** Checks name, lifetime and scopes; a token-authenticated caller cannot mint a wider or longer-lived token. */
function checkGrant(
  v: Violations,
  now: Date,
  options: TokenOptions,
  caller: TokenCaller | undefined,
): { expiresAt: string; scopes: TokenScope[] } {
  const days = options.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    v.add('expiresInDays', 'token.expiry', `a whole number of days from 1 to ${MAX_TOKEN_DAYS}`, days);
  }
  const asked = options.scopes ?? TOKEN_SCOPES;
  const unknown = asked.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (asked.length === 0) v.add('scopes', 'token.scope', `at least one of ${TOKEN_SCOPES.join(', ')}`, asked);
  for (const s of unknown) v.add('scopes', 'token.scope', `unknown scope; one of ${TOKEN_SCOPES.join(', ')}`, s);
  const scopes = TOKEN_SCOPES.filter((s) => asked.includes(s));
  let expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
  if (caller) {
    for (const s of scopes.filter((x) => !caller.scopes.includes(x))) {
      v.add('scopes', 'token.scope_exceeds_caller', 'a token cannot grant a scope it does not have itself', s);
    }
    // A token cannot outlive the token that made it.
    if (expiresAt > caller.expiresAt) expiresAt = caller.expiresAt;
  }
  return { expiresAt, scopes };
}

export async function createToken(
  deps: AccessDeps,
  ctx: RequestContext,
  name: string,
  username?: string,
  options: TokenOptions = {},
  caller?: TokenCaller,
): Promise<IssuedToken> {
  const v = new Violations();
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) v.add('name', 'name.length', 'between 1 and 100 characters', name);
  const now = deps.clock();
  const grant = checkGrant(v, now, options, caller);
  v.throwIfAny();
  const user = await ownerFor(deps, ctx, username);
  if (user.disabled_at !== null) throw disabled();
  const at = now.toISOString();
  const issued = await issueToken(deps.db, user, trimmed, at, grant);
  await deps.emit({
    type: 'token.created',
    actor: ctx.actor.id,
    username: user.username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
    details: { id: issued.id, name: trimmed, expiresAt: grant.expiresAt, scopes: grant.scopes },
  });
  return issued;
}

/** The actor's own tokens; those who manage users may list another user's, or everyone's (username "*"). */
export async function listTokens(deps: AccessDeps, ctx: RequestContext, username?: string): Promise<TokenView[]> {
  if (username === '*') {
    requireManage(ctx);
    return (await listTokenRows(deps.db)).map(toTokenView);
  }
  const user = await ownerFor(deps, ctx, username);
  return (await listTokenRows(deps.db, user.id)).map(toTokenView);
}

export async function revokeToken(deps: AccessDeps, ctx: RequestContext, id: number): Promise<void> {
  const row = await findTokenById(deps.db, id);
  // Someone else's token looks like no token to a user who cannot manage users.
  if (!row || (!isSelf(ctx, row.username) && !can(ctx.actor.roles, 'user.manage'))) throw tokenNotFound(id);
  const at = deps.clock().toISOString();
  await revokeTokenRow(deps.db, id, at);
  await deps.emit({
    type: 'token.revoked',
    actor: ctx.actor.id,
    username: row.username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
    details: { id, name: row.name },
  });
}

export async function resolveBearer(deps: AccessDeps, token: string | undefined): Promise<BearerAuth> {
  if (!token?.startsWith(API_TOKEN_PREFIX)) throw unauthenticated('unknown token');
  const row = await findTokenByHash(deps.db, sha256Hex(token));
  if (!row) throw unauthenticated('unknown token');
  if (row.revoked_at !== null) throw unauthenticated('token revoked');
  const now = deps.clock();
  const nowIso = now.toISOString();
  // Every token has an expiry since migration 008; a missing one is treated as expired, never as eternal.
  if (row.expires_at === null || nowIso >= row.expires_at) throw tokenExpired(row.expires_at ?? row.created_at);
  const user = await findUserById(deps.db, row.user_id);
  if (!user) throw unauthenticated('unknown token');
  if (user.disabled_at !== null) throw disabled();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS) {
    await touchToken(deps.db, row.id, nowIso, new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString());
  }
  return {
    actor: actorOf(user, mustEnrollTotp(user)),
    tokenId: row.id,
    scopes: parseScopes(row.scopes),
    expiresAt: row.expires_at,
  };
}

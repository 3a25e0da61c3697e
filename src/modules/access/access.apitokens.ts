// API tokens for scripts and partner tools: `prt_…`, shown once, stored as a sha256 digest. A token acts as its
// user with the user's current roles and jurisdiction, so rescoping or disabling the user applies at once.
import type { DbOrTrx } from '../../db/database.ts';
import type { Actor, RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { type AccessDeps, actorOf, isSelf, mustEnrollTotp, requireManage } from './access.deps.ts';
import { disabled, forbidden, tokenNotFound, unauthenticated, userNotFound } from './access.errors.ts';
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
import type { TokenView } from './access.types.ts';
import { findUserById, findUserByUsername, type UserRow } from './access.users.repository.ts';

const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedToken {
  id: number;
  name: string;
  /** The token itself: shown once, never stored. */
  token: string;
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
  };
}

/** Inserts a new token for a user (inside the caller's transaction when there is one). */
export async function issueToken(db: DbOrTrx, user: UserRow, name: string, at: string): Promise<IssuedToken> {
  const token = newApiToken();
  const id = await insertToken(db, {
    user_id: user.id,
    name,
    token_hash: sha256Hex(token),
    prefix: token.slice(0, 8),
    created_at: at,
    last_used_at: null,
    revoked_at: null,
  });
  return { id, name, token };
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

export async function createToken(
  deps: AccessDeps,
  ctx: RequestContext,
  name: string,
  username?: string,
): Promise<IssuedToken> {
  const v = new Violations();
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) v.add('name', 'name.length', 'between 1 and 100 characters', name);
  v.throwIfAny();
  const user = await ownerFor(deps, ctx, username);
  if (user.disabled_at !== null) throw disabled();
  const at = deps.clock().toISOString();
  const issued = await issueToken(deps.db, user, trimmed, at);
  await deps.emit({
    type: 'token.created',
    actor: ctx.actor.id,
    username: user.username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
    details: { id: issued.id, name: trimmed },
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

export async function resolveBearer(deps: AccessDeps, token: string | undefined): Promise<Actor> {
  if (!token?.startsWith(API_TOKEN_PREFIX)) throw unauthenticated('unknown token');
  const row = await findTokenByHash(deps.db, sha256Hex(token));
  if (!row) throw unauthenticated('unknown token');
  if (row.revoked_at !== null) throw unauthenticated('token revoked');
  const user = await findUserById(deps.db, row.user_id);
  if (!user) throw unauthenticated('unknown token');
  if (user.disabled_at !== null) throw disabled();
  const now = deps.clock();
  if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_INTERVAL_MS) {
    await touchToken(deps.db, row.id, now.toISOString());
  }
  return actorOf(user, mustEnrollTotp(user));
}

// What the access use cases share: their dependencies, the view of a user row, the actor a user acts as, and
// the permission checks. Internal to the module; callers use AccessService.
import type { Db } from '../../db/database.ts';
import type { Actor, RequestContext } from '../../domain/context.ts';
import { can, isRole, type Role } from '../../domain/roles.ts';
import { decryptSecret, encryptSecret } from './access.crypto.ts';
import { forbidden } from './access.errors.ts';
import type { Keyring } from './access.keyring.ts';
import type { DummyVerifier, PasswordHasher } from './access.passwords.ts';
import type { AccessEvent, AccessSettings, UserView } from './access.types.ts';
import type { UserRow } from './access.users.repository.ts';

export interface AccessDeps {
  db: Db;
  clock: () => Date;
  settings: AccessSettings;
  hasher: PasswordHasher;
  dummy: DummyVerifier;
  keyring: Keyring;
  emit: (event: AccessEvent) => Promise<void>;
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

export function rolesOf(row: UserRow): Role[] {
  const parsed: unknown = JSON.parse(row.roles);
  return Array.isArray(parsed) ? parsed.filter((r): r is Role => typeof r === 'string' && isRole(r)) : [];
}

export function toUserView(row: UserRow): UserView {
  return {
    username: row.username,
    displayName: row.display_name,
    roles: rolesOf(row),
    jurisdiction: row.jurisdiction,
    totpEnabled: row.totp_enabled === 1,
    disabled: row.disabled_at !== null,
    disabledAt: row.disabled_at,
    lockedUntil: row.locked_until,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
  };
}

/** National administrators must use TOTP. */
export function needsTotp(roles: readonly Role[]): boolean {
  return roles.includes('national_admin');
}

/** A national administrator without TOTP may only enrol it: such an actor carries no roles, hence no rights. */
export function mustEnrollTotp(row: UserRow): boolean {
  return needsTotp(rolesOf(row)) && row.totp_enabled !== 1;
}

export function actorOf(row: UserRow, restricted: boolean): Actor {
  return { id: row.username, kind: 'user', roles: restricted ? [] : rolesOf(row), jurisdiction: row.jurisdiction };
}

export function isSelf(ctx: RequestContext, username: string): boolean {
  return ctx.actor.kind === 'user' && ctx.actor.id === username;
}

export function requireManage(ctx: RequestContext): void {
  if (!can(ctx.actor.roles, 'user.manage')) {
    throw forbidden('managing users needs the user.manage permission (national administrators)', {
      permission: 'user.manage',
    });
  }
}

export function requireSelfOrManage(ctx: RequestContext, username: string): void {
  if (!isSelf(ctx, username)) requireManage(ctx);
}

/** The TOTP secret of an account, in clear; the ciphertext is bound to the user name. */
export async function totpSecretOf(deps: AccessDeps, row: UserRow): Promise<string | undefined> {
  if (row.totp_secret === null) return undefined;
  return decryptSecret(await deps.keyring.keyFor(row.totp_secret), row.totp_secret, `app_user:${row.username}`);
}

export async function encryptTotpSecret(deps: AccessDeps, username: string, secret: string): Promise<string> {
  return encryptSecret(await deps.keyring.current(), secret, `app_user:${username}`);
}

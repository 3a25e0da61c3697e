// Changing an account: name, roles and jurisdiction, disabled or not, password. Administrators (user.manage)
// change anything; users change their own display name and password (giving the current one).
import type { RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { failLogin } from './access.auth.ts';
import { clearBackoff } from './access.backoff.repository.ts';
import { type AccessDeps, isSelf, requireManage, rolesOf, toUserView } from './access.deps.ts';
import { invalidCredentials, userNotFound } from './access.errors.ts';
import { checkDisplayName, checkPassword, normaliseJurisdiction } from './access.rules.ts';
import { revokeUserSessions, revokeUserTokens } from './access.sessions.repository.ts';
import type { UserView } from './access.types.ts';
import {
  countNationalAdmins,
  findUserByUsername,
  type UserPatch,
  type UserRow,
  updateUser as updateUserRow,
} from './access.users.repository.ts';
import { checkScope } from './access.users.ts';

export interface UserUpdate {
  displayName?: string;
  roles?: readonly string[];
  /** null: the whole country. */
  jurisdiction?: string | null;
  disabled?: boolean;
  password?: string;
  /** Required when users change their own password without the user.manage permission. */
  currentPassword?: string;
}

const SELF_FIELDS: readonly (keyof UserUpdate)[] = ['displayName', 'password', 'currentPassword'];

async function checkSelfService(deps: AccessDeps, ctx: RequestContext, row: UserRow, patch: UserUpdate): Promise<void> {
  const other = (Object.keys(patch) as (keyof UserUpdate)[]).filter(
    (k) => patch[k] !== undefined && !SELF_FIELDS.includes(k),
  );
  if (other.length > 0) requireManage(ctx);
  if (patch.password !== undefined) {
    const ok =
      patch.currentPassword !== undefined && (await deps.hasher.verify(row.password_hash, patch.currentPassword));
    // A wrong current password counts towards the lockout like a failed login: a stolen session cannot guess it.
    if (!ok) await failLogin(deps, row, invalidCredentials(), ctx.client, ctx.client);
  }
}

/** Refuses to leave the registry without an enabled national administrator. */
async function keepOneAdmin(
  deps: AccessDeps,
  row: UserRow,
  patch: UserPatch,
  field: string,
  v: Violations,
): Promise<void> {
  const wasAdmin = rolesOf(row).includes('national_admin') && row.disabled_at === null;
  const roles = patch.roles === undefined ? rolesOf(row) : (JSON.parse(String(patch.roles)) as string[]);
  const isAdmin =
    roles.includes('national_admin') &&
    (patch.disabled_at === undefined ? row.disabled_at : patch.disabled_at) === null;
  if (wasAdmin && !isAdmin && (await countNationalAdmins(deps.db, { enabledOnly: true, exceptId: row.id })) === 0) {
    v.add(field, 'user.last_admin', 'this is the last enabled national administrator', row.username);
  }
}

export async function updateUser(
  deps: AccessDeps,
  ctx: RequestContext,
  username: string,
  patch: UserUpdate,
): Promise<UserView> {
  if (!isSelf(ctx, username)) requireManage(ctx);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  if (!can(ctx.actor.roles, 'user.manage')) await checkSelfService(deps, ctx, row, patch);

  const now = deps.clock().toISOString();
  const v = new Violations();
  const set: UserPatch = {};
  if (patch.displayName !== undefined) {
    checkDisplayName(v, patch.displayName);
    set.display_name = patch.displayName.trim();
  }
  if (patch.roles !== undefined || patch.jurisdiction !== undefined) {
    const jurisdiction =
      patch.jurisdiction === undefined ? row.jurisdiction : normaliseJurisdiction(patch.jurisdiction);
    const roles = await checkScope(deps, v, patch.roles ?? rolesOf(row), jurisdiction);
    set.roles = JSON.stringify(roles);
    set.jurisdiction = jurisdiction;
  }
  if (patch.disabled === true && row.disabled_at === null) set.disabled_at = now;
  if (patch.disabled === false) {
    // Enabling also lifts a lockout: it is how an administrator unlocks an account.
    Object.assign(set, { disabled_at: null, locked_until: null, failed_logins: 0 });
  }
  if (patch.password !== undefined) checkPassword(v, patch.password, username);
  await keepOneAdmin(deps, row, set, patch.disabled === true ? 'disabled' : 'roles', v);
  v.throwIfAny();

  if (patch.password !== undefined) {
    set.password_hash = await deps.hasher.hash(patch.password);
    set.password_changed_at = now;
  }
  set.updated_at = now;
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, set);
    // A disabled account or a new password ends every open session.
    if (set.disabled_at || set.password_hash) await revokeUserSessions(trx, row.id, now);
    // A new password also revokes every API token: a password change is what a user does when they fear a leak,
    // and a token made with the old password must not outlive it.
    if (set.password_hash) await revokeUserTokens(trx, row.id, now);
    if (patch.disabled === false) await clearBackoff(trx, row.username);
  });
  const changed = Object.keys(patch).filter(
    (k) => k !== 'password' && k !== 'currentPassword' && patch[k as keyof UserUpdate] !== undefined,
  );
  const base = { actor: ctx.actor.id, username, at: now, ...(ctx.client ? { client: ctx.client } : {}) };
  if (changed.length > 0)
    await deps.emit({
      ...base,
      type: 'user.updated',
      details: {
        fields: changed,
        roles: set.roles === undefined ? undefined : JSON.parse(set.roles),
        jurisdiction: set.jurisdiction,
      },
    });
  if (patch.password !== undefined)
    await deps.emit({ ...base, type: 'user.password_changed', details: { tokensRevoked: true } });
  const fresh = await findUserByUsername(deps.db, username);
  if (!fresh) throw userNotFound(username);
  return toUserView(fresh);
}

/**
 * Lifts every login block of an account, from every address (`popreg user unlock`, POST /users/{u}/unlock). Only
 * those who manage users may: an administrator blocked by someone guessing from their own address is unlocked by
 * another administrator.
 */
export async function unlockUser(deps: AccessDeps, ctx: RequestContext, username: string): Promise<UserView> {
  requireManage(ctx);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  const at = deps.clock().toISOString();
  const cleared = await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { locked_until: null, failed_logins: 0 });
    return clearBackoff(trx, row.username);
  });
  await deps.emit({
    type: 'user.unlocked',
    actor: ctx.actor.id,
    username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
    details: { addresses: cleared },
  });
  return toUserView((await findUserByUsername(deps.db, username)) ?? row);
}

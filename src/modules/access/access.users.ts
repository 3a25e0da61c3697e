// Creating and reading accounts, and the first administrator made by `popreg init`.
import { type RequestContext, SYSTEM_CONTEXT } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import {
  type AccessDeps,
  encryptTotpSecret,
  needsTotp,
  requireManage,
  requireSelfOrManage,
  toUserView,
} from './access.deps.ts';
import { userExists, userNotFound } from './access.errors.ts';
import {
  checkDisplayName,
  checkJurisdiction,
  checkPassword,
  checkRoles,
  checkUsername,
  normaliseJurisdiction,
} from './access.rules.ts';
import { generatePassword } from './access.tokens.ts';
import { newTotpSecret, otpauthUri } from './access.totp.ts';
import type { TotpEnrolment, UserView } from './access.types.ts';
import { countNationalAdmins, findUserByUsername, insertUser, listUserRows } from './access.users.repository.ts';

export interface CreateUserInput {
  username: string;
  /** Defaults to the user name. */
  displayName?: string;
  /** Generated (and returned once) when absent. */
  password?: string;
  roles: readonly string[];
  /** Current unit code; null or absent: the whole country. */
  jurisdiction?: string | null;
}

export interface CreatedUser {
  user: UserView;
  /** Only when the password was generated: shown once, stored only as a hash. */
  password?: string;
  /** National administrators get TOTP at creation: the secret to put in an authenticator app, shown once. */
  totp?: TotpEnrolment;
}

/** Checks roles and jurisdiction together, including that the unit exists when a catalog is available. */
export async function checkScope(
  deps: AccessDeps,
  v: Violations,
  rolesIn: readonly string[],
  jurisdiction: string | null,
): Promise<Role[]> {
  const roles = checkRoles(v, rolesIn);
  const before = v.list.length;
  checkJurisdiction(v, roles, jurisdiction);
  const exists = deps.settings.catalogUnitExists;
  if (jurisdiction !== null && v.list.length === before && exists && !(await exists(jurisdiction))) {
    v.add('jurisdiction', 'unit.unknown', 'no current administrative unit has this code', jurisdiction);
  }
  return roles;
}

export async function createUser(deps: AccessDeps, ctx: RequestContext, input: CreateUserInput): Promise<CreatedUser> {
  requireManage(ctx);
  const v = new Violations();
  const username = input.username;
  checkUsername(v, username);
  const displayName = (input.displayName ?? username).trim();
  checkDisplayName(v, input.displayName ?? username);
  if (input.password !== undefined) checkPassword(v, input.password, username);
  const jurisdiction = normaliseJurisdiction(input.jurisdiction);
  const roles = await checkScope(deps, v, input.roles, jurisdiction);
  v.throwIfAny();
  if (await findUserByUsername(deps.db, username)) throw userExists(username);

  const password = input.password ?? generatePassword();
  const at = deps.clock().toISOString();
  const secret = needsTotp(roles) ? newTotpSecret() : undefined;
  const id = await insertUser(deps.db, {
    username,
    display_name: displayName,
    password_hash: await deps.hasher.hash(password),
    roles: JSON.stringify(roles),
    jurisdiction,
    totp_secret: secret === undefined ? null : await encryptTotpSecret(deps, username, secret),
    totp_enabled: secret === undefined ? 0 : 1,
    failed_logins: 0,
    created_at: at,
    updated_at: at,
    password_changed_at: at,
  });
  if (id === undefined) throw userExists(username);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  await deps.emit({
    type: 'user.created',
    actor: ctx.actor.id,
    username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
    details: { roles, jurisdiction, totpEnabled: secret !== undefined },
  });
  return {
    user: toUserView(row),
    ...(input.password === undefined ? { password } : {}),
    ...(secret === undefined ? {} : { totp: { secret, otpauthUri: otpauthUri(username, secret) } }),
  };
}

export async function listUsers(deps: AccessDeps, ctx: RequestContext): Promise<UserView[]> {
  requireManage(ctx);
  return (await listUserRows(deps.db)).map(toUserView);
}

export async function getUser(deps: AccessDeps, ctx: RequestContext, username: string): Promise<UserView> {
  requireSelfOrManage(ctx, username);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  return toUserView(row);
}

export interface InitialAdmin {
  created: boolean;
  username: 'admin';
  /** Only when generated. */
  password?: string;
  totpSecret?: string;
  otpauthUri?: string;
}

/** Creates `admin` (a national administrator, with TOTP) unless any national administrator exists. */
export async function ensureInitialAdmin(deps: AccessDeps, options: { password?: string }): Promise<InitialAdmin> {
  if ((await countNationalAdmins(deps.db, { enabledOnly: false })) > 0) return { created: false, username: 'admin' };
  const made = await createUser(deps, SYSTEM_CONTEXT, {
    username: 'admin',
    displayName: 'Administrator',
    roles: ['national_admin'],
    jurisdiction: null,
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  return {
    created: true,
    username: 'admin',
    ...(made.password !== undefined ? { password: made.password } : {}),
    ...(made.totp ? { totpSecret: made.totp.secret, otpauthUri: made.totp.otpauthUri } : {}),
  };
}

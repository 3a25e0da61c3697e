// The access use cases behind one object: accounts, TOTP, logins and sessions, API tokens. Plain TypeScript;
// the HTTP layer and the CLI call it, and it throws DomainErrors (see access.errors.ts).
import type { Db } from '../../db/database.ts';
import type { Actor, RequestContext } from '../../domain/context.ts';
import {
  type BearerAuth,
  createToken,
  type IssuedToken,
  listTokens,
  resolveBearer,
  revokeToken,
  type TokenCaller,
  type TokenOptions,
} from './access.apitokens.ts';
import { assertCsrf, type LoginInput, login, logout, resolveSession } from './access.auth.ts';
import type { AccessDeps } from './access.deps.ts';
import { confirmTotp, enrollTotp } from './access.enrol.ts';
import { Keyring } from './access.keyring.ts';
import { argon2Hasher, DummyVerifier, type PasswordHasher } from './access.passwords.ts';
import type {
  AccessEvent,
  AccessSettings,
  LoginResult,
  ResolvedSession,
  SessionView,
  TokenView,
  TotpEnrolment,
  UserView,
} from './access.types.ts';
import { type UserUpdate, unlockUser, updateUser } from './access.update.ts';
import {
  type CreatedUser,
  type CreateUserInput,
  createUser,
  ensureInitialAdmin,
  getUser,
  type InitialAdmin,
  listUsers,
} from './access.users.ts';

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = Object.freeze({
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
});

export interface AccessServiceOptions {
  db: Db;
  /** Now; injected so tests can move time (lockouts, session expiry, TOTP steps). */
  clock?: () => Date;
  settings?: Partial<AccessSettings>;
  /** Replaces argon2id (tests count calls with it). */
  hasher?: PasswordHasher;
  /** Receives account events for the audit trail, after each change. */
  onEvent?: (event: AccessEvent) => void | Promise<void>;
}

export class AccessService {
  private readonly deps: AccessDeps;

  constructor(options: AccessServiceOptions) {
    const clock = options.clock ?? (() => new Date());
    const settings = { ...DEFAULT_ACCESS_SETTINGS, ...options.settings };
    const hasher = options.hasher ?? argon2Hasher;
    const onEvent = options.onEvent;
    this.deps = {
      db: options.db,
      clock,
      settings,
      hasher,
      dummy: new DummyVerifier(hasher),
      keyring: new Keyring(options.db, settings.secretKey, () => clock().toISOString()),
      emit: async (e) => {
        await onEvent?.(e);
      },
    };
  }

  get settings(): Readonly<AccessSettings> {
    return this.deps.settings;
  }

  // Accounts

  createUser(ctx: RequestContext, input: CreateUserInput): Promise<CreatedUser> {
    return createUser(this.deps, ctx, input);
  }

  updateUser(ctx: RequestContext, username: string, patch: UserUpdate): Promise<UserView> {
    return updateUser(this.deps, ctx, username, patch);
  }

  disableUser(ctx: RequestContext, username: string): Promise<UserView> {
    return updateUser(this.deps, ctx, username, { disabled: true });
  }

  /** Enables the account and lifts any lockout. */
  enableUser(ctx: RequestContext, username: string): Promise<UserView> {
    return updateUser(this.deps, ctx, username, { disabled: false });
  }

  /** Lifts the login blocks of an account from every address (user.manage; audited). */
  unlockUser(ctx: RequestContext, username: string): Promise<UserView> {
    return unlockUser(this.deps, ctx, username);
  }

  rescopeUser(
    ctx: RequestContext,
    username: string,
    scope: { roles?: readonly string[]; jurisdiction?: string | null },
  ): Promise<UserView> {
    return updateUser(this.deps, ctx, username, scope);
  }

  /** Administrators set any password; users set their own with the current one. Ends the user's sessions. */
  setPassword(ctx: RequestContext, username: string, password: string, currentPassword?: string): Promise<UserView> {
    return updateUser(this.deps, ctx, username, {
      password,
      ...(currentPassword !== undefined ? { currentPassword } : {}),
    });
  }

  listUsers(ctx: RequestContext): Promise<UserView[]> {
    return listUsers(this.deps, ctx);
  }

  getUser(ctx: RequestContext, username: string): Promise<UserView> {
    return getUser(this.deps, ctx, username);
  }

  ensureInitialAdmin(options: { password?: string } = {}): Promise<InitialAdmin> {
    return ensureInitialAdmin(this.deps, options);
  }

  // TOTP

  enrollTotp(ctx: RequestContext, username: string): Promise<TotpEnrolment> {
    return enrollTotp(this.deps, ctx, username);
  }

  confirmTotp(username: string, code: string, ctx?: RequestContext): Promise<UserView> {
    return confirmTotp(this.deps, username, code, ctx);
  }

  // Sessions

  login(input: LoginInput): Promise<LoginResult> {
    return login(this.deps, input);
  }

  resolveSession(sessionToken: string | undefined): Promise<ResolvedSession> {
    return resolveSession(this.deps, sessionToken);
  }

  logout(sessionToken: string | undefined): Promise<void> {
    return logout(this.deps, sessionToken);
  }

  /** Throws AUTH.CSRF unless `given` (the X-CSRF-Token header) is the session's CSRF token. */
  assertCsrf(session: SessionView, given: string | undefined): void {
    assertCsrf(session, given);
  }

  // API tokens

  /**
   * A token for the actor, or (user.manage) for the named user; `options` sets its lifetime and scopes, `caller`
   * (the token of a token-authenticated request) bounds both.
   */
  createToken(
    ctx: RequestContext,
    name: string,
    username?: string,
    options?: TokenOptions,
    caller?: TokenCaller,
  ): Promise<IssuedToken> {
    return createToken(this.deps, ctx, name, username, options, caller);
  }

  /** The actor's tokens, or (user.manage) a user's, or everyone's with "*". */
  listTokens(ctx: RequestContext, username?: string): Promise<TokenView[]> {
    return listTokens(this.deps, ctx, username);
  }

  revokeToken(ctx: RequestContext, id: number): Promise<void> {
    return revokeToken(this.deps, ctx, id);
  }

  /** The actor a bearer token acts as. */
  async resolveBearer(token: string | undefined): Promise<Actor> {
    return (await resolveBearer(this.deps, token)).actor;
  }

  /** The actor, the token's scopes and expiry (the HTTP auth hook checks the scopes). */
  resolveBearerAuth(token: string | undefined): Promise<BearerAuth> {
    return resolveBearer(this.deps, token);
  }
}

export type {
  BearerAuth,
  CreatedUser,
  CreateUserInput,
  InitialAdmin,
  IssuedToken,
  LoginInput,
  TokenCaller,
  TokenOptions,
  UserUpdate,
};

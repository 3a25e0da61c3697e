// HTTP routes of accounts and authentication: thin handlers over AccessService. The HTTP layer provides the
// request context and the session cookie; the auth hook skips routes marked `config.public`, and lets a session
// that must first enrol TOTP reach only routes marked `config.allowDuringTotpEnrolment`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RequestContext } from '../../domain/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import { throwRedactedSchemaError } from './access.redact.ts';
import {
  ConfirmTotpBody,
  CreatedUserResponse,
  CreateUserBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  PatchUserBody,
  TokenBody,
  TokenCreated,
  TokenIdParams,
  TokenList,
  TotpEnrolmentSchema,
  UserList,
  UsernameParams,
  UserRecord,
} from './access.schemas.ts';
import type { AccessService } from './access.service.ts';
import type { UserView } from './access.types.ts';

export interface AccessHttpHelpers {
  contextOf(req: FastifyRequest): RequestContext;
  /** Sets the `popreg_session` cookie (HttpOnly, SameSite=Strict, Secure when configured) until `expiresAt` (ISO). */
  setSessionCookie(reply: FastifyReply, token: string, expiresAt: string): void;
  clearSessionCookie(reply: FastifyReply): void;
  sessionTokenOf(req: FastifyRequest): string | undefined;
}

const E = ErrorBodySchema;
const authErrors = { 401: E, 403: E };
const NoContent = Type.Null({ description: 'no content' });
const enrolment = { allowDuringTotpEnrolment: true };

function authUser(u: UserView) {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    jurisdiction: u.jurisdiction,
    totpEnabled: u.totpEnabled,
  };
}

function clientOf(req: FastifyRequest): string {
  const agent = req.headers['user-agent'];
  return `${req.ip}${typeof agent === 'string' ? ` ${agent}` : ''}`.slice(0, 300);
}

export function registerAccessRoutes(api: HttpApp, deps: { access: AccessService }, helpers: AccessHttpHelpers): void {
  const { access } = deps;

  api.post(
    '/auth/login',
    {
      // Rate-limited per client address and per user name by the auth layer (src/http/auth.ts).
      config: { public: true, loginLimited: true },
      attachValidation: true,
      schema: {
        tags: ['auth'],
        summary: 'Log in with user name, password and (when enabled) a TOTP code; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginResponse, 400: E, 401: E, 403: E, 423: E, 429: E },
      },
    },
    async (req, reply) => {
      throwRedactedSchemaError(req);
      const r = await access.login({
        username: req.body.username,
        password: req.body.password,
        ...(req.body.totp !== undefined ? { totp: req.body.totp } : {}),
        ...(req.body.issueToken ? { issueToken: true } : {}),
        client: clientOf(req),
        address: req.ip,
      });
      helpers.setSessionCookie(reply, r.sessionToken, r.expiresAt);
      return {
        user: authUser(r.user),
        csrfToken: r.csrfToken,
        expiresAt: r.expiresAt,
        mustEnrollTotp: r.mustEnrollTotp,
        ...(r.token ? { token: r.token.token } : {}),
      };
    },
  );

  api.post(
    '/auth/logout',
    {
      // Public so that an expired session can still clear its cookie; logging out twice is harmless.
      config: { public: true, ...enrolment },
      schema: { tags: ['auth'], summary: 'End the current session and clear its cookie', response: { 204: NoContent } },
    },
    async (req, reply) => {
      await access.logout(helpers.sessionTokenOf(req));
      helpers.clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    {
      config: enrolment,
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and the session CSRF token',
        response: { 200: MeResponse, ...authErrors, 404: E },
      },
    },
    async (req) => {
      const token = helpers.sessionTokenOf(req);
      if (token !== undefined) {
        const s = await access.resolveSession(token);
        return { user: authUser(s.user), csrfToken: s.session.csrfToken, mustEnrollTotp: s.session.mustEnrollTotp };
      }
      const ctx = helpers.contextOf(req);
      const user = await access.getUser(ctx, ctx.actor.id);
      return { user: authUser(user), csrfToken: null, mustEnrollTotp: ctx.actor.roles.length === 0 };
    },
  );

  api.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Create an API token acting as the current user (shown once); it expires (default 90 days) and acts ' +
          'only within its scopes. A token-authenticated request cannot create a wider or longer-lived token.',
        body: TokenBody,
        response: { 201: TokenCreated, 400: E, ...authErrors },
      },
    },
    async (req, reply) => {
      const { name, expiresInDays, scopes } = req.body;
      const options = {
        ...(expiresInDays !== undefined ? { expiresInDays } : {}),
        ...(scopes !== undefined ? { scopes } : {}),
      };
      const caller = req.bearer ? { scopes: req.bearer.scopes, expiresAt: req.bearer.expiresAt } : undefined;
      return reply.status(201).send(await access.createToken(helpers.contextOf(req), name, undefined, options, caller));
    },
  );

  api.get(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current user’s API tokens (without the tokens themselves)',
        response: { 200: TokenList, ...authErrors },
      },
    },
    async (req) => ({ items: await access.listTokens(helpers.contextOf(req)) }),
  );

  api.delete(
    '/auth/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: TokenIdParams,
        response: { 204: NoContent, ...authErrors, 404: E },
      },
    },
    async (req, reply) => {
      await access.revokeToken(helpers.contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  registerUserRoutes(api, access, helpers);
}

function registerUserRoutes(api: HttpApp, access: AccessService, helpers: AccessHttpHelpers): void {
  api.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List accounts (national administrators)',
        response: { 200: UserList, ...authErrors },
      },
    },
    async (req) => ({ items: await access.listUsers(helpers.contextOf(req)) }),
  );

  api.get(
    '/users/:username',
    {
      schema: {
        tags: ['users'],
        summary: 'Read an account (one’s own, or any for national administrators)',
        params: UsernameParams,
        response: { 200: UserRecord, ...authErrors, 404: E },
      },
    },
    async (req) => access.getUser(helpers.contextOf(req), req.params.username),
  );

  api.post(
    '/users',
    {
      attachValidation: true,
      schema: {
        tags: ['users'],
        summary: 'Create an account with roles and a jurisdiction; national administrators get TOTP at once',
        body: CreateUserBody,
        response: { 201: CreatedUserResponse, 400: E, ...authErrors, 409: E },
      },
    },
    async (req, reply) => {
      throwRedactedSchemaError(req);
      const b = req.body;
      const made = await access.createUser(helpers.contextOf(req), {
        username: b.username,
        roles: b.roles,
        ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
        ...(b.password !== undefined ? { password: b.password } : {}),
        ...(b.jurisdiction !== undefined ? { jurisdiction: b.jurisdiction } : {}),
      });
      return reply.status(201).header('location', `/api/v1/users/${made.user.username}`).send(made);
    },
  );

  api.patch(
    '/users/:username',
    {
      attachValidation: true,
      schema: {
        tags: ['users'],
        summary: 'Change an account: name, roles, jurisdiction, disabled, password (one’s own with the current one)',
        params: UsernameParams,
        body: PatchUserBody,
        response: { 200: UserRecord, 400: E, ...authErrors, 404: E, 423: E },
      },
    },
    async (req) => {
      throwRedactedSchemaError(req);
      const patch = Object.fromEntries(Object.entries(req.body).filter(([, v]) => v !== undefined));
      return access.updateUser(helpers.contextOf(req), req.params.username, patch);
    },
  );

  api.post(
    '/users/:username/unlock',
    {
      schema: {
        tags: ['users'],
        summary: 'Lift the login blocks of an account from every address (national administrators; audited)',
        params: UsernameParams,
        response: { 200: UserRecord, ...authErrors, 404: E },
      },
    },
    async (req) => access.unlockUser(helpers.contextOf(req), req.params.username),
  );

  api.post(
    '/users/:username/totp',
    {
      config: enrolment,
      schema: {
        tags: ['users'],
        summary: 'Enrol TOTP: a new secret, pending until a code from it is confirmed',
        params: UsernameParams,
        response: { 200: TotpEnrolmentSchema, ...authErrors, 404: E },
      },
    },
    async (req) => access.enrollTotp(helpers.contextOf(req), req.params.username),
  );

  api.post(
    '/users/:username/totp/confirm',
    {
      config: enrolment,
      attachValidation: true,
      schema: {
        tags: ['users'],
        summary: 'Confirm TOTP enrolment with a code from the authenticator app',
        params: UsernameParams,
        body: ConfirmTotpBody,
        response: { 200: UserRecord, 400: E, ...authErrors, 404: E },
      },
    },
    async (req) => {
      throwRedactedSchemaError(req);
      return access.confirmTotp(req.params.username, req.body.code, helpers.contextOf(req));
    },
  );
}

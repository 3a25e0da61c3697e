// Request and response shapes of the accounts API. Password fields carry no pattern or length limits here: the
// service applies the policy, and its errors never echo a password (schema errors would).
import { type Static, Type } from 'typebox';
import { ROLES } from '../../domain/roles.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Username = Type.String({
  maxLength: 100,
  description: 'login name: 3–40 of a-z 0-9 . _ -',
  examples: ['nguyen.van.an'],
});
const RoleList = Type.Array(Type.String(), { description: `roles: ${ROLES.join(', ')}`, maxItems: 10 });
const Jurisdiction = Type.Union([Type.String({ maxLength: 10 }), Type.Null()], {
  description: 'current unit code: 2-digit province or 5-digit commune; null: the whole country',
});

export const AuthUser = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  jurisdiction: Nullable(Type.String()),
  totpEnabled: Type.Boolean(),
});

export const UserRecord = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  jurisdiction: Nullable(Type.String()),
  totpEnabled: Type.Boolean(),
  disabled: Type.Boolean(),
  disabledAt: Nullable(Type.String()),
  lockedUntil: Nullable(Type.String({ description: 'locked after repeated failed logins until then' })),
  lastLoginAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  passwordChangedAt: Type.String(),
});

export const LoginBody = Type.Object(
  {
    username: Username,
    password: Type.String(),
    totp: Type.Optional(
      Type.String({ description: '6-digit code from the authenticator app (required when TOTP is on)' }),
    ),
    issueToken: Type.Optional(Type.Boolean({ description: 'also return a bearer API token (for API clients)' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginResponse = Type.Object({
  user: AuthUser,
  csrfToken: Type.String({ description: 'send as X-CSRF-Token with every cookie-authenticated write' }),
  expiresAt: Type.String({ description: 'absolute end of the session (it also ends after 30 idle minutes)' }),
  mustEnrollTotp: Type.Boolean({
    description: 'a national administrator without TOTP: only TOTP enrolment is allowed',
  }),
  token: Type.Optional(Type.String({ description: 'bearer token, when issueToken was true; shown once' })),
});

export const MeResponse = Type.Object({
  user: AuthUser,
  csrfToken: Nullable(Type.String({ description: 'null when authenticated by a bearer token' })),
  mustEnrollTotp: Type.Boolean(),
});

const Scope = Type.Union(
  [Type.Literal('read'), Type.Literal('write'), Type.Literal('audit'), Type.Literal('exchange')],
  { description: 'read: GET/HEAD; write: other methods; audit: the audit trail; exchange: data exchange' },
);
export const TokenBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    expiresInDays: Type.Optional(Type.Integer({ description: 'lifetime in days, 1 to 365 (default 90)' })),
    scopes: Type.Optional(Type.Array(Scope, { description: 'default: all four; a token never exceeds its user' })),
  },
  { additionalProperties: false },
);
export const TokenCreated = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String({ description: 'prt_…: shown once, stored only as a digest' }),
  expiresAt: Type.String(),
  scopes: Type.Array(Scope),
});
export const TokenItem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'first 8 characters of the token' }),
  username: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String({ description: 'to the minute: recorded at most once a minute' })),
  revokedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  scopes: Type.Array(Scope),
});
export const TokenList = Type.Object({ items: Type.Array(TokenItem) });

export const UserList = Type.Object({ items: Type.Array(UserRecord) });

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    password: Type.Optional(
      Type.String({ description: 'at least 12 characters; generated and returned once if absent' }),
    ),
    roles: RoleList,
    jurisdiction: Type.Optional(Jurisdiction),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: 'base32 secret for the authenticator app; shown once' }),
  otpauthUri: Type.String({ description: 'otpauth:// URI (render as a QR code)' }),
});

export const CreatedUserResponse = Type.Object({
  user: UserRecord,
  password: Type.Optional(Type.String({ description: 'the generated password, shown once' })),
  totp: Type.Optional(TotpEnrolmentSchema),
});

export const PatchUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    roles: Type.Optional(RoleList),
    jurisdiction: Type.Optional(Jurisdiction),
    disabled: Type.Optional(Type.Boolean({ description: 'false also lifts a lockout' })),
    password: Type.Optional(Type.String()),
    currentPassword: Type.Optional(Type.String({ description: 'required to change one’s own password' })),
  },
  { additionalProperties: false },
);
export type PatchUserBody = Static<typeof PatchUserBody>;

export const ConfirmTotpBody = Type.Object({ code: Type.String({ maxLength: 10 }) }, { additionalProperties: false });

export const UsernameParams = Type.Object({ username: Type.String({ maxLength: 100 }) });
export const TokenIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

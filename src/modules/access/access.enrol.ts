// TOTP enrolment. A new secret is pending until a code from it is confirmed. Users enrol themselves only while
// TOTP is off (a stolen session must not replace the second factor); administrators may re-enrol anyone, which
// resets TOTP until the user confirms the new secret.
import type { RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import {
  type AccessDeps,
  encryptTotpSecret,
  isSelf,
  requireSelfOrManage,
  totpSecretOf,
  toUserView,
} from './access.deps.ts';
import { forbidden, userNotFound } from './access.errors.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './access.totp.ts';
import type { TotpEnrolment, UserView } from './access.types.ts';
import { claimTotpStep, findUserByUsername, updateUser } from './access.users.repository.ts';

export async function enrollTotp(deps: AccessDeps, ctx: RequestContext, username: string): Promise<TotpEnrolment> {
  requireSelfOrManage(ctx, username);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  if (isSelf(ctx, username) && row.totp_enabled === 1) {
    throw forbidden('TOTP is already enabled; an administrator can reset it', { totpEnabled: true });
  }
  const secret = newTotpSecret();
  const at = deps.clock().toISOString();
  await updateUser(deps.db, row.id, {
    totp_secret: await encryptTotpSecret(deps, username, secret),
    totp_enabled: 0,
    totp_last_step: null,
    updated_at: at,
  });
  await deps.emit({
    type: 'totp.enrolled',
    actor: ctx.actor.id,
    username,
    at,
    ...(ctx.client ? { client: ctx.client } : {}),
  });
  return { secret, otpauthUri: otpauthUri(username, secret) };
}

/** Turns TOTP on once a code from the pending secret matches. Confirming an enabled TOTP changes nothing. */
export async function confirmTotp(
  deps: AccessDeps,
  username: string,
  code: string,
  ctx?: RequestContext,
): Promise<UserView> {
  if (ctx) requireSelfOrManage(ctx, username);
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw userNotFound(username);
  if (row.totp_enabled === 1) return toUserView(row);
  const secret = await totpSecretOf(deps, row);
  const v = new Violations();
  if (secret === undefined) v.add('code', 'totp.not_enrolled', 'enrol TOTP first');
  v.throwIfAny();
  const step = matchTotp(secret!, code, deps.clock());
  if (step === undefined || !(await claimTotpStep(deps.db, row.id, step))) {
    v.add('code', 'totp.invalid', 'the code does not match the secret (check the phone clock)');
  }
  v.throwIfAny();
  const at = deps.clock().toISOString();
  await updateUser(deps.db, row.id, { totp_enabled: 1, updated_at: at });
  await deps.emit({ type: 'totp.confirmed', actor: ctx?.actor.id ?? username, username, at });
  const fresh = await findUserByUsername(deps.db, username);
  return toUserView(fresh ?? row);
}

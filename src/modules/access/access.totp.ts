// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as authenticator apps expect), on the service's clock.
import { authenticator } from 'otplib';

export const TOTP_ISSUER = 'popreg';
const STEP_MS = 30_000;

/** A new base32 secret of 160 bits (the size RFC 4226 recommends). */
export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function otpauthUri(username: string, secret: string): string {
  return authenticator.keyuri(username, TOTP_ISSUER, secret);
}

/**
 * The time step a code belongs to, or undefined when it is wrong. One step either side is accepted for clock
 * drift between phone and server; callers refuse a step already used, so a code works once.
 */
export function matchTotp(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  try {
    const delta = authenticator.clone({ epoch: now.getTime(), window: 1 }).checkDelta(code, secret);
    return delta === null ? undefined : Math.floor(now.getTime() / STEP_MS) + delta;
  } catch {
    return undefined;
  }
}

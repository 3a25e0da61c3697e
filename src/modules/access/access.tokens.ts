// Random tokens and their digests. Session and API tokens are stored only as sha256 digests: they are 256-bit
// random values, so a fast digest is enough (no salt or slow hash needed, unlike passwords).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'prt_';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new API token: `prt_` and 43 base64url characters. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomToken(32)}`;
}

/** Constant-time string comparison (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A password generated for a new account: 20 characters from an alphabet without look-alikes (0/O, 1/l/I),
 * about 115 bits; printed once by the CLI or returned once by the API.
 */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const out: string[] = [];
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[b % alphabet.length]!);
    }
  }
  return out.join('');
}

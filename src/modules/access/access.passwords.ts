// Password hashing (argon2id with the library's defaults: 19 MiB, 2 passes) and the work done for unknown
// users, so that "no such user" and "wrong password" take the same time.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** @node-rs/argon2 defaults to argon2id. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: async (h, password) => {
    try {
      return await verify(h, password);
    } catch {
      // A malformed stored hash never matches.
      return false;
    }
  },
};

/** Verifies against a real hash of a random password, made once with the same parameters as real hashes. */
export class DummyVerifier {
  private dummy: Promise<string> | undefined;
  constructor(private readonly hasher: PasswordHasher) {}

  async burn(password: string): Promise<void> {
    this.dummy ??= this.hasher.hash(randomBytes(16).toString('base64url'));
    await this.hasher.verify(await this.dummy, password);
  }
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The keys that encrypt TOTP secrets: the configured one if any, else the per-database random key (created on
// first use). Older ciphertexts are decrypted with whichever key they name.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { deriveKey, keyIdOf, type SecretKey } from './access.crypto.ts';
import { findSecret, insertSecretIfAbsent } from './access.secrets.repository.ts';

const DB_KEY_NAME = 'access.totp_key';

export class Keyring {
  private readonly configured: SecretKey | undefined;
  private stored: Promise<SecretKey> | undefined;

  constructor(
    private readonly db: Db,
    configuredMaterial: string | undefined,
    private readonly now: () => string,
  ) {
    if (configuredMaterial !== undefined && configuredMaterial.length < 32) {
      throw new Error('the secret key must be at least 32 characters (e.g. `openssl rand -base64 32`)');
    }
    this.configured = configuredMaterial === undefined ? undefined : deriveKey(configuredMaterial);
  }

  /** The key new secrets are encrypted with. */
  async current(): Promise<SecretKey> {
    return this.configured ?? this.databaseKey();
  }

  /** The key a ciphertext was made with. */
  async keyFor(ciphertext: string): Promise<SecretKey> {
    const id = keyIdOf(ciphertext);
    if (this.configured?.id === id) return this.configured;
    const stored = await this.databaseKey();
    if (stored.id === id) return stored;
    throw new Error(`TOTP secret encrypted under key ${id}, which is neither the configured key nor the database key`);
  }

  private databaseKey(): Promise<SecretKey> {
    this.stored ??= (async () => {
      let material = await findSecret(this.db, DB_KEY_NAME);
      if (material === undefined) {
        await insertSecretIfAbsent(this.db, DB_KEY_NAME, randomBytes(32).toString('base64url'), this.now());
        material = await findSecret(this.db, DB_KEY_NAME);
      }
      if (material === undefined) throw new Error('could not create the database secret key');
      return deriveKey(material);
    })();
    // A failed attempt (database down) is retried on the next call rather than cached.
    this.stored.catch(() => {
      this.stored = undefined;
    });
    return this.stored;
  }
}

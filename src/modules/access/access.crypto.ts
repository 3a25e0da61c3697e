// Encryption at rest of TOTP secrets: AES-256-GCM, bound to the account by the additional authenticated data
// so that a ciphertext copied onto another row does not decrypt.
//
// The key comes from configuration (settings.secretKey). Without one, a random 32-byte key is generated once per
// database and kept in `app_secret`: that still keeps secrets out of exports of the user table, but not out of
// a dump of the whole database, so production should configure a key. Each ciphertext names the key it was made
// with (a fingerprint), so secrets made under the database key stay readable after a key is configured.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export interface SecretKey {
  /** First 8 hex digits of a digest of the key: names the key in each ciphertext. */
  id: string;
  key: Buffer;
}

/** Derives the AES key from key material (configured text or the stored random key). */
export function deriveKey(material: string): SecretKey {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), 'popreg', 'popreg totp secrets v1', 32));
  const id = createHash('sha256').update('popreg key id').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

/** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptSecret(key: SecretKey, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    key.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

/** The key id a ciphertext was made with. */
export function keyIdOf(ciphertext: string): string {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('unrecognised encrypted secret format');
  return parts[1]!;
}

export function decryptSecret(key: SecretKey, ciphertext: string, aad: string): string {
  const [, id, iv, tag, ct] = ciphertext.split('.');
  if (id !== key.id) throw new Error(`secret encrypted under key ${id}, not ${key.id}`);
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv!, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct!, 'base64url')), decipher.final()]).toString('utf8');
}

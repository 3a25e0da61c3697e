// The audit key: a 32-byte secret kept outside the database (a file, or POPREG_AUDIT_KEY). Two keys are derived
// from it with HKDF: an HMAC-SHA256 key that binds every entry to the chain (someone who can write the database
// but has not got the key cannot recompute a hash), and an Ed25519 key that signs checkpoints (a head kept
// elsewhere, checkable with the public key alone).
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '../../domain/errors.ts';

export interface AuditKey {
  /** 16 hex digits identifying the key (from its public key): stored in the database, safe to show. */
  readonly id: string;
  /** Where it came from, for messages: a file path or "POPREG_AUDIT_KEY". */
  readonly source: string;
  /** HMAC-SHA256 (hex) of the parts, in order. */
  mac(...parts: string[]): string;
  /** Ed25519 signature (base64) of the message. */
  sign(message: string): string;
  /** True when `signature` (base64) is this key's signature of the message. */
  verify(message: string, signature: string): boolean;
  /** The Ed25519 public key, SubjectPublicKeyInfo DER in base64 (what a checkpoint carries). */
  readonly publicKey: string;
}

/** Where the key is looked for: POPREG_AUDIT_KEY (hex) first, else the key file. */
export interface AuditKeySettings {
  /** 64 hex digits (POPREG_AUDIT_KEY). */
  key?: string | undefined;
  /** POPREG_AUDIT_KEY_FILE; default: audit.key next to the SQLite file, else ./data/audit.key. */
  keyFile?: string | undefined;
}

const SECRET_HEX = /^[0-9a-f]{64}$/i;
// An Ed25519 private key in PKCS #8 DER is this fixed ASN.1 header followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_HEADER = Buffer.from('302e020100300506032b657004220420', 'hex');

function derive(secret: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `popreg audit ${info}`, 32));
}

/** The key from its 32-byte secret. */
export function auditKeyFromSecret(secret: Buffer, source: string): AuditKey {
  if (secret.length !== 32) throw new Error(`audit key from ${source}: must be 32 bytes, got ${secret.length}`);
  const hmacKey: KeyObject = createSecretKey(derive(secret, 'hmac'));
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_HEADER, derive(secret, 'checkpoint ed25519')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return Object.freeze({
    id: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    source,
    publicKey: spki.toString('base64'),
    mac(...parts: string[]) {
      const h = createHmac('sha256', hmacKey);
      for (const p of parts) h.update(p);
      return h.digest('hex');
    },
    sign(message: string) {
      return sign(null, Buffer.from(message), privateKey).toString('base64');
    },
    verify(message: string, signature: string) {
      try {
        return verify(null, Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false; // a signature of the wrong length is simply not this key's
      }
    },
  });
}

/** A fresh random key (tests, and `popreg init` through createKeyFile). */
export function generateAuditKey(source = 'generated'): AuditKey {
  return auditKeyFromSecret(randomBytes(32), source);
}

/** The default key file: beside the SQLite database file, else ./data/audit.key (PostgreSQL, in-memory). */
export function defaultKeyFile(dbUrl: string): string {
  if (dbUrl.startsWith('sqlite:')) {
    const path = dbUrl.slice('sqlite:'.length);
    if (path !== '' && path !== ':memory:') return join(dirname(path), 'audit.key');
  }
  return join('data', 'audit.key');
}

export function keyFileOf(settings: AuditKeySettings, dbUrl: string): string {
  return settings.keyFile || defaultKeyFile(dbUrl);
}

function parseSecret(text: string, source: string): Buffer {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!line || !SECRET_HEX.test(line)) {
    throw new DomainError('AUDIT.KEY_INVALID', `audit key from ${source}: expected 64 hex digits (32 bytes)`, {
      source,
    });
  }
  return Buffer.from(line, 'hex');
}

/**
 * The configured key, or undefined when none is configured (no POPREG_AUDIT_KEY and no key file). A key file that
 * other users can read, or that does not hold a key, is an error rather than "no key".
 */
export function loadAuditKey(settings: AuditKeySettings, dbUrl: string): AuditKey | undefined {
  if (settings.key) return auditKeyFromSecret(parseSecret(settings.key, 'POPREG_AUDIT_KEY'), 'POPREG_AUDIT_KEY');
  const path = keyFileOf(settings, dbUrl);
  if (!existsSync(path)) return undefined;
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DomainError(
      'AUDIT.KEY_INVALID',
      `audit key file ${path} can be read by other users (mode ${mode.toString(8)}): run chmod 600 ${path}`,
      { path, mode: mode.toString(8) },
    );
  }
  return auditKeyFromSecret(parseSecret(readFileSync(path, 'utf8'), path), path);
}

/** Creates the key file (mode 0600) unless it exists; returns true when it was created. */
export function createKeyFile(path: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true });
  const text = [
    '# popreg audit key: binds every audit entry (HMAC-SHA256) and signs checkpoints (Ed25519).',
    '# Keep it outside the database and back it up: without it the trail can be neither verified nor appended to.',
    randomBytes(32).toString('hex'),
    '',
  ].join('\n');
  // Written aside, then linked into place: another process never reads a half-written key, and a key created
  // meanwhile by someone else is never overwritten (losing a key loses the trail's proof).
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}

/** The AuditService options for a configuration: the key if one is configured, and where it was looked for. */
export function auditKeyOptions(config: { db: string; audit?: AuditKeySettings }): {
  key: AuditKey | undefined;
  keyLookedAt: string;
} {
  const settings = config.audit ?? {};
  return {
    key: loadAuditKey(settings, config.db),
    keyLookedAt: settings.key ? 'POPREG_AUDIT_KEY' : keyFileOf(settings, config.db),
  };
}

/** `popreg init`: creates the key file where no key is configured; returns what to tell the operator. */
export function ensureAuditKey(config: { db: string; audit?: AuditKeySettings }): string[] {
  const settings = config.audit ?? {};
  if (settings.key) return ['audit key: from POPREG_AUDIT_KEY (keep a copy outside the database, backed up)'];
  const path = keyFileOf(settings, config.db);
  const created = createKeyFile(path);
  const key = loadAuditKey(settings, config.db)!;
  return [
    created ? `audit key created: ${path} (mode 600, key ${key.id})` : `audit key: ${path} (key ${key.id})`,
    `  checkpoint public key (Ed25519, give it to whoever keeps the checkpoints): ${key.publicKey}`,
    '  keep it outside the database and back it up apart from database backups: without it the audit trail can be',
    '  neither appended to nor verified, and anyone holding it together with the database could rewrite the trail',
  ];
}

// Checkpoints: the chain's head (seq, hash, time) signed with the Ed25519 key derived from the audit key. An
// operator keeps them outside the database (another machine, paper, an e-mail to the supervisory authority);
// `popreg audit verify --checkpoint FILE` then proves the chain still reaches that head, so deleting the tail and
// rewinding the head — which leaves a consistent chain behind — is detected. The public key travels in the file,
// so anyone can check the signature (see `checkpointMessage` for what is signed), e.g. with OpenSSL: write the
// message to msg, the base64-decoded signature to sig, the public key between PEM "PUBLIC KEY" lines to pub.pem,
// then `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg -sigfile sig`. The key id alone says
// nothing: compare the public key with the one recorded when the audit key was created.
import { DomainError } from '../../domain/errors.ts';
import type { ChainHead } from './audit.chain.ts';
import type { AuditKey } from './audit.key.ts';

export const CHECKPOINT_FORMAT = 'popreg-audit-checkpoint/1';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  seq: number;
  hash: string;
  /** When it was taken, ISO 8601 UTC. */
  at: string;
  keyId: string;
  /** Ed25519 public key, SubjectPublicKeyInfo DER in base64. */
  publicKey: string;
  /** Ed25519 signature (base64) of checkpointMessage(). */
  signature: string;
}

/** The exact bytes signed: one field per line, in a fixed order. */
export function checkpointMessage(c: Pick<Checkpoint, 'seq' | 'hash' | 'at' | 'keyId'>): string {
  return `${CHECKPOINT_FORMAT}\nseq=${c.seq}\nhash=${c.hash}\nat=${c.at}\nkey=${c.keyId}\n`;
}

export function signCheckpoint(key: AuditKey, head: ChainHead, at: Date): Checkpoint {
  const body = { seq: head.seq, hash: head.hash, at: at.toISOString(), keyId: key.id };
  return {
    format: CHECKPOINT_FORMAT,
    ...body,
    publicKey: key.publicKey,
    signature: key.sign(checkpointMessage(body)),
  };
}

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('AUDIT.CHECKPOINT_INVALID', `checkpoint ${message}`, details);
}

/** Parses a checkpoint file and checks it was signed by this key; throws AUDIT.CHECKPOINT_INVALID saying why not. */
export function readCheckpoint(text: string, key: AuditKey, source: string): Checkpoint {
  let c: Partial<Record<keyof Checkpoint, unknown>>;
  try {
    c = JSON.parse(text);
  } catch {
    throw invalid(`${source}: not JSON`, { source });
  }
  if (c === null || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) {
    throw invalid(`${source}: format must be "${CHECKPOINT_FORMAT}"`, { source, field: 'format', value: c?.format });
  }
  const checks: [keyof Checkpoint, (v: unknown) => boolean, string][] = [
    ['seq', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number ≥ 0'],
    ['hash', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), '64 hex digits'],
    ['at', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), 'an ISO date-time'],
    ['keyId', (v) => typeof v === 'string', 'a string'],
    ['publicKey', (v) => typeof v === 'string', 'a string'],
    ['signature', (v) => typeof v === 'string', 'a string'],
  ];
  for (const [field, ok, what] of checks) {
    if (!ok(c[field])) throw invalid(`${source}: ${field} must be ${what}`, { source, field, value: c[field] });
  }
  const cp = c as Checkpoint;
  if (cp.keyId !== key.id || cp.publicKey !== key.publicKey) {
    throw invalid(`${source} was signed with key ${cp.keyId}, not with this trail's key ${key.id}`, {
      source,
      keyId: cp.keyId,
      expectedKeyId: key.id,
    });
  }
  if (!key.verify(checkpointMessage(cp), cp.signature)) {
    throw invalid(`${source}: the signature does not match its contents (edited after signing)`, { source });
  }
  return cp;
}

// The signature of the printed QR code: ECDSA P-256 by the document signer over the UTF-8 text of the seven
// fields, appended as an eighth field `<signerId>.<base64url r||s>`. IEEE P1363 (64 bytes, 86 characters) rather
// than DER keeps the code small enough to scan from a card.
import { hash, sign, verify, X509Certificate } from 'node:crypto';
import { OID_ICAO_DOCUMENT_SIGNER } from './card.asn1.ts';
import type { ActiveSigner } from './card.keys.ts';
import { chainReasons } from './card.sod.check.ts';
import { signedAttributes } from './card.sod.ts';

// A signer id, a dot, and 86 base64url characters: no printed field (digits, names, dates) looks like it. A card
// signed with its SOD (card.sign.ts) has the SOD's message digest (43 characters) before the signature.
const SIGNATURE_FIELD = /^([A-Za-z0-9-]{1,16})\.(?:([A-Za-z0-9_-]{43})\.)?([A-Za-z0-9_-]{86})$/;

export function signQr(text: string, signer: ActiveSigner): string {
  const signature = sign('sha256', Buffer.from(text, 'utf8'), { key: signer.key, dsaEncoding: 'ieee-p1363' });
  return `${text}|${signer.id}.${signature.toString('base64url')}`;
}

/** The signed text and its signature field, or null when the last field is not a signature. */
export function splitQrSignature(
  qr: string,
): { text: string; signerId: string; sodDigest: Buffer | null; signature: Buffer } | null {
  const bar = qr.lastIndexOf('|');
  const m = bar < 0 ? null : SIGNATURE_FIELD.exec(qr.slice(bar + 1));
  if (!m) return null;
  const sodDigest = m[2] ? Buffer.from(m[2], 'base64url') : null;
  return { text: qr.slice(0, bar), signerId: m[1]!, sodDigest, signature: Buffer.from(m[3]!, 'base64url') };
}

/** What the signature covers: the text itself, or the SOD's signed attributes that carry the text's digest. */
function signedBytes(text: string, sodDigest: Buffer | null): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  return sodDigest ? signedAttributes(sodDigest, hash('sha256', utf8, 'buffer')) : utf8;
}

export function checkQrSignature(
  qr: string,
  keys: { cscaCertDer: Uint8Array; signers: readonly { id: string; certDer: Uint8Array }[] },
  now: Date = new Date(),
): { ok: boolean; reasons: string[]; signerId: string | null } {
  const parts = splitQrSignature(qr);
  if (!parts) return { ok: false, reasons: ['QR code is not signed'], signerId: null };
  const { text, signerId, sodDigest, signature } = parts;
  const signer = keys.signers.find((s) => s.id === signerId);
  if (!signer) return { ok: false, reasons: [`QR code signed by unknown signer ${signerId}`], signerId };
  const cert = new X509Certificate(signer.certDer);
  const reasons = chainReasons(
    cert,
    new X509Certificate(keys.cscaCertDer),
    now,
    'signer certificate',
    OID_ICAO_DOCUMENT_SIGNER,
  );
  const key = { key: cert.publicKey, dsaEncoding: 'ieee-p1363' as const };
  if (!verify('sha256', signedBytes(text, sodDigest), key, signature)) {
    reasons.push('QR signature does not match its text');
  }
  return { ok: reasons.length === 0, reasons, signerId };
}

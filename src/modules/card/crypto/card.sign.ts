// One signature for the whole card: the SOD's signed attributes also carry the SHA-256 of the QR text, and the QR
// carries the SOD's message digest and signature. The chip still verifies as a plain ICAO SOD (a verifier ignores
// an attribute it does not know), the QR verifies on its own (rebuild the three attributes, check the signature),
// and a production batch pays one ECDSA signature per card instead of two (docs/adr/0006-card-signing.md).
import { hash } from 'node:crypto';
import type { ActiveSigner } from './card.keys.ts';
import { signedSod } from './card.sod.ts';
import { children, contents, read } from './der.ts';

/** A DER ECDSA-Sig-Value as IEEE P1363 r||s (32 bytes each for P-256). */
export function derToP1363(der: Uint8Array): Buffer {
  const [r, s] = children(der, read(der));
  const fixed = (v: Buffer) => {
    const out = Buffer.alloc(32);
    const trimmed = v.subarray(Math.max(0, v.length - 32));
    trimmed.copy(out, 32 - trimmed.length);
    return out;
  };
  return Buffer.concat([fixed(contents(der, r!)), fixed(contents(der, s!))]);
}

/**
 * The QR text with its signature field (`<signerId>.<message digest>.<signature>`, base64url) and the SOD, both
 * from one signature by the active document signer.
 */
export function signCard(
  qrText: string,
  dataGroups: ReadonlyMap<number, Uint8Array>,
  signer: ActiveSigner,
): { qr: string; sod: Uint8Array } {
  const qrDigest = hash('sha256', Buffer.from(qrText, 'utf8'), 'buffer');
  const { sod, messageDigest, signature } = signedSod(dataGroups, signer, qrDigest);
  const field = `${signer.id}.${messageDigest.toString('base64url')}.${derToP1363(signature).toString('base64url')}`;
  return { qr: `${qrText}|${field}`, sod };
}

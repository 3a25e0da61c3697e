// One signature for the whole card: the SOD's signed attributes also carry the SHA-256 of the QR text, and the QR
// carries the SOD's message digest and signature. The chip still verifies as a plain ICAO SOD (a verifier ignores
// an attribute it does not know), the QR verifies on its own (rebuild the three attributes, check the signature),
// and a production batch pays one ECDSA signature per card instead of two (docs/adr/0006-card-signing.md).
import { hash } from 'node:crypto';
import type { ActiveSigner } from './card.keys.ts';
import { type DataGroupBytes, signedSod } from './card.sod.ts';

/**
 * A DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs) of P-256 as IEEE P1363 r||s, 32 bytes each: read in place, as
 * it runs once per card.
 */
export function derToP1363(der: Uint8Array): Buffer {
  if (der[0] !== 0x30 || der[1]! >= 0x80 || der[1]! + 2 !== der.length) throw new Error('not a DER ECDSA signature');
  const out = Buffer.alloc(64);
  let at = 2;
  for (let half = 1; half <= 2; half++) {
    const len = der[at + 1]!;
    if (der[at] !== 0x02 || len > 33 || at + 2 + len > der.length) throw new Error('not a DER ECDSA signature');
    const end = at + 2 + len;
    const take = Math.min(len, 32); // a 33rd byte is the leading zero of a positive INTEGER
    out.set(der.subarray(end - take, end), 32 * half - take);
    at = end;
  }
  return out;
}

/**
 * The QR text with its signature field (`<signerId>.<message digest>.<signature>`, base64url) and the SOD, both
 * from one signature by the active document signer.
 */
export function signCard(
  qrText: string,
  dataGroups: ReadonlyMap<number, DataGroupBytes>,
  signer: ActiveSigner,
): { qr: string; sod: Uint8Array } {
  const qrDigest = hash('sha256', Buffer.from(qrText, 'utf8'), 'buffer');
  const { sod, messageDigest, signature } = signedSod(dataGroups, signer, qrDigest);
  const field = `${signer.id}.${messageDigest.toString('base64url')}.${derToP1363(signature).toString('base64url')}`;
  return { qr: `${qrText}|${field}`, sod };
}

// The document security object (SOD) of ICAO 9303-10 §4.6.2: a CMS SignedData (RFC 5652) whose content is the
// LDSSecurityObject, the SHA-256 hash of every data group on the chip, signed by the active document signer.
// Built byte by byte from precomputed parts and signed with node:crypto synchronously: a production batch signs
// one per card, and the signature must stay the only real cost (docs/adr/0006-card-signing.md).
import { createHash, sign } from 'node:crypto';
import {
  issuerAndSerialOf,
  OID_CONTENT_TYPE,
  OID_ECDSA_SHA256,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_SHA256,
  OID_SIGNED_DATA,
} from './card.asn1.ts';
import type { ActiveSigner } from './card.keys.ts';
import { explicit, int, octets, oid, seq, set, tlv } from './der.ts';

// Constant parts, encoded once. Parameters of SHA-256 are absent (RFC 5754), which ICAO 9303-10 allows.
const ALG_SHA256 = seq(oid(OID_SHA256));
const ALG_ECDSA_SHA256 = seq(oid(OID_ECDSA_SHA256));
const LDS_VERSION = int(0);
const SIGNED_DATA_VERSION = int(3); // 3: the content type is not id-data (RFC 5652 §5.1)
const SIGNER_INFO_VERSION = int(1); // 1: the signer is named by issuer and serial number
const DIGEST_ALGORITHMS = set(ALG_SHA256);
const OID_LDS = oid(OID_LDS_SECURITY_OBJECT);
const SIGNED_DATA_TYPE = oid(OID_SIGNED_DATA);
// Signed attributes in DER order (a SET OF sorts by encoding: contentType's is shorter, so it comes first).
const ATTR_CONTENT_TYPE = seq(oid(OID_CONTENT_TYPE), set(OID_LDS));
const ATTR_DIGEST_TYPE = oid(OID_MESSAGE_DIGEST);

/** What every SOD of one signer repeats: its certificate ([0] certificates) and its issuer and serial number. */
interface SignerParts {
  certificates: Buffer;
  issuerAndSerial: Buffer;
}

const partsCache = new WeakMap<Uint8Array, SignerParts>();

function signerParts(certDer: Uint8Array): SignerParts {
  let parts = partsCache.get(certDer);
  if (!parts) {
    const { issuer, serial } = issuerAndSerialOf(certDer);
    parts = { certificates: explicit(0, certDer), issuerAndSerial: seq(issuer, serial) };
    partsCache.set(certDer, parts);
  }
  return parts;
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** The LDSSecurityObject (version 0, SHA-256) over the data groups, in data-group order. */
export function ldsSecurityObject(dataGroups: ReadonlyMap<number, Uint8Array>): Buffer {
  const numbers = [...dataGroups.keys()].sort((a, b) => a - b);
  const hashes = numbers.map((n) => seq(int(n), octets(sha256(dataGroups.get(n)!))));
  return seq(LDS_VERSION, ALG_SHA256, seq(...hashes));
}

/**
 * The SOD as a bare CMS ContentInfo (DER), what `openssl cms -verify` reads. On a chip the same bytes are wrapped
 * in the application tag 0x77 of EF.SOD (see chipSodFile).
 */
export function buildSod(dataGroups: ReadonlyMap<number, Uint8Array>, signer: ActiveSigner): Uint8Array {
  const parts = signerParts(signer.certDer);
  const lds = ldsSecurityObject(dataGroups);
  const signedAttrs = set(ATTR_CONTENT_TYPE, seq(ATTR_DIGEST_TYPE, set(octets(sha256(lds)))));
  const signature = sign('sha256', signedAttrs, { key: signer.key, dsaEncoding: 'der' });
  signedAttrs[0] = 0xa0; // signed over as a SET (RFC 5652 §5.4), stored as [0] IMPLICIT
  const signerInfo = seq(
    SIGNER_INFO_VERSION,
    parts.issuerAndSerial,
    ALG_SHA256,
    signedAttrs,
    ALG_ECDSA_SHA256,
    octets(signature),
  );
  const content = seq(OID_LDS, explicit(0, octets(lds)));
  const signedData = seq(SIGNED_DATA_VERSION, DIGEST_ALGORITHMS, content, parts.certificates, set(signerInfo));
  return seq(SIGNED_DATA_TYPE, explicit(0, signedData));
}

/** EF.SOD as stored on the chip (ICAO 9303-10 §4.6.2): the ContentInfo inside application tag 0x77. */
export function chipSodFile(sod: Uint8Array): Uint8Array {
  return tlv(0x77, sod);
}

export type { SodCheck } from './card.sod.check.ts';
export { checkSod } from './card.sod.check.ts';

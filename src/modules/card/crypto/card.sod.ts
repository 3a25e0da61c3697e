// The document security object (SOD) of ICAO 9303-10 §4.6.2: a CMS SignedData (RFC 5652) whose content is the
// LDSSecurityObject, the SHA-256 hash of every data group on the chip, signed by the active document signer.
// Built byte by byte from precomputed parts and signed with node:crypto synchronously: a production batch signs
// one per card, and the signature must stay the only real cost (docs/adr/0006-card-signing.md).
import { createHash, hash, sign } from 'node:crypto';
import {
  issuerAndSerialOf,
  OID_CONTENT_TYPE,
  OID_ECDSA_SHA256,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_QR_TEXT_DIGEST,
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
const ATTR_CONTENT_TYPE = seq(oid(OID_CONTENT_TYPE), set(OID_LDS));
const ZERO_HASH = Buffer.alloc(32);
const ATTR_MESSAGE_DIGEST = seq(oid(OID_MESSAGE_DIGEST), set(octets(ZERO_HASH)));
const ATTR_QR_TEXT_DIGEST = seq(oid(OID_QR_TEXT_DIGEST), set(octets(ZERO_HASH)));

/**
 * The signed attributes as signed (a SET), with the offsets of the message digest and of the QR text digest (when
 * present) in it: both attributes end with their 32-byte value. A SET OF is in the order of its encodings (DER).
 */
function signedAttributesTemplate(withQr: boolean): { attrs: Buffer; mdAt: number; qrAt: number } {
  const list = [ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST, ...(withQr ? [ATTR_QR_TEXT_DIGEST] : [])];
  list.sort(Buffer.compare);
  const attrs = set(...list);
  const endOf = (a: Buffer) => attrs.length - list.slice(list.indexOf(a) + 1).reduce((n, b) => n + b.length, 0);
  return { attrs, mdAt: endOf(ATTR_MESSAGE_DIGEST) - 32, qrAt: withQr ? endOf(ATTR_QR_TEXT_DIGEST) - 32 : -1 };
}

const ATTRS = [signedAttributesTemplate(false), signedAttributesTemplate(true)] as const;

/** The signed attributes of a card signature (card.sign.ts): what a QR verifier rebuilds to check it. */
export function signedAttributes(messageDigest: Uint8Array, qrTextDigest: Uint8Array | null): Buffer {
  const t = ATTRS[qrTextDigest ? 1 : 0];
  const attrs = Buffer.from(t.attrs);
  attrs.set(messageDigest, t.mdAt);
  if (qrTextDigest) attrs.set(qrTextDigest, t.qrAt);
  return attrs;
}

/** The whole structure, defined once: a ContentInfo around SignedData (RFC 5652 §5) around the LDS object. */
function assemble(signerCertDer: Uint8Array, lds: Buffer, signedAttrsA0: Buffer, signature: Buffer): Buffer {
  const { issuer, serial } = issuerAndSerialOf(signerCertDer);
  const signerInfo = seq(
    SIGNER_INFO_VERSION,
    seq(issuer, serial),
    ALG_SHA256,
    signedAttrsA0,
    ALG_ECDSA_SHA256,
    octets(signature),
  );
  const content = seq(OID_LDS, explicit(0, octets(lds)));
  const signedData = seq(SIGNED_DATA_VERSION, DIGEST_ALGORITHMS, content, explicit(0, signerCertDer), set(signerInfo));
  return seq(SIGNED_DATA_TYPE, explicit(0, signedData));
}

/**
 * For one signer and one set of data-group numbers, every SOD has the same bytes but for the hashes, the message
 * digest and the signature (whose DER length, 70 to 72 bytes, shifts the outer lengths). A template holds the
 * LDS object and the signed attributes with zeroed hashes, and the bytes around them per signature length, cut
 * from assemble(): a card then costs its hashes, its signature and a few copies.
 */
interface Template {
  lds: Buffer;
  /** Offset of each data group's hash in `lds`, in data-group order. */
  hashAt: number[];
  /** The signed attributes as signed (a SET), digests zeroed. */
  attrs: { attrs: Buffer; mdAt: number; qrAt: number };
  bySignatureLength: Map<number, { head: Buffer; middle: Buffer; tail: Buffer }>;
}

const templates = new WeakMap<Uint8Array, Map<string, Template>>();

function makeTemplate(numbers: number[], withQr: boolean): Template {
  const entries = numbers.map((n) => seq(int(n), octets(ZERO_HASH)));
  const lds = seq(LDS_VERSION, ALG_SHA256, seq(...entries));
  // Each entry ends with its hash: count back from the end of the object.
  let after = 0;
  const hashAt = new Array<number>(numbers.length);
  for (let i = entries.length - 1; i >= 0; i--) {
    hashAt[i] = lds.length - after - 32;
    after += entries[i]!.length;
  }
  return { lds, hashAt, attrs: ATTRS[withQr ? 1 : 0], bySignatureLength: new Map() };
}

function around(t: Template, certDer: Uint8Array, signatureLength: number) {
  let cut = t.bySignatureLength.get(signatureLength);
  if (!cut) {
    const attrsA0 = Buffer.from(t.attrs.attrs);
    attrsA0[0] = 0xa0;
    const full = assemble(certDer, t.lds, attrsA0, Buffer.alloc(signatureLength));
    const ldsAt = full.indexOf(t.lds);
    const attrsAt = full.indexOf(attrsA0, ldsAt + t.lds.length);
    cut = {
      head: full.subarray(0, ldsAt),
      middle: full.subarray(ldsAt + t.lds.length, attrsAt),
      tail: full.subarray(attrsAt + attrsA0.length, full.length - signatureLength),
    };
    t.bySignatureLength.set(signatureLength, cut);
  }
  return cut;
}

function templateFor(certDer: Uint8Array, numbers: number[], withQr: boolean): Template {
  let bySigner = templates.get(certDer);
  if (!bySigner) {
    bySigner = new Map();
    templates.set(certDer, bySigner);
  }
  const key = `${numbers.join(',')}${withQr ? '+qr' : ''}`;
  let t = bySigner.get(key);
  if (!t) {
    t = makeTemplate(numbers, withQr);
    bySigner.set(key, t);
  }
  return t;
}

/**
 * The SOD as a bare CMS ContentInfo (DER), what `openssl cms -verify` reads. On a chip the same bytes are wrapped
 * in the application tag 0x77 of EF.SOD (see chipSodFile).
 */
export function buildSod(dataGroups: ReadonlyMap<number, Uint8Array>, signer: ActiveSigner): Uint8Array {
  return signedSod(dataGroups, signer, null).sod;
}

/**
 * A data group's bytes, whole or as pieces to hash in order (a face image is not copied behind its header to be
 * hashed once).
 */
export type DataGroupBytes = Uint8Array | readonly Uint8Array[];

/**
 * A SOD and what it signed: the message digest (SHA-256 of the LDS object) and the DER signature. With a QR text
 * digest, that digest is one more signed attribute, so one signature vouches for the chip and the printed code.
 */
export function signedSod(
  dataGroups: ReadonlyMap<number, DataGroupBytes>,
  signer: ActiveSigner,
  qrTextDigest: Uint8Array | null,
): { sod: Uint8Array; messageDigest: Buffer; signature: Buffer } {
  const numbers = [...dataGroups.keys()].sort((a, b) => a - b);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) {
    throw new Error(`data groups are numbered 1 to 16, got ${numbers.join(', ')}`);
  }
  const t = templateFor(signer.certDer, numbers, qrTextDigest !== null);
  const lds = Buffer.from(t.lds);
  for (let i = 0; i < numbers.length; i++) {
    const g = dataGroups.get(numbers[i]!)!;
    if (g instanceof Uint8Array) hash('sha256', g, 'buffer').copy(lds, t.hashAt[i]);
    else {
      const h = createHash('sha256');
      for (const piece of g) h.update(piece);
      h.digest().copy(lds, t.hashAt[i]);
    }
  }
  // One-shot hash(): no Hash object per call, which counts at tens of thousands of cards.
  const messageDigest = hash('sha256', lds, 'buffer');
  const attrs = signedAttributes(messageDigest, qrTextDigest);
  const signature = sign('sha256', attrs, { key: signer.key, dsaEncoding: 'der' });
  attrs[0] = 0xa0; // signed over as a SET (RFC 5652 §5.4), stored as [0] IMPLICIT
  const { head, middle, tail } = around(t, signer.certDer, signature.length);
  return { sod: Buffer.concat([head, lds, middle, attrs, tail, signature]), messageDigest, signature };
}

/** EF.SOD as stored on the chip (ICAO 9303-10 §4.6.2): the ContentInfo inside application tag 0x77. */
export function chipSodFile(sod: Uint8Array): Uint8Array {
  return tlv(0x77, sod);
}

export type { SodCheck } from './card.sod.check.ts';
export { checkSod } from './card.sod.check.ts';

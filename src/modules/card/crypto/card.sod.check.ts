// Checking a SOD as an inspection system would: the signature with the signer certificate it carries, that
// certificate against the country signing CA (signature, validity) and its CRL, and each data group presented
// against the hash the SOD holds. Every failure is named in `reasons`; `ok` only when there is none.
import { createHash, verify, X509Certificate } from 'node:crypto';
import {
  issuerAndSerialOf,
  OID_CONTENT_TYPE,
  OID_ECDSA_SHA256,
  OID_ICAO_DOCUMENT_SIGNER,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_SHA256,
  OID_SIGNED_DATA,
} from './card.asn1.ts';
import { normaliseSerial, revokedSerials } from './card.crl.ts';
import { children, contents, type Element, inner, intOf, octets, oid, oidOf, read, seq, whole } from './der.ts';

export interface SodCheck {
  ok: boolean;
  reasons: string[];
  /** The document signer named in its certificate (CN), when the SOD could be read. */
  signerId: string | null;
  /** The data-group hashes the SOD holds. */
  hashes: Map<number, Uint8Array>;
}

interface ParsedSod {
  lds: Buffer;
  certDer: Buffer;
  signedAttrs: Buffer;
  digestAlg: string;
  signatureAlg: string;
  signature: Buffer;
  /** The signer identifier (issuer and serial number), as encoded. */
  sid: Buffer;
}

/** The element, when it is there with the tag expected; otherwise the SOD is malformed. */
function expectTag(e: Element | undefined, tag: number, what: string): Element {
  if (!e || e.tag !== tag) throw new Error(`malformed ${what}`);
  return e;
}

function algorithmOf(buf: Uint8Array, e: Element | undefined, what: string): string {
  return oidOf(buf, expectTag(children(buf, expectTag(e, 0x30, what))[0], 0x06, what));
}

/** The parts of a SOD, each at the place and with the tag RFC 5652 and ICAO 9303-10 give it. */
function parse(sod: Uint8Array): ParsedSod {
  const outer = read(sod);
  if (outer.end !== sod.length) throw new Error('bytes after the security object');
  const top = expectTag(outer.tag === 0x77 ? inner(sod, outer) : outer, 0x30, 'ContentInfo'); // 0x77: EF.SOD
  const [type, wrapped, ...extra] = children(sod, top);
  if (extra.length > 0) throw new Error('malformed ContentInfo');
  if (oidOf(sod, expectTag(type, 0x06, 'ContentInfo')) !== OID_SIGNED_DATA) throw new Error('not a CMS SignedData');
  const sd = expectTag(inner(sod, expectTag(wrapped, 0xa0, 'ContentInfo')), 0x30, 'SignedData');
  const [version, digestAlgs, encap, ...rest] = children(sod, sd);
  if (intOf(sod, expectTag(version, 0x02, 'SignedData version')) !== 3) throw new Error('SignedData version is not 3');
  const digests = children(sod, expectTag(digestAlgs, 0x31, 'digest algorithms'));
  if (!digests.some((a) => algorithmOf(sod, a, 'digest algorithm') === OID_SHA256)) {
    throw new Error('SHA-256 is not among the digest algorithms');
  }
  const [eType, eContent] = children(sod, expectTag(encap, 0x30, 'encapsulated content'));
  if (oidOf(sod, expectTag(eType, 0x06, 'content type')) !== OID_LDS_SECURITY_OBJECT) {
    throw new Error('content is not an LDS security object');
  }
  const ldsOctets = expectTag(inner(sod, expectTag(eContent, 0xa0, 'content')), 0x04, 'content');
  const certs = rest.find((f) => f.tag === 0xa0);
  if (!certs) throw new Error('no signer certificate in the SOD');
  const certDer = whole(sod, expectTag(children(sod, certs)[0], 0x30, 'certificate'));
  const infos = children(sod, expectTag(rest[rest.length - 1], 0x31, 'signer infos'));
  if (infos.length !== 1) throw new Error(`expected one signer, found ${infos.length}`);
  const [siVersion, sid, digestAlg, attrs, sigAlg, sig] = children(sod, expectTag(infos[0], 0x30, 'signer info'));
  if (intOf(sod, expectTag(siVersion, 0x02, 'SignerInfo version')) !== 1)
    throw new Error('SignerInfo version is not 1');
  const signedAttrs = whole(sod, expectTag(attrs, 0xa0, 'signed attributes'));
  signedAttrs[0] = 0x31; // verified as the SET it was signed as
  return {
    lds: contents(sod, ldsOctets),
    certDer,
    signedAttrs,
    digestAlg: algorithmOf(sod, digestAlg, 'digest algorithm'),
    signatureAlg: algorithmOf(sod, sigAlg, 'signature algorithm'),
    signature: contents(sod, expectTag(sig, 0x04, 'signature')),
    sid: whole(sod, expectTag(sid, 0x30, 'signer identifier')),
  };
}

/** The data-group hashes of an LDSSecurityObject (version 0); throws unless it uses SHA-256. */
function ldsHashes(lds: Buffer): Map<number, Uint8Array> {
  const top = read(lds);
  if (top.end !== lds.length) throw new Error('bytes after the LDS security object');
  const [version, alg, list] = children(lds, expectTag(top, 0x30, 'LDS security object'));
  if (intOf(lds, expectTag(version, 0x02, 'LDS version')) !== 0) throw new Error('LDS version is not 0');
  if (algorithmOf(lds, alg, 'LDS hash algorithm') !== OID_SHA256) throw new Error('LDS hash algorithm is not SHA-256');
  const out = new Map<number, Uint8Array>();
  for (const h of children(lds, expectTag(list, 0x30, 'data group hashes'))) {
    const [n, value] = children(lds, expectTag(h, 0x30, 'data group hash'));
    const hash = contents(lds, expectTag(value, 0x04, 'data group hash'));
    if (hash.length !== 32) throw new Error('a data group hash is not 32 bytes');
    out.set(intOf(lds, expectTag(n, 0x02, 'data group number')), new Uint8Array(hash));
  }
  return out;
}

/** A DER signature that does not even parse is simply not the certificate's. */
function verifies(signedAttrs: Buffer, cert: X509Certificate, signature: Buffer): boolean {
  try {
    return verify('sha256', signedAttrs, { key: cert.publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

/** Values of the signed attributes, by type (each attribute has exactly one value here). */
function attributes(attrs: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const a of children(attrs, read(attrs))) {
    const [type, values] = children(attrs, expectTag(a, 0x30, 'signed attribute'));
    const id = oidOf(attrs, expectTag(type, 0x06, 'signed attribute'));
    const list = children(attrs, expectTag(values, 0x31, 'signed attribute'));
    if (list.length !== 1 || out.has(id)) throw new Error(`signed attribute ${id} is not single-valued`);
    out.set(id, whole(attrs, list[0]!));
  }
  return out;
}

function cnOf(cert: X509Certificate): string | null {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? null;
}

/**
 * Reasons a signer certificate cannot be trusted under this CA at `now` for `purpose` (an extended key usage):
 * empty when it can.
 */
export function chainReasons(
  cert: X509Certificate,
  csca: X509Certificate,
  now: Date,
  what: string,
  purpose: string,
): string[] {
  if (!cert.checkIssued(csca) || !cert.verify(csca.publicKey)) return [`${what} not issued by this CA`];
  const reasons: string[] = [];
  if (!(cert.keyUsage ?? []).includes(purpose)) reasons.push(`${what} not issued for this purpose (${purpose})`);
  if (now < new Date(cert.validFrom))
    reasons.push(`${what} not valid before ${new Date(cert.validFrom).toISOString()}`);
  if (now > new Date(cert.validTo)) reasons.push(`${what} expired on ${new Date(cert.validTo).toISOString()}`);
  if (now > new Date(csca.validTo))
    reasons.push(`country signing CA expired on ${new Date(csca.validTo).toISOString()}`);
  return reasons;
}

export function checkSod(
  sod: Uint8Array,
  dataGroups: ReadonlyMap<number, Uint8Array> | null,
  cscaCertDer: Uint8Array,
  crlDer?: Uint8Array,
  now: Date = new Date(),
): SodCheck {
  let p: ParsedSod;
  let hashes: Map<number, Uint8Array>;
  let cert: X509Certificate;
  let attrs: Map<string, Buffer>;
  try {
    p = parse(sod);
    hashes = ldsHashes(p.lds);
    cert = new X509Certificate(p.certDer);
    attrs = attributes(p.signedAttrs);
  } catch (err) {
    const reason = `unreadable security object: ${(err as Error).message}`;
    return { ok: false, reasons: [reason], signerId: null, hashes: new Map() };
  }
  const reasons: string[] = [];
  const digest = createHash('sha256').update(p.lds).digest();
  if (p.digestAlg !== OID_SHA256 || p.signatureAlg !== OID_ECDSA_SHA256) {
    reasons.push('unsupported signature algorithm');
  } else if (!verifies(p.signedAttrs, cert, p.signature)) {
    reasons.push('signature does not verify with the signer certificate');
  }
  if (!attrs.get(OID_MESSAGE_DIGEST)?.equals(octets(digest))) {
    reasons.push('message digest does not match the LDS security object');
  }
  if (!attrs.get(OID_CONTENT_TYPE)?.equals(oid(OID_LDS_SECURITY_OBJECT))) {
    reasons.push('signed content type is not an LDS security object');
  }
  const { issuer, serial } = issuerAndSerialOf(p.certDer);
  if (!p.sid.equals(seq(issuer, serial))) reasons.push('signer identifier does not name the certificate included');
  const csca = new X509Certificate(cscaCertDer);
  reasons.push(...chainReasons(cert, csca, now, 'signer certificate', OID_ICAO_DOCUMENT_SIGNER));
  if (crlDer) {
    try {
      const listed = revokedSerials(crlDer, cscaCertDer).has(normaliseSerial(cert.serialNumber));
      if (listed) reasons.push('signer certificate revoked (on the CRL)');
    } catch (err) {
      reasons.push(`CRL rejected: ${(err as Error).message}`);
    }
  }
  for (const [n, bytes] of [...(dataGroups ?? new Map<number, Uint8Array>())].sort((a, b) => a[0] - b[0])) {
    const expected = hashes.get(n);
    if (!expected) reasons.push(`data group ${n} not in the security object`);
    else if (!createHash('sha256').update(bytes).digest().equals(expected))
      reasons.push(`data group ${n} hash mismatch`);
  }
  return { ok: reasons.length === 0, reasons, signerId: cnOf(cert), hashes };
}

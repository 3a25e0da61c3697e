// Checking a SOD as an inspection system would: the signature with the signer certificate it carries, that
// certificate against the country signing CA (signature, validity) and its CRL, and each data group presented
// against the hash the SOD holds. Every failure is named in `reasons`; `ok` only when there is none.
import { createHash, verify, X509Certificate } from 'node:crypto';
import {
  OID_CONTENT_TYPE,
  OID_ECDSA_SHA256,
  OID_ICAO_DOCUMENT_SIGNER,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_SHA256,
  OID_SIGNED_DATA,
} from './card.asn1.ts';
import { normaliseSerial, revokedSerials } from './card.crl.ts';
import { children, contents, type Element, intOf, oidOf, read, whole } from './der.ts';

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
  sidSerial: string;
}

function parse(sod: Uint8Array): ParsedSod {
  let top = read(sod);
  if (top.tag === 0x77) top = read(sod, top.body); // EF.SOD as read from a chip
  const [type, wrapped] = children(sod, top);
  if (!type || oidOf(sod, type) !== OID_SIGNED_DATA || !wrapped) throw new Error('not a CMS SignedData');
  const fields = children(sod, read(sod, wrapped.body));
  const encap = children(sod, fields[2]!);
  if (oidOf(sod, encap[0]!) !== OID_LDS_SECURITY_OBJECT) throw new Error('content is not an LDS security object');
  const lds = contents(sod, read(sod, encap[1]!.body));
  const certs = fields.find((f) => f.tag === 0xa0);
  if (!certs) throw new Error('no signer certificate in the SOD');
  const certDer = whole(sod, read(sod, certs.body));
  const signerInfos = fields[fields.length - 1]!;
  const si = children(sod, children(sod, signerInfos)[0]!);
  const [, sid, digestAlg, attrs, sigAlg, sig] = si as [Element, Element, Element, Element, Element, Element];
  if (attrs.tag !== 0xa0) throw new Error('no signed attributes');
  const signedAttrs = whole(sod, attrs);
  signedAttrs[0] = 0x31; // verified as the SET it was signed as
  const sidParts = children(sod, sid);
  return {
    lds,
    certDer,
    signedAttrs,
    digestAlg: oidOf(sod, children(sod, digestAlg)[0]!),
    signatureAlg: oidOf(sod, children(sod, sigAlg)[0]!),
    signature: contents(sod, sig),
    sidSerial: normaliseSerial(contents(sod, sidParts[1]!).toString('hex')),
  };
}

/** The data-group hashes of an LDSSecurityObject; throws unless it uses SHA-256. */
function ldsHashes(lds: Buffer): Map<number, Uint8Array> {
  const [, alg, list] = children(lds, read(lds));
  if (oidOf(lds, children(lds, alg!)[0]!) !== OID_SHA256) throw new Error('LDS hash algorithm is not SHA-256');
  const out = new Map<number, Uint8Array>();
  for (const h of children(lds, list!)) {
    const [n, value] = children(lds, h);
    out.set(intOf(lds, n!), new Uint8Array(contents(lds, value!)));
  }
  return out;
}

/** Values of the signed attributes, by type. */
function attributes(attrs: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const a of children(attrs, read(attrs))) {
    const [type, values] = children(attrs, a);
    out.set(oidOf(attrs, type!), whole(attrs, children(attrs, values!)[0]!));
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
  try {
    p = parse(sod);
    hashes = ldsHashes(p.lds);
    cert = new X509Certificate(p.certDer);
  } catch (err) {
    return {
      ok: false,
      reasons: [`unreadable security object: ${(err as Error).message}`],
      signerId: null,
      hashes: new Map(),
    };
  }
  const reasons: string[] = [];
  const attrs = attributes(p.signedAttrs);
  const digest = createHash('sha256').update(p.lds).digest();
  if (p.digestAlg !== OID_SHA256 || p.signatureAlg !== OID_ECDSA_SHA256)
    reasons.push('unsupported signature algorithm');
  else if (!verify('sha256', p.signedAttrs, { key: cert.publicKey, dsaEncoding: 'der' }, p.signature)) {
    reasons.push('signature does not verify with the signer certificate');
  }
  const md = attrs.get(OID_MESSAGE_DIGEST);
  if (!md || !contents(md, read(md)).equals(digest))
    reasons.push('message digest does not match the LDS security object');
  const ct = attrs.get(OID_CONTENT_TYPE);
  if (!ct || oidOf(ct, read(ct)) !== OID_LDS_SECURITY_OBJECT)
    reasons.push('signed content type is not an LDS security object');
  const serial = normaliseSerial(cert.serialNumber);
  if (p.sidSerial !== serial) reasons.push('signer identifier does not name the certificate included');
  const csca = new X509Certificate(cscaCertDer);
  reasons.push(...chainReasons(cert, csca, now, 'signer certificate', OID_ICAO_DOCUMENT_SIGNER));
  if (crlDer) {
    try {
      if (revokedSerials(crlDer, cscaCertDer).has(serial)) reasons.push('signer certificate revoked (on the CRL)');
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

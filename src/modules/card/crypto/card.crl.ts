// The CRL of document signers (RFC 5280 v2), signed by the CSCA: a signer whose key leaked is listed here, and
// every card it signed fails verification from then on. Built and read with the DER helpers so both stay
// synchronous; openssl reads what is built here (test/card/crypto.status.test.ts).
import { type KeyObject, sign, verify, X509Certificate } from 'node:crypto';
import { issuerAndSerialOf, subjectKeyId } from './card.asn1.ts';
import { children, contents, explicit, int, oid, oidOf, read, seq, tlv, whole } from './der.ts';

const OID_ECDSA_SHA384 = '1.2.840.10045.4.3.3';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_CRL_NUMBER = '2.5.29.20';
const OID_AUTHORITY_KEY_ID = '2.5.29.35';

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §5.1.2.4). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

/** A serial number (hex) as a positive INTEGER. */
function serialInteger(hex: string): Buffer {
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  const bytes = Buffer.from(even, 'hex');
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

export interface CrlEntry {
  /** Serial number of the revoked certificate, hex. */
  serial: string;
  revokedAt: Date;
}

/** A CRL signed by the CA key (ECDSA with SHA-384, the CSCA's P-384 key). */
export function buildCrl(
  ca: { certDer: Uint8Array; key: KeyObject },
  entries: CrlEntry[],
  thisUpdate: Date,
  nextUpdate: Date,
  crlNumber: number,
): Uint8Array {
  // The CRL's issuer is the CA's subject, as encoded in its certificate (a self-signed CA: also its issuer).
  const { issuer } = issuerAndSerialOf(ca.certDer);
  const alg = seq(oid(OID_ECDSA_SHA384));
  const revoked = entries.map((e) => seq(serialInteger(e.serial), time(e.revokedAt)));
  const keyId = subjectKeyId(ca.certDer);
  const exts = [seq(oid(OID_CRL_NUMBER), tlv(0x04, int(crlNumber)))];
  if (keyId) exts.push(seq(oid(OID_AUTHORITY_KEY_ID), tlv(0x04, seq(tlv(0x80, keyId)))));
  const tbs = seq(
    int(1), // v2
    alg,
    issuer,
    time(thisUpdate),
    time(nextUpdate),
    ...(revoked.length > 0 ? [seq(...revoked)] : []),
    explicit(0, seq(...exts)),
  );
  const signature = sign('sha384', tbs, { key: ca.key, dsaEncoding: 'der' });
  return seq(tbs, alg, tlv(0x03, Buffer.from([0]), signature));
}

/** Serial numbers (hex, lower case, no leading zeros) listed by a CRL; throws unless the CA signed it. */
export function revokedSerials(crlDer: Uint8Array, caCertDer: Uint8Array): Set<string> {
  const list = read(crlDer);
  const [tbs, alg, sig] = children(crlDer, list);
  if (!tbs || !alg || !sig || sig.tag !== 0x03) throw new Error('CRL: malformed');
  const algId = oidOf(crlDer, children(crlDer, alg)[0]!);
  const hash = algId === OID_ECDSA_SHA384 ? 'sha384' : algId === OID_ECDSA_SHA256 ? 'sha256' : null;
  if (!hash) throw new Error(`CRL: unsupported signature algorithm ${algId}`);
  const ca = new X509Certificate(caCertDer);
  const ok = verify(hash, whole(crlDer, tbs), ca.publicKey, crlDer.subarray(sig.body + 1, sig.end));
  if (!ok) throw new Error('CRL not signed by this CA');
  const fields = children(crlDer, tbs);
  const revokedList = fields.find((f, i) => i >= 4 && f.tag === 0x30);
  const serials = new Set<string>();
  for (const entry of revokedList ? children(crlDer, revokedList) : []) {
    serials.add(normaliseSerial(contents(crlDer, children(crlDer, entry)[0]!).toString('hex')));
  }
  return serials;
}

export function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+/, '') || '0';
}

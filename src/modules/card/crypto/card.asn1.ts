// Object identifiers of the card PKI and the few certificate fields read from DER (issuer, serial, key id).
import { children, contents, oidOf, read, whole } from './der.ts';

export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
/**
 * Signed attribute of a card's SOD: SHA-256 of the QR text it vouches for (card.sign.ts). popreg has no OID arc
 * of its own, so this is a UUID OID (ITU-T X.667, arc 2.25), unique without registration.
 */
export const OID_QR_TEXT_DIGEST = '2.25.14497947129429936040210964079427918248';
/** ICAO 9303-12 extended key usage of a document signer certificate. */
export const OID_ICAO_DOCUMENT_SIGNER = '2.23.136.1.1.6.2';
/**
 * Extended key usage of the status-list signer (a UUID OID, as above). With it, and the document-signer usage on
 * document signers, neither key can pass for the other although both chain to the CSCA.
 */
export const OID_STATUS_LIST_SIGNER = '2.25.271852593109398519116315714386395515777';
const OID_SUBJECT_KEY_ID = '2.5.29.14';

/** Issuer Name and serialNumber elements of a certificate, as encoded in it. */
export function issuerAndSerialOf(certDer: Uint8Array): { issuer: Buffer; serial: Buffer } {
  const cert = read(certDer);
  const tbs = read(certDer, cert.body);
  let e = read(certDer, tbs.body);
  if (e.tag === 0xa0) e = read(certDer, e.end); // explicit version
  const serial = e;
  const sigAlg = read(certDer, serial.end);
  const issuer = read(certDer, sigAlg.end);
  return { issuer: whole(certDer, issuer), serial: whole(certDer, serial) };
}

/** The subject key identifier of a certificate (the CRL's authority key identifier), if it has one. */
export function subjectKeyId(certDer: Uint8Array): Buffer | null {
  const cert = read(certDer);
  const tbs = read(certDer, cert.body);
  const extsWrapper = children(certDer, tbs).find((e) => e.tag === 0xa3);
  if (!extsWrapper) return null;
  for (const e of children(certDer, read(certDer, extsWrapper.body))) {
    const [id, ...rest] = children(certDer, e);
    if (id && oidOf(certDer, id) === OID_SUBJECT_KEY_ID) {
      const value = rest[rest.length - 1]!;
      return contents(certDer, read(certDer, value.body)); // OCTET STRING inside the extnValue OCTET STRING
    }
  }
  return null;
}

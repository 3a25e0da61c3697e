// Certificates of the card PKI, made with @peculiar/x509 over Node's WebCrypto: the country signing CA (CSCA,
// self-signed), document signers and the status-list signer (both issued by the CSCA). Only key generation and
// issuance live here (rare, asynchronous); signing cards uses node:crypto synchronously (card.sod.ts).
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export { OID_ICAO_DOCUMENT_SIGNER, OID_STATUS_LIST_SIGNER } from './card.asn1.ts';

const subtle = webcrypto.subtle;
const provider = webcrypto as unknown as Crypto;

// ASCII names: what every reader (openssl, inspection systems) shows the same way.
export const CSCA_NAME = 'C=VN, O=popreg demo, OU=Bo Cong an (demonstration), CN=popreg CSCA VN';
export const signerName = (id: string): string => `C=VN, O=popreg demo, OU=Document Signer, CN=${id}`;
export const STATUS_SIGNER_NAME = 'C=VN, O=popreg demo, OU=Card Status, CN=popreg card status list';

const P384 = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_BY_CSCA = { name: 'ECDSA', hash: 'SHA-384' } as const;

export interface IssuedKey {
  certDer: Uint8Array;
  certPem: string;
  /** PKCS #8 PEM of the private key: written to a 0600 file, never printed. */
  keyPem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** A positive serial number of 16 random bytes (RFC 5280 allows up to 20 octets). */
function serialHex(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x10; // positive and without a leading zero octet
  return b.toString('hex');
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function issued(cert: x509.X509Certificate, keyPem: string): IssuedKey {
  return {
    certDer: new Uint8Array(cert.rawData),
    certPem: cert.toString('pem'),
    keyPem,
    serial: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** The self-signed CSCA: P-384, may sign certificates and CRLs only, no intermediate below it (path length 0). */
export async function createCsca(now: Date, notAfter: Date): Promise<IssuedKey> {
  const keys = (await subtle.generateKey(P384, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialHex(),
      name: CSCA_NAME,
      notBefore: now,
      notAfter,
      keys,
      signingAlgorithm: SIGN_BY_CSCA,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
      ],
    },
    provider,
  );
  return issued(cert, await pkcs8Pem(keys.privateKey));
}

/**
 * A P-256 end-entity certificate issued by the CSCA, allowed to sign (digitalSignature) for one purpose (extended
 * key usage). P-256: the curve chips and phone verifiers handle best, and the fastest to sign.
 */
export async function issueSigner(
  csca: { certPem: string; keyPem: string },
  subject: string,
  now: Date,
  notAfter: Date,
  extendedUsage: string,
): Promise<IssuedKey> {
  const cscaCert = new x509.X509Certificate(csca.certPem);
  const cscaKey = await subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(csca.keyPem), P384, false, ['sign']);
  const keys = (await subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    await x509.AuthorityKeyIdentifierExtension.create(cscaCert.publicKey, false, provider),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
    new x509.ExtendedKeyUsageExtension([extendedUsage], false),
  ];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(),
      subject,
      issuer: cscaCert.subjectName,
      notBefore: now,
      notAfter: notAfter < cscaCert.notAfter ? notAfter : cscaCert.notAfter,
      publicKey: keys.publicKey,
      signingKey: cscaKey,
      signingAlgorithm: SIGN_BY_CSCA,
      extensions,
    },
    provider,
  );
  return issued(cert, await pkcs8Pem(keys.privateKey));
}

export function addYears(d: Date, years: number): Date {
  const r = new Date(d.getTime());
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

// The public trust material a verifier downloads once: the CA bundle (the country signing CA first, then every
// document signer certificate it issued, retired ones included, since a QR signature names its signer but does
// not carry its certificate), the status list and the CRL.
import { X509Certificate } from 'node:crypto';
import { ValidationError } from '../../../domain/errors.ts';
import type { CardKeys } from '../crypto/card.keys.ts';

/** The CA bundle as PEM: CSCA, then the document signers. */
export function caBundlePem(keys: CardKeys): string {
  const pems = [keys.cscaCertDer, ...keys.signers.map((s) => s.certDer)].map((der) =>
    new X509Certificate(der).toString().trim(),
  );
  return `${pems.join('\n')}\n`;
}

function cnOf(cert: X509Certificate): string | null {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? null;
}

/** Reads a CA bundle (or a lone CA certificate): the self-signed certificate is the CA, the others its signers. */
export function readCaBundle(pem: string): {
  cscaCertDer: Uint8Array;
  signers: { id: string; certDer: Uint8Array }[];
} {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certs = blocks.map((b) => new X509Certificate(b));
  const ca = certs.find((c) => c.checkIssued(c));
  if (!ca) {
    throw new ValidationError([
      {
        field: 'ca',
        rule: 'card.ca_missing',
        message: 'no self-signed CA certificate in the PEM file',
        value: blocks.length,
      },
    ]);
  }
  return {
    cscaCertDer: new Uint8Array(ca.raw),
    signers: certs
      .filter((c) => c !== ca)
      .flatMap((c) => {
        const id = cnOf(c);
        return id ? [{ id, certDer: new Uint8Array(c.raw) }] : [];
      }),
  };
}

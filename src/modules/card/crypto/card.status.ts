// The card status list: which cards are revoked or locked, as a compact JWS (RFC 7515, ES256) signed by the
// status-list signer, whose certificate chain to the CSCA travels in the x5c header. A verifier offline needs only
// the CSCA certificate and the latest list. Signed and read with node:crypto, synchronously; jose checks it
// independently in the tests. Also the CRL of document signers (card.crl.ts), signed by the CSCA.
import { sign, verify, X509Certificate } from 'node:crypto';
import { DomainError } from '../../../domain/errors.ts';
import { OID_STATUS_LIST_SIGNER } from './card.asn1.ts';
import { buildCrl } from './card.crl.ts';
import { type CardKeys, cscaPrivateKey } from './card.keys.ts';
import { chainReasons } from './card.sod.check.ts';

export interface StatusEntry {
  number: string;
  issuedOn: string;
  status: 'revoked' | 'locked';
  since: string;
  reason: string;
}

export const STATUS_LIST_TYPE = 'popreg-card-status+jwt';
export const STATUS_LIST_ISSUER = 'popreg card status VN';
const CRL_DAYS = 90; // ICAO 9303-12: a country issues its CRL at least every 90 days

const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

export function signStatusList(keys: CardKeys, entries: StatusEntry[], now: Date, nextUpdate: Date): string {
  const header = {
    alg: 'ES256',
    typ: STATUS_LIST_TYPE,
    x5c: [keys.statusSigner.certDer, keys.cscaCertDer].map((d) => Buffer.from(d).toString('base64')),
  };
  const payload = { iss: STATUS_LIST_ISSUER, iat: seconds(now), nextUpdate: seconds(nextUpdate), entries };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), { key: keys.statusSigner.key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function isEntry(e: unknown): e is StatusEntry {
  const r = e as Record<string, unknown> | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    ['number', 'issuedOn', 'since', 'reason'].every((k) => typeof r[k] === 'string') &&
    (r.status === 'revoked' || r.status === 'locked')
  );
}

function invalid(reason: string): DomainError {
  return new DomainError('CARD.STATUS_LIST_INVALID', `card status list refused: ${reason}`, { reason });
}

function json(part: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalid(`${what} is not a JSON object`);
}

/** The list, once its signature and its signer's chain to this CSCA are checked (CARD.STATUS_LIST_INVALID else). */
export function readStatusList(
  jws: string,
  cscaCertDer: Uint8Array,
  now: Date = new Date(),
): { issuedAt: string; nextUpdate: string; entries: StatusEntry[] } {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw invalid('not a compact JWS (three parts separated by dots)');
  const [h, p, s] = parts as [string, string, string];
  const header = json(h, 'header');
  if (header.alg !== 'ES256') throw invalid(`algorithm ${String(header.alg)} is not ES256`);
  if (header.typ !== STATUS_LIST_TYPE) throw invalid(`type ${String(header.typ)} is not ${STATUS_LIST_TYPE}`);
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') throw invalid('no signer certificate (x5c)');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(x5c[0], 'base64'));
  } catch {
    throw invalid('signer certificate (x5c) unreadable');
  }
  const chain = chainReasons(
    cert,
    new X509Certificate(cscaCertDer),
    now,
    'status list signer certificate',
    OID_STATUS_LIST_SIGNER,
  );
  if (chain.length > 0) throw invalid(chain.join('; '));
  const key = { key: cert.publicKey, dsaEncoding: 'ieee-p1363' as const };
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
    throw invalid('signature does not verify');
  const payload = json(p, 'payload');
  const { iat, nextUpdate, entries } = payload;
  if (typeof iat !== 'number' || typeof nextUpdate !== 'number' || !Array.isArray(entries)) {
    throw invalid('payload lacks iat, nextUpdate or entries');
  }
  const bad = entries.findIndex((e) => !isEntry(e));
  if (bad >= 0) throw invalid(`entry ${bad} is not {number, issuedOn, status: revoked|locked, since, reason}`);
  return {
    issuedAt: new Date(iat * 1000).toISOString(),
    nextUpdate: new Date(nextUpdate * 1000).toISOString(),
    entries: entries as StatusEntry[],
  };
}

/** The CRL of revoked document signers (by id), signed by the CSCA, valid for 90 days. */
export function signerCrl(keys: CardKeys, revokedSignerIds: string[], now: Date): Uint8Array {
  const entries = revokedSignerIds.map((id) => {
    const signer = keys.signers.find((s) => s.id === id);
    if (!signer) throw new Error(`no document signer ${id} in ${keys.dir}`);
    return { serial: new X509Certificate(signer.certDer).serialNumber, revokedAt: now };
  });
  const nextUpdate = new Date(now.getTime() + CRL_DAYS * 86_400_000);
  // The CRL number only grows (RFC 5280 §5.2.3): seconds since 1970 at signing.
  return buildCrl({ certDer: keys.cscaCertDer, key: cscaPrivateKey(keys) }, entries, now, nextUpdate, seconds(now));
}

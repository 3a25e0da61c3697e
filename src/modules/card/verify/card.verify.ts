// Verifying a card offline: its chip data (SOD and data groups) or its QR text, against the country signing CA
// and, when given, the signed status list and the CRL of document signers. The order of the answers matters:
// forged (the signature or the data does not hold) before revoked (the status list names the card) before
// expired (past the expiry printed in the MRZ, or for a QR the expiry the renewal rules give).
import { decodeDg1, decodeDg13 } from '../../../domain/card/lds.ts';
import { parseMrz } from '../../../domain/card/mrz.ts';
import { parseQr } from '../../../domain/card/qr.ts';
import { expiryFor } from '../../../domain/card/renewal.ts';
import { DomainError, ValidationError } from '../../../domain/errors.ts';
import { checkQrSignature } from '../crypto/card.qrsign.ts';
import { checkSod } from '../crypto/card.sod.check.ts';
import { readStatusList, type StatusEntry } from '../crypto/card.status.ts';

export type VerifyInput = { sod: Uint8Array; dataGroups: ReadonlyMap<number, Uint8Array> } | { qr: string };

export interface Trust {
  cscaCertDer: Uint8Array;
  /** Document signer certificates (a QR signature names its signer; an SOD carries its own certificate). */
  signers?: readonly { id: string; certDer: Uint8Array }[];
  /** The signed status list (compact JWS); without it revocation is not checked (and a reason says so). */
  statusListJws?: string;
  crlDer?: Uint8Array;
  /** YYYY-MM-DD: the day expiry is judged on. */
  today: string;
  /** The time certificates are judged at (default now). */
  now?: Date;
}

export type VerifyResult = 'valid' | 'expired' | 'revoked' | 'forged';

export interface Verdict {
  result: VerifyResult;
  reasons: string[];
  /** What the card says, when it could be read. */
  number?: string;
  issuedOn?: string;
  expiresOn?: string | null;
}

/** YYMMDD of an expiry (always this century or later) as YYYY-MM-DD; null for '<<<<<<' (valid for life). */
function expiryOfMrz(yymmdd: string): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  return `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

function messageOf(err: unknown): string {
  if (err instanceof ValidationError) return err.violations.map((v) => `${v.field}: ${v.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
}

interface CardFacts {
  number: string;
  issuedOn: string;
  expiresOn: string | null;
}

function chipFacts(dataGroups: ReadonlyMap<number, Uint8Array>): CardFacts | string {
  const dg1 = dataGroups.get(1);
  const dg13 = dataGroups.get(13);
  if (!dg1) return 'DG1 (MRZ) is missing';
  if (!dg13) return 'DG13 (card data) is missing';
  try {
    const mrz = parseMrz(decodeDg1(dg1));
    if (!mrz.checksValid) return 'a check digit of the MRZ in DG1 is wrong';
    const data = decodeDg13(dg13);
    if (data.number !== mrz.pin) return `DG13 number ${data.number} differs from the MRZ's ${mrz.pin}`;
    if (!data.issuedOn) return 'DG13 has no issue date';
    return { number: mrz.pin, issuedOn: data.issuedOn, expiresOn: expiryOfMrz(mrz.expiry) };
  } catch (err) {
    return `data groups unreadable: ${messageOf(err)}`;
  }
}

function statusOf(trust: Trust, facts: CardFacts, now: Date): { entry: StatusEntry | null; reasons: string[] } {
  if (trust.statusListJws === undefined)
    return { entry: null, reasons: ['no status list given: revocation not checked'] };
  let entries: StatusEntry[];
  try {
    entries = readStatusList(trust.statusListJws, trust.cscaCertDer, now).entries;
  } catch (err) {
    throw new DomainError('CARD.STATUS_LIST_INVALID', `status list refused: ${messageOf(err)}`);
  }
  const entry = entries.find((e) => e.number === facts.number && e.issuedOn === facts.issuedOn) ?? null;
  return { entry, reasons: [] };
}

/** Checks a card's chip data or QR text; see the header for the order of the answers. */
export function verifyCard(input: VerifyInput, trust: Trust): Verdict {
  const now = trust.now ?? new Date();
  let facts: CardFacts;
  if ('qr' in input) {
    const sig = checkQrSignature(input.qr, { cscaCertDer: trust.cscaCertDer, signers: trust.signers ?? [] }, now);
    if (!sig.ok) return { result: 'forged', reasons: sig.reasons };
    try {
      const q = parseQr(input.qr);
      facts = { number: q.pin, issuedOn: q.issuedOn, expiresOn: expiryFor(q.dateOfBirth, q.issuedOn) };
    } catch (err) {
      return { result: 'forged', reasons: [`QR text unreadable: ${messageOf(err)}`] };
    }
  } else {
    const sod = checkSod(input.sod, input.dataGroups, trust.cscaCertDer, trust.crlDer, now);
    if (!sod.ok) return { result: 'forged', reasons: sod.reasons };
    const read = chipFacts(input.dataGroups);
    if (typeof read === 'string') return { result: 'forged', reasons: [read] };
    facts = read;
  }
  const { entry, reasons } = statusOf(trust, facts, now);
  if (entry) {
    const what = entry.status === 'locked' ? 'locked' : 'revoked';
    return { result: 'revoked', reasons: [`card ${what} since ${entry.since}: ${entry.reason}`], ...facts };
  }
  if (facts.expiresOn !== null && facts.expiresOn < trust.today) {
    return { result: 'expired', reasons: [`card expired on ${facts.expiresOn}`, ...reasons], ...facts };
  }
  return { result: 'valid', reasons, ...facts };
}

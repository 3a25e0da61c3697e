// The card key directory: the country signing CA (CSCA), the document signers (one active, retired ones kept so
// cards they signed stay verifiable) and the status-list signer. Private keys are PKCS #8 PEM files of mode 0600
// in this directory only: never in the database, never printed. See docs/adr/0006-card-signing.md.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../domain/errors.ts';
import {
  addYears,
  createCsca,
  type IssuedKey,
  issueSigner,
  OID_ICAO_DOCUMENT_SIGNER,
  OID_STATUS_LIST_SIGNER,
  STATUS_SIGNER_NAME,
  signerName,
} from './card.certs.ts';

/** The document signer that signs new cards (SOD and QR). */
export interface ActiveSigner {
  id: string;
  certDer: Uint8Array;
  key: KeyObject;
}

export interface CardKeys {
  cscaCertDer: Uint8Array;
  cscaCertPem: string;
  signer: ActiveSigner;
  /** Every document signer this CA issued, retired ones included (to verify the cards they signed). */
  signers: { id: string; certDer: Uint8Array; notAfter: string; retired: boolean }[];
  /** Signs the card status list (issued by the CSCA, so the CSCA key need not be online for it). */
  statusSigner: { certDer: Uint8Array; key: KeyObject };
  /** The key directory: the CSCA's private key is read from it only when a CRL is signed (cscaPrivateKey). */
  dir: string;
}

/** index.json: which signers exist and which one is active. Certificates and keys are in their own files. */
interface KeyIndex {
  format: 1;
  active: string;
  signers: { id: string; serial: string; notBefore: string; notAfter: string; retired: boolean; retiredAt?: string }[];
}

// Validity, in years. A card is valid up to 22 years (issued two years before 40, valid to 60), so a signer's
// certificate covers its own use (until the next rotation) plus the longest card; the CSCA outlives its signers.
const CSCA_YEARS = 40;
const SIGNER_YEARS = 30;

const files = {
  index: 'index.json',
  cscaCert: 'csca.cert.pem',
  cscaKey: 'csca.key.pem',
  statusCert: 'status.cert.pem',
  statusKey: 'status.key.pem',
  signerCert: (id: string) => join('signers', `${id}.cert.pem`),
  signerKey: (id: string) => join('signers', `${id}.key.pem`),
};

function writeNew(path: string, text: string, mode: number): void {
  writeFileSync(path, text, { mode, flag: 'wx' });
}

function writeIndex(dir: string, index: KeyIndex): void {
  // Written aside then renamed: a reader never sees half an index.
  const path = join(dir, files.index);
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
  renameSync(aside, path);
}

function readIndex(dir: string): KeyIndex | null {
  const path = join(dir, files.index);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as KeyIndex;
}

function signerEntry(id: string, k: IssuedKey): KeyIndex['signers'][number] {
  return {
    id,
    serial: k.serial,
    notBefore: k.notBefore.toISOString(),
    notAfter: k.notAfter.toISOString(),
    retired: false,
  };
}

function storeSigner(dir: string, id: string, k: IssuedKey): void {
  mkdirSync(join(dir, 'signers'), { recursive: true, mode: 0o700 });
  writeNew(join(dir, files.signerKey(id)), k.keyPem, 0o600);
  writeNew(join(dir, files.signerCert(id)), k.certPem, 0o644);
}

function cscaFiles(dir: string): { certPem: string; keyPem: string } {
  return {
    certPem: readFileSync(join(dir, files.cscaCert), 'utf8'),
    keyPem: readFileSync(join(dir, files.cscaKey), 'utf8'),
  };
}

/** Creates the CSCA, the first document signer (DS001) and the status-list signer in an empty directory. */
export async function initCardCa(dir: string, now: Date): Promise<{ cscaCertPem: string; signerId: string }> {
  const exists = () => new DomainError('CARD.CA_EXISTS', `a country signing CA already exists in ${dir}`, { dir });
  if (existsSync(join(dir, files.index)) || existsSync(join(dir, files.cscaKey))) throw exists();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const csca = await createCsca(now, addYears(now, CSCA_YEARS));
  try {
    // Exclusive create: of two simultaneous inits, one writes the CSCA key and the other stops here.
    writeNew(join(dir, files.cscaKey), csca.keyPem, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists();
    throw err;
  }
  writeNew(join(dir, files.cscaCert), csca.certPem, 0o644);
  const status = await issueSigner(csca, STATUS_SIGNER_NAME, now, addYears(now, CSCA_YEARS), OID_STATUS_LIST_SIGNER);
  writeNew(join(dir, files.statusKey), status.keyPem, 0o600);
  writeNew(join(dir, files.statusCert), status.certPem, 0o644);
  const signerId = 'DS001';
  const signer = await issueSigner(
    csca,
    signerName(signerId),
    now,
    addYears(now, SIGNER_YEARS),
    OID_ICAO_DOCUMENT_SIGNER,
  );
  storeSigner(dir, signerId, signer);
  writeIndex(dir, { format: 1, active: signerId, signers: [signerEntry(signerId, signer)] });
  return { cscaCertPem: csca.certPem, signerId };
}

/** Issues a new document signer and makes it the active one; the previous one is marked retired, not deleted. */
export async function rotateSigner(dir: string, now: Date): Promise<{ signerId: string }> {
  const index = readIndex(dir);
  if (!index) throw missing(dir, files.index);
  const next = Math.max(0, ...index.signers.map((s) => Number(s.id.slice(2)) || 0)) + 1;
  const signerId = `DS${String(next).padStart(3, '0')}`;
  const signer = await issueSigner(
    cscaFiles(dir),
    signerName(signerId),
    now,
    addYears(now, SIGNER_YEARS),
    OID_ICAO_DOCUMENT_SIGNER,
  );
  storeSigner(dir, signerId, signer);
  const signers = index.signers.map((s) => (s.retired ? s : { ...s, retired: true, retiredAt: now.toISOString() }));
  writeIndex(dir, { format: 1, active: signerId, signers: [...signers, signerEntry(signerId, signer)] });
  return { signerId };
}

function missing(dir: string, what: string): DomainError {
  return new DomainError(
    'CARD.KEYS_MISSING',
    `no card signing keys in ${dir} (${what} missing): run popreg card ca init`,
    {
      dir,
      missing: what,
    },
  );
}

function readPem(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw missing(dir, file);
  return readFileSync(path, 'utf8');
}

function certDer(pem: string): Uint8Array {
  return new Uint8Array(new X509Certificate(pem).raw);
}

/** The keys to sign cards with; throws CARD.KEYS_MISSING when the directory holds no CA or no active signer. */
export function loadCardKeys(dir: string): CardKeys {
  const index = readIndex(dir);
  if (!index) throw missing(dir, files.index);
  const cscaCertPem = readPem(dir, files.cscaCert);
  const signers = index.signers.map((s) => ({
    id: s.id,
    certDer: certDer(readPem(dir, files.signerCert(s.id))),
    notAfter: s.notAfter,
    retired: s.retired,
  }));
  const active = signers.find((s) => s.id === index.active);
  if (!active) throw missing(dir, `active signer ${index.active}`);
  return {
    cscaCertDer: certDer(cscaCertPem),
    cscaCertPem,
    signer: { id: active.id, certDer: active.certDer, key: createPrivateKey(readPem(dir, files.signerKey(active.id))) },
    signers,
    statusSigner: {
      certDer: certDer(readPem(dir, files.statusCert)),
      key: createPrivateKey(readPem(dir, files.statusKey)),
    },
    dir,
  };
}

/** The CSCA's private key, read when needed (CRLs) rather than held by every process that signs cards. */
export function cscaPrivateKey(keys: Pick<CardKeys, 'dir'>): KeyObject {
  return createPrivateKey(readPem(keys.dir, files.cscaKey));
}

// The public side of the cards: the CA bundle, the signed status list of revoked and locked cards, the CRL of
// document signers, and verification of a card presented to popreg (the same check a verifier runs offline with
// what these three give it). Nothing here needs an actor: none of it reveals more than the card itself.
import type { Db } from '../../../db/database.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { type CardKeys, loadCardKeys } from '../crypto/card.keys.ts';
import { signerCrl, signStatusList } from '../crypto/card.status.ts';
import { revokedOrLocked } from './card.verify.repository.ts';
import { caBundlePem } from './card.verify.trust.ts';
import { type Verdict, verifyCard } from './card.verify.ts';

export interface CardVerifyDeps {
  db: Db;
  keyDir: string;
  today: () => string;
  now?: () => Date;
}

/** How long a verifier may rely on a status list before fetching a new one. */
const STATUS_LIST_HOURS = 24;

export interface VerifyBody {
  sod?: string;
  dataGroups?: Record<string, string>;
  qr?: string;
}

function base64(field: string, value: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw new ValidationError([{ field, rule: 'base64', message: 'must be base64', value: value.slice(0, 40) }]);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export class CardVerifyService {
  constructor(private readonly deps: CardVerifyDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private keys(): CardKeys {
    return loadCardKeys(this.deps.keyDir);
  }

  /** PEM: the country signing CA, then its document signers. */
  caPem(): string {
    return caBundlePem(this.keys());
  }

  /** The status list: every revoked or locked card (number and issue date), signed, valid for a day. */
  async statusList(): Promise<string> {
    const rows = await revokedOrLocked(this.deps.db);
    const now = this.now();
    const entries = rows.map((r) => ({
      number: r.number,
      issuedOn: r.issued_on,
      status: r.status,
      since: r.status_at,
      reason: r.status_reason ?? '',
    }));
    return signStatusList(this.keys(), entries, now, new Date(now.getTime() + STATUS_LIST_HOURS * 3_600_000));
  }

  /** The CRL of document signers (none is revoked: a retired signer's cards stay valid). */
  crl(): Uint8Array {
    return signerCrl(this.keys(), [], this.now());
  }

  /** Verifies a card presented as chip data (SOD and data groups) or as QR text against popreg's own trust. */
  async verify(body: VerifyBody): Promise<Verdict> {
    const keys = this.keys();
    const trust = {
      cscaCertDer: keys.cscaCertDer,
      signers: keys.signers,
      statusListJws: await this.statusList(),
      today: this.deps.today(),
      now: this.now(),
    };
    if (body.qr !== undefined) return verifyCard({ qr: body.qr }, trust);
    if (body.sod === undefined || body.dataGroups === undefined) {
      throw new ValidationError([
        { field: 'sod', rule: 'card.verify_input', message: 'give either qr, or sod with dataGroups' },
      ]);
    }
    const groups = new Map<number, Uint8Array>();
    for (const [k, v] of Object.entries(body.dataGroups)) {
      if (!/^\d{1,2}$/.test(k)) {
        throw new ValidationError([
          { field: `dataGroups.${k}`, rule: 'card.data_group', message: 'must be a data group number', value: k },
        ]);
      }
      groups.set(Number(k), base64(`dataGroups.${k}`, v));
    }
    return verifyCard({ sod: base64('sod', body.sod), dataGroups: groups }, trust);
  }
}

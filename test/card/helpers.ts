// Shared set-up of the card tests: the registry fixture with card officers of province 38 and 79, persons
// registered by the national administrator, a real JPEG photo, and the shortcut from an approved application to
// a produced card (what the personalisation centre's result import does, without keys or batches).
import type { InjectOptions } from 'fastify';
import jpeg from 'jpeg-js';
import type { Db } from '../../src/db/database.ts';
import type { PrintedCard } from '../../src/domain/card/card.types.ts';
import { buildMrz } from '../../src/domain/card/mrz.ts';
import { mrzDocumentNumber } from '../../src/domain/card/number.ts';
import { qrText } from '../../src/domain/card/qr.ts';
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

export const IN_UNIT = '15835';
export const IN_PROVINCE = '38';
export const OUT_UNIT = '25747';

export interface Res {
  status: number;
  body: any;
}

export interface CardWorld {
  f: RegistryFixture;
  /** Card officers of province 38 and of province 79, and the national administrator. */
  officer38: string;
  officer79: string;
  admin: string;
  as(token: string, opts: InjectOptions): Promise<Res>;
  /** A person registered in `unit` by the administrator; returns the PIN. */
  person(unit: string, over?: Record<string, unknown>): Promise<string>;
  /** Apply (as the province-38 officer unless `token`), expecting success; returns the application. */
  apply(pin: string, body?: Record<string, unknown>, token?: string): Promise<any>;
  /** apply, approve, produce, deliver, issue: a card active in the person's hands; returns the card. */
  issuedCard(pin: string, reason?: string): Promise<any>;
  /** The personalisation centre's part: a produced card for an approved application; returns the card id. */
  produce(applicationId: number): Promise<number>;
  destroy(): Promise<void>;
}

/** A valid JPEG of a grey gradient (ICAO-like 3:4 face frame). */
export function photoJpeg(width = 90, height = 120): string {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = 80 + ((i % width) * 150) / width;
    data.writeUInt8(v, i * 4);
    data.writeUInt8(v, i * 4 + 1);
    data.writeUInt8(v, i * 4 + 2);
    data.writeUInt8(255, i * 4 + 3);
  }
  return jpeg.encode({ data, width, height }, 80).data.toString('base64');
}

let serial = 0;
const NAMES = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lâm', 'Minh', 'Nam'];
/** A unique name of letters only. */
export function uniqueName(family = 'Trần Văn'): string {
  serial += 1;
  return `${family} ${String(serial)
    .padStart(3, '0')
    .split('')
    .map((d) => NAMES[Number(d)])
    .join(' ')}`;
}

async function token(f: RegistryFixture, username: string, role: Role, jurisdiction: string | null) {
  await f.services.access.createUser(cliContext(), {
    username,
    password: `mật-khẩu-rất-dài-${username}`,
    roles: [role],
    jurisdiction,
  });
  return (await f.services.access.createToken(cliContext(), 'cards', username)).token;
}

/** The personalisation centre's part, without keys or batches: a produced card for an approved application. */
export async function produceCard(db: Db, applicationId: number): Promise<number> {
  const app = await db
    .selectFrom('card_application')
    .selectAll()
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const printed = JSON.parse(app.printed!) as PrintedCard;
  const at = new Date().toISOString();
  const row = await db
    .insertInto('card')
    .values({
      application_id: applicationId,
      person_id: Number(app.person_id),
      number: printed.number,
      doc_number: mrzDocumentNumber(printed.number),
      generation: printed.generation,
      issued_on: printed.issuedOn,
      expires_on: printed.expiresOn,
      status: 'produced',
      status_reason: null,
      status_at: at,
      batch_id: null,
      mrz: buildMrz(printed).join('\n'),
      qr: qrText(printed),
      sod: null,
      dg13: null,
      signer_id: null,
      unit_code: app.unit_code,
      province_code: app.province_code,
      created_at: at,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await db
    .updateTable('card_application')
    .set({ status: 'produced', card_id: id, version: app.version + 1 })
    .where('id', '=', applicationId)
    .execute();
  return id;
}

export async function createCardWorld(): Promise<CardWorld> {
  const f = await createRegistryFixture();
  const as = async (tok: string, opts: InjectOptions): Promise<Res> => {
    const r = await f.app.inject({ ...opts, headers: { authorization: `Bearer ${tok}`, ...(opts.headers ?? {}) } });
    return { status: r.statusCode, body: r.body?.startsWith('{') ? r.json() : r.body };
  };
  const w: CardWorld = {
    f,
    officer38: await token(f, 'the.38', 'card_officer', IN_PROVINCE),
    officer79: await token(f, 'the.79', 'card_officer', '79'),
    admin: f.adminToken,
    as,
    async person(unit, over = {}) {
      const dob = (over.dateOfBirth as string | undefined) ?? '1990-05-01';
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(unit, { fullName: uniqueName(), dateOfBirth: dob, registeredOn: dob, ...over }),
      });
      if (r.statusCode !== 201) throw new Error(`birth in ${unit}: ${r.statusCode} ${r.body}`);
      return r.json().pin as string;
    },
    async apply(pin, body = {}, tok = w.officer38) {
      const r = await as(tok, {
        method: 'POST',
        url: '/api/v1/cards/applications',
        payload: { pin, reason: 'first', receivedUnit: IN_UNIT, photo: photoJpeg(), ...body },
      });
      if (r.status !== 201) throw new Error(`apply for ${pin}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    produce: (applicationId) => produceCard(f.t.db, applicationId),
    async issuedCard(pin, reason = 'first') {
      const app = await w.apply(pin, { reason });
      const step = async (url: string) => {
        const r = await as(w.officer38, { method: 'POST', url, payload: {} });
        if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body;
      };
      await step(`/api/v1/cards/applications/${app.id}/approve`);
      const cardId = await w.produce(app.id);
      await step(`/api/v1/cards/${cardId}/deliver`);
      return step(`/api/v1/cards/${cardId}/issue`);
    },
    destroy: () => f.destroy(),
  };
  return w;
}

// Shared set-up of the second-party tests: officers of commune 15835 (province 38) and of province 79, auditors of
// province 38 and of the nation, and persons created by the national administrator in either place.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

export const IN_UNIT = '15835';
export const OUT_UNIT = '25747';
const ON = '2026-01-01';

export interface Officer {
  username: string;
  token: string;
}

export interface SecondPartyWorld {
  f: RegistryFixture;
  commune: Officer;
  province79: Officer;
  province38: Officer;
  auditor38: Officer;
  auditorNational: Officer;
  /** A request as the given officer; returns status and parsed body. */
  as(o: Officer, opts: InjectOptions): Promise<{ status: number; body: any; text: string }>;
  /** A person created by the national administrator, living in `unit`; returns the PIN. */
  person(
    unit: string,
    fullName: string,
    sex: 'M' | 'F',
    dateOfBirth: string,
    extra?: Record<string, unknown>,
  ): Promise<string>;
  /** The person as the national administrator reads them. */
  read(pin: string): Promise<any>;
  /** Marries two persons as the national administrator (applied at once to both). */
  marry(a: string, b: string, date?: string): Promise<void>;
}

async function officer(
  f: RegistryFixture,
  username: string,
  role: Role,
  jurisdiction: string | null,
): Promise<Officer> {
  await f.services.access.createUser(cliContext(), {
    username,
    password: `mật-khẩu-rất-dài-${username}`,
    roles: [role],
    jurisdiction,
  });
  return { username, token: (await f.services.access.createToken(cliContext(), 'second-party', username)).token };
}

export async function createSecondPartyWorld(): Promise<SecondPartyWorld> {
  const f = await createRegistryFixture();
  const w: SecondPartyWorld = {
    f,
    commune: await officer(f, 'xa.thieu.trung', 'commune_officer', IN_UNIT),
    province79: await officer(f, 'tinh.79', 'provincial_officer', '79'),
    province38: await officer(f, 'tinh.38', 'provincial_officer', '38'),
    auditor38: await officer(f, 'kiem.toan.38', 'auditor', '38'),
    auditorNational: await officer(f, 'kiem.toan.qg', 'auditor', null),
    async as(o, opts) {
      const r = await f.app.inject({
        ...opts,
        headers: { authorization: `Bearer ${o.token}`, ...(opts.headers ?? {}) },
      });
      return { status: r.statusCode, body: r.body ? r.json() : null, text: r.body };
    },
    async person(unit, fullName, sex, dateOfBirth, { oldIdNumber, ...extra } = {}) {
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(unit, {
          fullName,
          sex,
          dateOfBirth,
          registeredOn: dateOfBirth,
          birthRegistrationPlace: { unitCode: unit, unitDate: ON },
          permanentResidence: { unitCode: unit, unitDate: ON, detail: 'Số 1' },
          ...extra,
        }),
      });
      expect(r.statusCode, r.body).toBe(201);
      const pin = r.json().pin as string;
      if (oldIdNumber) {
        const u = await f.inject({
          method: 'PATCH',
          url: `/api/v1/persons/${pin}`,
          headers: { 'if-match': r.headers.etag as string },
          payload: { changes: { oldIdNumber }, reason: 'CMND cũ' },
        });
        expect(u.statusCode, u.body).toBe(200);
      }
      return pin;
    },
    async read(pin) {
      const r = await f.inject(`/api/v1/persons/${pin}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    },
    async marry(a, b, date = '2015-05-05') {
      const r = await f.inject({
        method: 'POST',
        url: `/api/v1/persons/${a}/events`,
        payload: { type: 'marriage', spousePin: b, date },
      });
      expect(r.statusCode, r.body).toBe(200);
    },
  };
  return w;
}

/** Audit entries of an action (newest last). */
export async function auditOf(w: SecondPartyWorld, action: string) {
  return w.f.t.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('seq').execute();
}

// Acceptance: every registry endpoint × each role × inside/outside the jurisdiction. Every expected denial is
// denied and audited as denied; every expected access works. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

type Place = 'in' | 'out';
interface Subject {
  role: Role;
  jurisdiction: string | null;
  token?: string;
}

// Jurisdictions: Hà Nội (01) and its Phường Ba Đình (00004); the person "out" lives in TP Hồ Chí Minh (79).
const SUBJECTS: Record<string, Subject> = {
  national_admin: { role: 'national_admin', jurisdiction: null },
  provincial_officer: { role: 'provincial_officer', jurisdiction: '01' },
  commune_officer: { role: 'commune_officer', jurisdiction: '00004' },
  card_officer: { role: 'card_officer', jurisdiction: '01' },
  auditor: { role: 'auditor', jurisdiction: null },
  viewer: { role: 'viewer', jurisdiction: '01' },
};
const READERS = new Set<Role>(['national_admin', 'provincial_officer', 'commune_officer', 'card_officer', 'viewer']);
const WRITERS = new Set<Role>(['national_admin', 'provincial_officer', 'commune_officer']);
const SENSITIVE = new Set<Role>(['national_admin', 'provincial_officer', 'commune_officer']);
const ACCESS_LOG = new Set<Role>([...READERS, 'auditor']);

describe(`registry authorization matrix on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const persons: Record<Place, string> = { in: '', out: '' };
  const UNIT: Record<Place, string> = { in: '00004', out: '25747' };

  const as = (s: Subject, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    f.app.inject({
      method: method as 'GET',
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${s.token}`, ...headers },
    });
  const deniedCount = async () =>
    Number(
      (
        await f.t.db
          .selectFrom('audit_entry')
          .where('outcome', '=', 'denied')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const etagOf = async (pin: string) => (await f.inject(`/api/v1/persons/${pin}`)).headers.etag as string;

  beforeAll(async () => {
    f = await createRegistryFixture();
    for (const place of ['in', 'out'] as const) {
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(UNIT[place], { fullName: `Nguyễn Văn ${place === 'in' ? 'Trong' : 'Ngoài'}` }),
      });
      expect(r.statusCode, r.body).toBe(201);
      persons[place] = r.json().pin;
    }
    for (const [name, s] of Object.entries(SUBJECTS)) {
      const username = name.replace(/_/g, '.');
      await f.services.access.createUser(cliContext(), {
        username,
        password: `mật-khẩu-rất-dài-${name}`,
        roles: [s.role],
        jurisdiction: s.jurisdiction,
      });
      s.token = (await f.services.access.createToken(cliContext(), 'matrix', username)).token;
    }
  }, 120_000);
  afterAll(async () => f.destroy());

  /** Runs one request; checks allowed → 2xx, denied → 403 and one more 'denied' audit entry. */
  async function check(
    _s: Subject,
    allowed: boolean,
    send: () => Promise<{ statusCode: number; body: string; json(): any }>,
  ) {
    const before = await deniedCount();
    const r = await send();
    if (allowed) {
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(200);
      expect(r.statusCode, r.body).toBeLessThan(300);
      expect(await deniedCount()).toBe(before);
    } else {
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.code).toBe('AUTH.FORBIDDEN');
      expect(await deniedCount()).toBe(before + 1);
    }
    return r;
  }

  for (const [name, s] of Object.entries(SUBJECTS)) {
    for (const place of ['in', 'out'] as const) {
      const inScope = s.jurisdiction === null || place === 'in';
      describe(`${name} on a person ${place}side the jurisdiction`, () => {
        it(`GET /persons/{pin} ${READERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          const r = await check(s, READERS.has(s.role) && inScope, () =>
            as(s, 'GET', `/api/v1/persons/${persons[place]}`),
          );
          if (r.statusCode === 200) {
            const state = r.json().state;
            if (SENSITIVE.has(s.role)) expect(state.ethnicity).toBe('01');
            else {
              expect(state.ethnicity).toBeNull();
              expect(r.json().masked).toEqual(['ethnicity', 'religion', 'bloodGroup']);
            }
          }
        });
        it(`GET /persons/{pin}?asOf ${READERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          await check(s, READERS.has(s.role) && inScope, () =>
            as(s, 'GET', `/api/v1/persons/${persons[place]}?asOf=2021-01-01`),
          );
        });
        it(`GET /persons/{pin}/history ${READERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          await check(s, READERS.has(s.role) && inScope, () =>
            as(s, 'GET', `/api/v1/persons/${persons[place]}/history`),
          );
        });
        it(`GET /persons/{pin}/access-log ${ACCESS_LOG.has(s.role) && (inScope || s.role === 'auditor') ? 'works' : 'is denied'}`, async () => {
          await check(s, ACCESS_LOG.has(s.role) && (inScope || s.role === 'auditor'), () =>
            as(s, 'GET', `/api/v1/persons/${persons[place]}/access-log`),
          );
        });
        it(`PATCH /persons/{pin} ${WRITERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          const etag = await etagOf(persons[place]);
          await check(s, WRITERS.has(s.role) && inScope, () =>
            as(
              s,
              'PATCH',
              `/api/v1/persons/${persons[place]}`,
              { changes: { phone: '0912345678' }, reason: 'matrix' },
              { 'if-match': etag },
            ),
          );
        });
        it(`POST /persons/{pin}/events ${WRITERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          await check(s, WRITERS.has(s.role) && inScope, () =>
            as(s, 'POST', `/api/v1/persons/${persons[place]}/events`, {
              type: 'move',
              residence: 'current',
              to: { unitCode: UNIT[place], detail: `Số ${name.length}` },
              date: '2026-05-01',
            }),
          );
        });
        it(`POST /persons (birth ${place}side) ${WRITERS.has(s.role) && inScope ? 'works' : 'is denied'}`, async () => {
          await check(s, WRITERS.has(s.role) && inScope, () =>
            as(s, 'POST', '/api/v1/persons', birthBody(UNIT[place], { fullName: 'Lê Thị Sinh', sex: 'F' })),
          );
        });
      });
    }

    it(`${name}: GET /persons search ${READERS.has(s.role) ? 'shows only the jurisdiction' : 'is denied'}`, async () => {
      const r = await check(s, READERS.has(s.role), () => as(s, 'GET', '/api/v1/persons?name=nguyen van'));
      if (r.statusCode === 200) {
        const pins = r.json().items.map((i: { pin: string }) => i.pin);
        expect(pins).toContain(persons.in);
        expect(pins.includes(persons.out)).toBe(s.jurisdiction === null);
      }
    });
    it(`${name}: GET /stats ${READERS.has(s.role) ? 'works' : 'is denied'}`, async () => {
      await check(s, READERS.has(s.role), () => as(s, 'GET', '/api/v1/stats'));
    });
    it(`${name}: GET /units and /pins/{pin}/check work for every signed-in role`, async () => {
      expect((await as(s, 'GET', '/api/v1/units/00004')).statusCode).toBe(200);
      expect((await as(s, 'GET', `/api/v1/pins/${persons.in}/check`)).statusCode).toBe(200);
    });
  }

  it('refuses every registry endpoint without credentials (401)', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/persons/${persons.in}`],
      ['GET', '/api/v1/persons?name=an'],
      ['GET', `/api/v1/persons/${persons.in}/history`],
      ['GET', `/api/v1/persons/${persons.in}/access-log`],
      ['PATCH', `/api/v1/persons/${persons.in}`],
      ['POST', `/api/v1/persons/${persons.in}/events`],
      ['POST', '/api/v1/persons'],
      ['GET', '/api/v1/stats'],
    ] as const) {
      const r = await f.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("lists in a person's access log who read them, without other persons", async () => {
    const log = (await f.inject(`/api/v1/persons/${persons.in}/access-log`)).json();
    const actors = new Set(log.items.map((i: { actor: string }) => i.actor));
    expect(actors.has('commune.officer')).toBe(true);
    expect(JSON.stringify(log)).not.toContain(persons.out);
  });
});

// The review workflow's authorization: every review action × each role × a ballot inside or outside the
// jurisdiction. Expected access works (200, the ballot moves, one transition row, one audit entry); expected
// refusals get 403 AUTH.FORBIDDEN, leave the ballot as it was and are audited as denied. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import {
  as,
  auditCount,
  BA_DINH,
  ballotRow,
  CAMPAIGN,
  createOfficer,
  dc01,
  HCM,
  HCM_COMMUNE,
  HN,
  insertBallot,
  type Officer,
} from './helpers/review-fixture.ts';

type Place = 'in' | 'out';
const SUBJECTS: { role: Role; jurisdiction: string | null }[] = [
  { role: 'national_admin', jurisdiction: null },
  { role: 'provincial_officer', jurisdiction: HN },
  { role: 'commune_officer', jurisdiction: BA_DINH },
  { role: 'card_officer', jurisdiction: HN },
  { role: 'auditor', jurisdiction: null },
  { role: 'viewer', jurisdiction: HN },
];
/** The roles that may take each step (domain/roles.ts). */
const MAY: Record<'check' | 'verify' | 'approve' | 'return', Set<Role>> = {
  check: new Set(['national_admin', 'provincial_officer', 'commune_officer']),
  verify: new Set(['national_admin', 'provincial_officer']),
  approve: new Set(['national_admin', 'provincial_officer']),
  // Returning a collected ballot is the commune check's call.
  return: new Set(['national_admin', 'provincial_officer', 'commune_officer']),
};
const FROM = { check: 'collected', verify: 'checked', approve: 'verified', return: 'collected' } as const;
const TO = { check: 'checked', verify: 'verified', approve: 'approved', return: 'returned' } as const;

describe(`review authorization matrix on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const officers = new Map<Role, Officer>();

  beforeAll(async () => {
    f = await createRegistryFixture();
    for (const s of SUBJECTS) {
      officers.set(s.role, await createOfficer(f, s.role.replace(/_/g, '.'), s.role, s.jurisdiction));
    }
  }, 120_000);
  afterAll(async () => f?.destroy());

  const place = (p: Place) => (p === 'in' ? { unit: BA_DINH, province: HN } : { unit: HCM_COMMUNE, province: HCM });

  for (const s of SUBJECTS) {
    for (const p of ['in', 'out'] as const) {
      const inScope = s.jurisdiction === null || p === 'in';
      for (const action of ['check', 'verify', 'approve', 'return'] as const) {
        const allowed = MAY[action].has(s.role) && inScope;
        it(`${s.role} ${action} on a ballot ${p}side the jurisdiction ${allowed ? 'works' : 'is denied'}`, async () => {
          const o = officers.get(s.role)!;
          const { unit, province } = place(p);
          const id = await insertBallot(f, {
            values: dc01(unit, province) as Record<string, string>,
            unit,
            province,
            status: FROM[action],
          });
          const deniedBefore = await auditCount(f, `ballot.${action}`, 'denied');
          const okBefore = await auditCount(f, `ballot.${action}`, 'ok');
          const r = await as(f, o, 'POST', `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}/transitions`, {
            action,
            ...(action === 'return' ? { reason: 'Thiếu ngày đăng ký thường trú' } : {}),
          });
          const after = await ballotRow(f, id);
          const transitions = await f.t.db
            .selectFrom('ballot_transition' as never)
            .selectAll()
            .where('ballot_id' as never, '=', id as never)
            .execute();
          if (allowed) {
            expect(r.statusCode, r.body).toBe(200);
            expect(r.json().ballot.status).toBe(TO[action]);
            expect(r.headers.etag).toBe('"2"');
            expect(after.status).toBe(TO[action]);
            expect(after.version).toBe(2);
            expect(transitions).toHaveLength(1);
            expect(await auditCount(f, `ballot.${action}`, 'ok')).toBe(okBefore + 1);
            if (action === 'approve') expect(after.person_id).not.toBeNull();
          } else {
            expect(r.statusCode, r.body).toBe(403);
            expect(r.json().error.code).toBe('AUTH.FORBIDDEN');
            expect(after.status).toBe(FROM[action]);
            expect(after.version).toBe(1);
            expect(transitions).toHaveLength(0);
            expect(await auditCount(f, `ballot.${action}`, 'denied')).toBe(deniedBefore + 1);
          }
        });
      }
      const mayRead = inScope && ['national_admin', 'provincial_officer', 'commune_officer'].includes(s.role);
      it(`${s.role} reading a ballot ${p}side the jurisdiction ${mayRead ? 'works' : 'is denied'}`, async () => {
        const { unit, province } = place(p);
        const id = await insertBallot(f, { values: dc01(unit, province) as Record<string, string>, unit, province });
        const r = await as(f, officers.get(s.role)!, 'GET', `/api/v1/campaigns/${CAMPAIGN}/ballots/${id}/review`);
        expect(r.statusCode, r.body).toBe(mayRead ? 200 : 403);
      });
    }
  }

  it('lists only the ballots of the jurisdiction', async () => {
    const commune = officers.get('commune_officer')!;
    const r = await as(f, commune, 'GET', `/api/v1/campaigns/${CAMPAIGN}/ballots?limit=500`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { unitCode: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((b) => b.unitCode === BA_DINH)).toBe(true);
    const national = await as(
      f,
      officers.get('national_admin')!,
      'GET',
      `/api/v1/campaigns/${CAMPAIGN}/ballots?limit=500`,
    );
    expect((national.json().items as { unitCode: string }[]).some((b) => b.unitCode === HCM_COMMUNE)).toBe(true);
    const viewer = await as(f, officers.get('viewer')!, 'GET', `/api/v1/campaigns/${CAMPAIGN}/ballots`);
    expect(viewer.statusCode).toBe(403);
  });
});

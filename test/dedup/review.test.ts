// The review queue over HTTP: scoped by jurisdiction (both persons in it; test/dedup/scope.test.ts for the rest), filtered by band and unit, paged by cursor; the side-by-side
// view audits the read of both persons; decisions are optimistic, audited and final; 'same' can merge at once (and
// the merge can be undone); reviewers' decisions give precision per band. Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { as as asOfficer, createOfficer, type Officer } from '../helpers/officers.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, loadDeduplicated } from './helpers.ts';

interface Pair {
  id: number;
  status: string;
  probability: number;
  version: number;
  left: { pin: string; unit: string | null; province: string | null };
  right: { pin: string; unit: string | null; province: string | null };
}

describe(`dedup review over HTTP (${TEST_DIALECT})`, () => {
  let f: RegistryFixture;
  let all: Pair[];
  const officers: Record<string, Officer> = {};

  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    asOfficer(f, officers[who]!, method, url, payload);
  const user = async (name: string, role: Role, jurisdiction: string | null) => {
    officers[name] = await createOfficer(f, name, role, jurisdiction);
  };

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    await loadDeduplicated(f, { people: 4000, duplicates: 0.15, seed: 7 });
    all = (await f.inject('/api/v1/dedup/pairs?limit=200')).json().items;
    const commune = all[0]!.left.unit!;
    await user('can.bo.xa', 'commune_officer', commune);
    await user('tinh.ha.noi', 'provincial_officer', '01');
    await user('tinh.hcm', 'provincial_officer', '79');
    await user('nguoi.xem', 'viewer', '01');
  }, 300_000);
  afterAll(async () => {
    await f.destroy();
  });

  it('lists pairs by jurisdiction: a commune sees pairs of two of its persons, a province all of its pairs', async () => {
    expect(all.length).toBeGreaterThan(20);
    const commune = all[0]!.left.unit!;
    const body = (await as('can.bo.xa', 'GET', '/api/v1/dedup/pairs?limit=200')).json();
    const mine = body.items as Pair[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all.length);
    for (const p of mine) expect([p.left.unit, p.right.unit]).toEqual([commune, commune]);
    expect(mine.map((p) => p.id).sort()).toEqual(
      all
        .filter((p) => p.left.unit === commune && p.right.unit === commune)
        .map((p) => p.id)
        .sort(),
    );
    // Pairs with one person elsewhere in the province are referred to the province: only the commune's person shows.
    const half = all.filter((p) => (p.left.unit === commune) !== (p.right.unit === commune));
    const referred = body.referred as { pin: string; referredTo: string; pairs: number }[];
    expect(referred.reduce((n, r) => n + r.pairs, 0)).toBe(half.length);
    for (const r of referred) expect(r.referredTo).toBe('province');
    expect(referred.map((r) => r.pin).sort()).toEqual(
      [...new Set(half.map((p) => (p.left.unit === commune ? p.left.pin : p.right.pin)))].sort(),
    );
    expect((await as('tinh.ha.noi', 'GET', '/api/v1/dedup/pairs?limit=200')).json().items).toHaveLength(all.length);
    expect((await as('tinh.hcm', 'GET', '/api/v1/dedup/pairs')).json().items).toHaveLength(0);
    const denied = await as('nguoi.xem', 'GET', '/api/v1/dedup/pairs');
    expect(denied.statusCode).toBe(403);
  });

  it('filters by band and unit and pages by cursor without overlap', async () => {
    const top = (await f.inject('/api/v1/dedup/pairs?band=0.99-1&limit=200')).json().items as Pair[];
    expect(top.length).toBeGreaterThan(0);
    for (const p of top) expect(p.probability).toBeGreaterThanOrEqual(0.99);
    const commune = all[0]!.left.unit!;
    const unit = (await f.inject(`/api/v1/dedup/pairs?unit=${commune}&limit=200`)).json().items as Pair[];
    for (const p of unit) expect([p.left.unit, p.right.unit]).toContain(commune);
    const first = (await f.inject('/api/v1/dedup/pairs?limit=7')).json();
    const second = (await f.inject(`/api/v1/dedup/pairs?limit=7&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((p: Pair) => p.id)).toEqual(all.slice(0, 14).map((p) => p.id));
    const bad = await f.inject('/api/v1/dedup/pairs?band=0.3-0.4');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.violations[0]).toMatchObject({ field: 'band', rule: 'band.unknown' });
    const badUnit = await f.inject('/api/v1/dedup/pairs?unit=1');
    expect(badUnit.json().error.details.violations[0]).toMatchObject({ field: 'unit', rule: 'unit.format' });
  });

  it('shows a pair side by side, audits the read of both persons, and refuses it outside the jurisdiction', async () => {
    const p = all[0]!;
    const r = await f.inject(`/api/v1/dedup/pairs/${p.id}`);
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.left.pin).toBe(p.left.pin);
    expect(d.right.pin).toBe(p.right.pin);
    expect(d.left.state.fullName).toBeTruthy();
    expect(d.evidence.length).toBe(9);
    expect(
      d.evidence.every((e: { agreement: string }) => ['agree', 'partial', 'disagree', 'unknown'].includes(e.agreement)),
    ).toBe(true);
    const reads = await f.t.db
      .selectFrom('audit_entry')
      .select(['pin', 'details'])
      .where('action', '=', 'person.read')
      .where('pin', 'in', [p.left.pin, p.right.pin])
      .execute();
    expect(reads.filter((x) => JSON.parse(x.details ?? '{}').pairId === p.id)).toHaveLength(2);
    // A provincial officer of another province may not read it: refused and audited as denied.
    const other = await as('tinh.hcm', 'GET', `/api/v1/dedup/pairs/${p.id}`);
    expect(other.statusCode).toBe(403);
    const denials = await f.t.db
      .selectFrom('audit_entry')
      .select('details')
      .where('action', '=', 'dedup.pair')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denials.length).toBeGreaterThan(0);
    expect((await f.inject('/api/v1/dedup/pairs/999999')).statusCode).toBe(404);
  });

  it('takes decisions optimistically, once, audited for both persons', async () => {
    const p = all[1]!;
    const stale = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${p.id}/decision`,
      payload: { decision: 'different', version: p.version + 5 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('DEDUP.ALREADY_DECIDED');
    const ok = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${p.id}/decision`,
      payload: { decision: 'different', version: p.version },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().pair.status).toBe('different');
    expect(ok.json().merge).toBeNull();
    const again = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${p.id}/decision`,
      payload: { decision: 'same', version: ok.json().pair.version },
    });
    expect(again.statusCode).toBe(409);
    const entries = await f.t.db
      .selectFrom('audit_entry')
      .select(['pin', 'actor'])
      .where('action', '=', 'dedup.decision')
      .execute();
    expect(entries.map((e) => e.pin).sort()).toEqual([p.left.pin, p.right.pin].sort());
    const badBody = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${p.id}/decision`,
      payload: { decision: 'maybe', version: 1 },
    });
    expect(badBody.statusCode).toBe(400);
  });

  it("merges on a 'same' decision, and the merge can be undone from the pair", async () => {
    const p = all[2]!;
    const r = await f.inject({
      method: 'POST',
      url: `/api/v1/dedup/pairs/${p.id}/decision`,
      payload: { decision: 'same', version: p.version, merge: true },
    });
    expect(r.statusCode, r.body).toBe(200);
    const { pair, merge } = r.json();
    expect(pair.status).toBe('merged');
    expect(pair.mergeId).toBe(merge.id);
    expect([p.left.pin, p.right.pin]).toContain(merge.survivorPin);
    const alias = (await f.inject(`/api/v1/persons/${merge.retiredPin}`)).json();
    expect(alias.pin).toBe(merge.survivorPin);
    const undo = await f.inject({ method: 'POST', url: `/api/v1/dedup/merges/${merge.id}/undo`, payload: {} });
    expect(undo.statusCode, undo.body).toBe(200);
    const back = (await f.inject(`/api/v1/dedup/pairs/${p.id}`)).json();
    expect(back.status).toBe('open');
    expect(back.version).toBe(p.version);
    expect((await f.inject(`/api/v1/persons/${merge.retiredPin}`)).json().pin).toBe(merge.retiredPin);
  });

  it('estimates precision per band from the decisions, with a Wilson interval', async () => {
    const decided = all.slice(3, 9);
    for (const [i, p] of decided.entries()) {
      const r = await f.inject({
        method: 'POST',
        url: `/api/v1/dedup/pairs/${p.id}/decision`,
        payload: { decision: i === 0 ? 'different' : 'same', version: p.version },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const prec = (await f.inject('/api/v1/dedup/precision')).json();
    expect(prec.bands.map((b: { band: string }) => b.band)).toEqual([
      '0.5-0.8',
      '0.8-0.9',
      '0.9-0.95',
      '0.95-0.99',
      '0.99-1',
    ]);
    // The pairs decided: all[1] different, all[3] different, all[4..8] same (all[2] was merged, then undone: open).
    const expected = new Map<string, { same: number; different: number }>();
    for (const [i, p] of [all[1]!, ...decided].entries()) {
      const band = prec.bands.find(
        (b: { min: number; max: number }) => p.probability >= b.min && (p.probability < b.max || b.max === 1),
      );
      const e = expected.get(band.band) ?? { same: 0, different: 0 };
      if (i <= 1) e.different++;
      else e.same++;
      expected.set(band.band, e);
    }
    expect(prec.decided).toBe(7);
    for (const b of prec.bands) {
      const e = expected.get(b.band) ?? { same: 0, different: 0 };
      expect({ band: b.band, same: b.same, different: b.different }).toEqual({ band: b.band, ...e });
      if (b.decided > 0) {
        expect(b.precision).toBeCloseTo(e.same / (e.same + e.different), 10);
        expect(b.interval.low).toBeLessThanOrEqual(b.precision);
        expect(b.interval.high).toBeGreaterThanOrEqual(b.precision);
      } else expect(b.precision).toBeNull();
    }
  });
});

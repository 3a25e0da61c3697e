// Acceptance: exact quality scores per commune, province and nation for a fixture of known persons (fixture.ts),
// worked out by hand below from the rules: required fields weigh 2, recommended 1; "confirmed" means a change
// recorded or holding from 2021-06-01 on (today 2026-06-01); clean is the share of persons in no open pair.
// Before any deduplication run the clean score is "not run" (null), never a perfect score.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../../src/domain/context.ts';
import type { UnitScore } from '../../src/modules/quality/quality.report.ts';
import type { QualityReport } from '../../src/modules/quality/quality.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { COMMUNE_A, COMMUNE_B, COMMUNE_C, seedDedup, seedPersons, seedUnfinishedRun } from './fixture.ts';

// Completeness of each person (earned weight / possible weight). An adult with a permanent residence is asked
// 10 required fields (20) and place of birth, household and phone (3); a child under 14 place of birth, father,
// mother and household (4); a married adult also the spouse; a person without residence no household.
const C = {
  a1: 1,
  a2: 1, // the phone is filled, only malformed
  a3: 20 / 23, // hometown (2) and phone (1) missing
  a4: 1,
  a5: 1,
  b1: 1,
  b2: 23 / 24, // mother missing
  b3: 22 / 23, // date of birth is a year only: half of 2
  c1: 23 / 24, // married, spouse missing
  c2: 1,
  p1: 1,
  n1: 20 / 22, // no residence (2); household not asked
};
const sum = (...xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (...xs: number[]) => sum(...xs) / xs.length;

function find(items: UnitScore[], code: string): UnitScore {
  const u = items.find((i) => i.code === code);
  if (!u) throw new Error(`no row for ${code}`);
  return u;
}

function expectScores(
  u: UnitScore,
  e: { persons: number; correct: number; complete: number; alive: number; clean: number | null },
) {
  expect(u.persons).toBe(e.persons);
  expect(u.correct).toBeCloseTo(e.correct, 12);
  expect(u.complete).toBeCloseTo(e.complete, 12);
  expect(u.alive).toBeCloseTo(e.alive, 12);
  if (e.clean === null) expect(u.clean).toBeNull();
  else expect(u.clean).toBeCloseTo(e.clean, 12);
  const parts = [e.correct, e.complete, e.alive, ...(e.clean === null ? [] : [e.clean])];
  expect(u.overall).toBeCloseTo(mean(...parts), 12);
}

describe(`quality scores on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let ids: Record<string, number>;
  const report = (q: { by?: 'province' | 'commune'; unit?: string } = {}) =>
    f.services.quality.report(SYSTEM_CONTEXT, q);

  beforeAll(async () => {
    f = await createRegistryFixture();
    ids = (await seedPersons(f)).ids;
  }, 120_000);
  afterAll(async () => f.destroy());

  it('says "not computed" before the first refresh rather than inventing scores', async () => {
    const r = await report();
    expect(r.snapshot).toBeNull();
    expect(r.summary).toBeNull();
    expect(r.items).toEqual([]);
  });

  it('reports clean as "not run" (null, with the reason) while deduplication has never finished a run', async () => {
    await seedUnfinishedRun(f);
    const snap = await f.services.quality.refresh(SYSTEM_CONTEXT);
    expect(snap.persons).toBe(12);
    expect(snap.dedupFinishedAt).toBeNull();
    const r = await report({ by: 'commune', unit: '01' });
    expect(r.availability.clean).toMatchObject({ available: false, reason: 'dedup.not_run' });
    expect(r.overallOf).toEqual(['correct', 'complete', 'alive']);
    const a = find(r.items, COMMUNE_A);
    expectScores(a, {
      persons: 5,
      correct: 4 / 5,
      complete: mean(C.a1, C.a2, C.a3, C.a4, C.a5),
      alive: 4 / 5,
      clean: null,
    });
    expect(a.details.openPairs).toBeNull();
    expect(a.details.pairsPer1000).toBeNull();
  });

  it('computes the exact scores of each commune, province and the nation', async () => {
    await seedDedup(f, ids);
    const snap = await f.services.quality.refresh(SYSTEM_CONTEXT);
    expect(snap.dedupFinishedAt).toBe('2026-05-30T02:00:00.000Z');

    const hn = await report({ by: 'commune', unit: '01' });
    expect(hn.availability.clean.available).toBe(true);
    expect(hn.overallOf).toEqual(['correct', 'complete', 'clean', 'alive']);
    // Commune A: a2 breaks a rule; a4 was last recorded in 2019; a1, a2, a3 are in open pairs (2 pairs).
    const a = find(hn.items, COMMUNE_A);
    expectScores(a, {
      persons: 5,
      correct: 4 / 5,
      complete: mean(C.a1, C.a2, C.a3, C.a4, C.a5),
      alive: 4 / 5,
      clean: 1 - 3 / 5,
    });
    expect(a.name).toBe('Phường Ba Đình');
    expect(a.details).toMatchObject({
      passing: 4,
      openPairs: 2,
      suspects: 3,
      confirmed: 4,
      over110: 1,
      deathsAgainstActiveCards: null,
    });
    expect(a.details.pairsPer1000).toBeCloseTo(400, 12);
    expect(a.details.violations).toEqual([{ rule: 'format', persons: 1 }]);
    expect(a.details.missing).toEqual([
      { field: 'hometown', persons: 1 },
      { field: 'phone', persons: 1 },
    ]);
    // Commune B: the pair decided "different" does not count; the merged persons are left out.
    const b = find(hn.items, COMMUNE_B);
    expectScores(b, { persons: 3, correct: 1, complete: mean(C.b1, C.b2, C.b3), alive: 1, clean: 1 });
    expect(b.details).toMatchObject({ openPairs: 0, suspects: 0, over110: 0, pairsPer1000: 0 });
    expect(b.details.missing).toEqual([
      { field: 'dateOfBirth', persons: 1 },
      { field: 'mother', persons: 1 },
    ]);
    // Hà Nội: A + B + the resident of the split commune, who is in no commune row.
    expect(hn.unplaced).toBe(1);
    expectScores(hn.summary!, {
      persons: 9,
      correct: 8 / 9,
      complete: sum(C.a1, C.a2, C.a3, C.a4, C.a5, C.b1, C.b2, C.b3, C.p1) / 9,
      alive: 8 / 9,
      clean: 1 - 3 / 9,
    });
    expect(hn.summary!.details).toMatchObject({ openPairs: 2, suspects: 3, over110: 1 });
    expect(hn.items).toHaveLength(126); // every commune of Hà Nội, those without persons as "no data"
    const empty = hn.items.find((i) => i.persons === 0)!;
    expect(empty).toMatchObject({ correct: null, complete: null, clean: null, alive: null, overall: null });

    const na = await report({ unit: '40' });
    const c = find(na.items, COMMUNE_C);
    expectScores(c, { persons: 2, correct: 1 / 2, complete: mean(C.c1, C.c2), alive: 1 / 2, clean: 1 / 2 });
    expect(c.details.violations).toEqual([
      { rule: 'code.unknown', persons: 1 },
      { rule: 'pin.year', persons: 1 },
    ]);
    expect(c.details.pairsPer1000).toBeCloseTo(500, 12);

    // The nation, per province: the person without any residence counts in the total only.
    const vn = await report();
    expect(vn.scope).toEqual({ level: 'nation', code: 'VN', name: 'Toàn quốc' });
    expect(vn.by).toBe('province');
    expect(vn.items).toHaveLength(34);
    expect(vn.unplaced).toBe(1);
    expectScores(find(vn.items, '40'), {
      persons: 2,
      correct: 1 / 2,
      complete: mean(C.c1, C.c2),
      alive: 1 / 2,
      clean: 1 / 2,
    });
    expect(find(vn.items, '40').name).toBe('Tỉnh Nghệ An');
    expectScores(vn.summary!, {
      persons: 12,
      correct: 10 / 12,
      complete: sum(...Object.values(C)) / 12,
      alive: 10 / 12,
      clean: 1 - 4 / 12,
    });
    expect(vn.summary!.details).toMatchObject({ openPairs: 2, suspects: 4, over110: 1, confirmed: 10 });
    expect(vn.availability.deathsAgainstActiveCards).toMatchObject({ available: false, reason: 'cards.no_module' });
  });

  it('keeps every run, so a unit shows its trend', async () => {
    const r: QualityReport = await report({ unit: COMMUNE_A });
    expect(r.by).toBe('commune');
    expect(r.items.map((i) => i.code)).toEqual([COMMUNE_A]);
    expect(r.trend).toHaveLength(2);
    expect(r.trend[0]!.clean).toBeNull(); // before deduplication ran
    expect(r.trend[1]!.clean).toBeCloseTo(2 / 5, 12);
    expect(r.trend[1]!.snapshotId).toBeGreaterThan(r.trend[0]!.snapshotId);
  });

  it('computes once when two refreshes arrive together, and records both', async () => {
    const count = async () =>
      Number(
        (
          await f.t.db
            .selectFrom('quality_snapshot')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const [x, y] = await Promise.all([
      f.services.quality.refresh(SYSTEM_CONTEXT),
      f.services.quality.refresh(SYSTEM_CONTEXT),
    ]);
    expect(y.id).toBe(x.id);
    expect(await count()).toBe(before + 1);
    const entries = await f.t.db
      .selectFrom('audit_entry')
      .select(['details'])
      .where('action', '=', 'quality.refresh')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(entries.map((e) => JSON.parse(e.details!).snapshot)).toEqual([x.id, x.id]);
  });

  it('scores the same with a worker thread as on the calling thread', async () => {
    const { QualityService } = await import('../../src/modules/quality/quality.service.ts');
    const threaded = new QualityService({
      db: f.t.db,
      reference: f.services.reference,
      audit: f.services.audit,
      today: f.services.config.today,
      workers: 1,
    });
    await threaded.refresh(SYSTEM_CONTEXT);
    const r = await threaded.report(SYSTEM_CONTEXT);
    expectScores(r.summary!, {
      persons: 12,
      correct: 10 / 12,
      complete: sum(...Object.values(C)) / 12,
      alive: 10 / 12,
      clean: 1 - 4 / 12,
    });
  });
});

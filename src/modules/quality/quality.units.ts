// Rolling tallies per place up to communes, provinces and the nation, and listing the units under a scope: the
// arithmetic of a quality snapshot, apart from the service that stores and reads it.
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { addTally, emptyTally, splitPlaceKey, type Tallies, type Tally } from './quality.compute.ts';
import type { NewSnapshotUnit, PairCounts } from './quality.repository.ts';
import type { QualityLevel } from './quality.table.ts';

export const NATION_CODE = 'VN';
export const NATION_NAME = 'Toàn quốc';

/** The current units listed under a scope: the provinces or communes of the country or of a province. */
export function itemUnits(
  catalog: ReferenceCatalog,
  scopeLevel: QualityLevel,
  scopeCode: string,
  by: QualityLevel,
): { code: string; provinceCode: string | null }[] {
  if (scopeLevel === by) return [{ code: scopeCode, provinceCode: null }];
  if (by === 'province') return catalog.provinces().map((p) => ({ code: p.code, provinceCode: p.code }));
  const provinces = scopeLevel === 'nation' ? catalog.provinces().map((p) => p.code) : [scopeCode];
  return provinces.flatMap((p) => catalog.communesOf(p).map((c) => ({ code: c.code, provinceCode: p })));
}

function toUnitRow(level: QualityLevel, code: string, province: string | null, t: Tally, pairs?: PairCounts) {
  return {
    level,
    code,
    province_code: province,
    persons: t.persons,
    correct: t.correct,
    complete_sum: t.completeSum,
    confirmed: t.confirmed,
    over_110: t.over110,
    open_pairs: pairs?.pairs ?? 0,
    suspects: pairs?.suspects ?? 0,
    violations: JSON.stringify(t.violations),
    missing: JSON.stringify(t.missing),
  } satisfies NewSnapshotUnit;
}

/** Rolls the tallies per place up to communes, provinces and the nation, with the open pairs of each. */
export function buildUnits(
  tallies: Tallies,
  catalog: ReferenceCatalog,
  today: string,
  communePairs: Map<string, PairCounts>,
  provincePairs: Map<string, PairCounts>,
  nationPairs: PairCounts,
): NewSnapshotUnit[] {
  const communes = new Map<string, { province: string | null; tally: Tally }>();
  const provinces = new Map<string, Tally>();
  const nation = emptyTally();
  for (const [key, t] of tallies) {
    const { province, commune } = splitPlaceKey(key);
    addTally(nation, t);
    if (province) {
      const p = provinces.get(province) ?? emptyTally();
      addTally(p, t);
      provinces.set(province, p);
    }
    if (commune) {
      const c = communes.get(commune) ?? { province, tally: emptyTally() };
      addTally(c.tally, t);
      communes.set(commune, c);
    }
  }
  // Units with open pairs but no living person left still show their pairs.
  for (const code of communePairs.keys()) {
    if (!communes.has(code)) {
      communes.set(code, { province: catalog.unitOn(code, today)?.provinceCode ?? null, tally: emptyTally() });
    }
  }
  for (const code of provincePairs.keys()) if (!provinces.has(code)) provinces.set(code, emptyTally());
  return [
    toUnitRow('nation', NATION_CODE, null, nation, nationPairs),
    ...[...provinces].map(([code, t]) => toUnitRow('province', code, code, t, provincePairs.get(code))),
    ...[...communes].map(([code, c]) => toUnitRow('commune', code, c.province, c.tally, communePairs.get(code))),
  ];
}

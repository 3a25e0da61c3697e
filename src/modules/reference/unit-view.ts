// A unit as shown to people (HTTP, CLI): the version valid on a date with its parent, children count,
// the units it became (if it ended) and the units it came from.
import { isValidOn, type ReferenceCatalog } from './catalog.ts';
import { type AdminUnit, levelOfCode, type ResolutionKind, type UnitLevel } from './reference.types.ts';

export interface UnitRef {
  code: string;
  level: UnitLevel;
  name: string;
  fullName: string;
}

/** A step between two units on `effective`; `same` is the same unit under a new name or type. */
export interface UnitLink {
  code: string;
  level: UnitLevel;
  /** Null for an old unit that is in the mapping but not in the unit lists (12 communes dissolved early 2025). */
  name: string | null;
  fullName: string | null;
  kind: ResolutionKind;
  effective: string;
}

export interface UnitView extends AdminUnit {
  parent: UnitRef | null;
  childrenCount: number;
  /** Direct successors of a unit that ended; empty while it is valid. */
  successors: UnitLink[];
  /** Units merged into this one (and its earlier versions under the same code). */
  predecessors: UnitLink[];
  /** Today's unit(s) for an ended unit; null while it is valid. */
  current: { kind: ResolutionKind; units: UnitRef[] } | null;
}

const ref = (u: AdminUnit): UnitRef => ({ code: u.code, level: u.level, name: u.name, fullName: u.fullName });

function successorsOf(cat: ReferenceCatalog, unit: AdminUnit): UnitLink[] {
  if (unit.validTo === null) return [];
  const effective = unit.validTo;
  const links = cat.successionsFrom(unit.code, effective);
  if (links.length === 0) {
    const next = cat.nextVersion(unit);
    return next ? [{ ...ref(next), kind: 'same', effective }] : [];
  }
  return links.map((l) => {
    const u = cat.unitOn(l.newCode, effective);
    return {
      code: l.newCode,
      level: u?.level ?? unit.level,
      name: u?.name ?? null,
      fullName: u?.fullName ?? null,
      kind: l.kind,
      effective,
    };
  });
}

function predecessorsOf(cat: ReferenceCatalog, unit: AdminUnit): UnitLink[] {
  const out: UnitLink[] = [];
  for (let v: AdminUnit | undefined = unit; v; ) {
    for (const l of cat.successionsInto(v.code, v.validFrom)) {
      // Every old district of a province is linked to the new province; the province links already say it.
      if (l.level === 'district' && levelOfCode(l.newCode) === 'province') continue;
      const old = cat.versionsOf(l.oldCode).find((o) => o.validTo === l.effective);
      out.push({
        code: l.oldCode,
        level: l.level,
        name: old?.name ?? null,
        fullName: old?.fullName ?? null,
        kind: l.kind,
        effective: l.effective,
      });
    }
    const prev = cat.previousVersion(v);
    if (prev) out.push({ ...ref(prev), kind: 'same', effective: v.validFrom });
    v = prev;
  }
  return out;
}

/** The view of `code` on `on`; when no version is valid that day, the latest version. */
export function buildUnitView(cat: ReferenceCatalog, code: string, on: string): UnitView | undefined {
  const unit = cat.unitOn(code, on) ?? cat.latestUnit(code);
  if (!unit) return undefined;
  const day = isValidOn(unit, on) ? on : unit.validFrom;
  const parent =
    unit.parentCode === null ? undefined : (cat.unitOn(unit.parentCode, day) ?? cat.latestUnit(unit.parentCode));
  const ended = unit.validTo !== null && unit.validTo <= cat.today();
  const now = ended ? cat.currentUnitsFor(unit.code, day) : undefined;
  return {
    ...unit,
    parent: parent ? ref(parent) : null,
    childrenCount: cat.unitsOn(day, { parent: unit.code }).length,
    successors: successorsOf(cat, unit),
    predecessors: predecessorsOf(cat, unit),
    current: now ? { kind: now.kind, units: now.units.map(ref) } : null,
  };
}

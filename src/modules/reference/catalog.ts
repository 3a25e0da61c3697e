// Every reference row held in memory with synchronous lookups, for validation paths that check a million rows.
// Built once from the database (ReferenceCatalog.load); "current" always means valid on today(), injected.
import type { Db } from '../../db/database.ts';
import { type ReferenceRows, readReferenceData } from './reference.repository.ts';
import type { AdminUnitTable } from './reference.table.ts';
import type {
  AdminUnit,
  CodeEntry,
  NationalityEntry,
  PinProvinceInfo,
  ResolutionKind,
  Succession,
  UnitLevel,
} from './reference.types.ts';

export interface Resolution {
  readonly units: readonly AdminUnit[];
  readonly kind: ResolutionKind;
}

const NONE: readonly never[] = Object.freeze([]);
/** Entries the unitOn cache holds before it starts afresh (a few MB). */
const UNIT_CACHE_LIMIT = 100_000;

function toUnit(r: AdminUnitTable): AdminUnit {
  if (r.valid_to !== null && r.valid_to <= r.valid_from)
    throw new Error(`unit ${r.code}: empty validity ${r.valid_from}..${r.valid_to}`);
  return Object.freeze({
    level: r.level,
    code: r.code,
    name: r.name,
    fullName: r.full_name,
    unitType: r.unit_type,
    nameEn: r.name_en,
    parentCode: r.parent_code,
    provinceCode: r.province_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  });
}

export function isValidOn(u: AdminUnit, date: string): boolean {
  return u.validFrom <= date && (u.validTo === null || date < u.validTo);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class ReferenceCatalog {
  /** Code → versions by validFrom. Codes are unique within a level and levels differ in length, so code is a key. */
  private readonly versions = new Map<string, AdminUnit[]>();
  private readonly byParent = new Map<string, AdminUnit[]>();
  private readonly byProvince = new Map<string, AdminUnit[]>();
  private readonly byLevel = new Map<UnitLevel, AdminUnit[]>();
  private readonly linksFrom = new Map<string, Succession[]>();
  private readonly linksInto = new Map<string, Succession[]>();
  private readonly codeLists: Record<'ethnicity' | 'religion', Map<string, CodeEntry>>;
  private readonly nationalities: Map<string, NationalityEntry>;
  private readonly pins: Map<string, PinProvinceInfo>;
  /**
   * unitOn results by date, then code (null: none). Validating a file asks for the same few hundred codes on the
   * same few dates for every row, several times a row; the versions never change after construction.
   */
  private readonly unitsOnDate = new Map<string, Map<string, AdminUnit | null>>();
  private unitsCached = 0;
  /** currentUnitsFor results per unit version; valid for one value of today(). */
  private resolved = new Map<AdminUnit, Resolution | null>();
  private resolvedOn = '';

  static async load(db: Db, today: () => string): Promise<ReferenceCatalog> {
    return new ReferenceCatalog(await readReferenceData(db), today);
  }

  constructor(
    rows: ReferenceRows,
    readonly today: () => string,
  ) {
    for (const u of rows.admin_unit.map(toUnit)) {
      push(this.versions, u.code, u);
      push(this.byLevel, u.level, u);
      if (u.parentCode !== null) push(this.byParent, u.parentCode, u);
      if (u.level === 'commune') push(this.byProvince, u.provinceCode, u);
    }
    for (const list of this.versions.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    for (const r of rows.unit_succession) {
      const s: Succession = Object.freeze({
        level: r.level,
        oldCode: r.old_code,
        newCode: r.new_code,
        effective: r.effective,
        kind: r.kind,
      });
      push(this.linksFrom, s.oldCode, s);
      push(this.linksInto, s.newCode, s);
    }
    const entries = (list: readonly CodeEntry[]) =>
      new Map(list.map((e) => [e.code, Object.freeze({ code: e.code, name_vi: e.name_vi, name_en: e.name_en })]));
    this.codeLists = { ethnicity: entries(rows.ethnicity), religion: entries(rows.religion) };
    this.nationalities = new Map(rows.nationality.map((n) => [n.code, Object.freeze({ ...n })]));
    this.pins = new Map(
      rows.pin_province.map((p) => [
        p.pin_code,
        Object.freeze({
          pinCode: p.pin_code,
          provinceCode: p.province_code,
          name: p.name,
          successorCode: p.successor_code,
        }),
      ]),
    );
  }

  // ---- units by code and date

  /** The version of `code` valid on `date` (YYYY-MM-DD). */
  unitOn(code: string, date: string): AdminUnit | undefined {
    let byCode = this.unitsOnDate.get(date);
    let unit = byCode?.get(code);
    if (unit === undefined) {
      unit = this.findUnitOn(code, date) ?? null;
      if (this.unitsCached >= UNIT_CACHE_LIMIT) {
        this.unitsOnDate.clear();
        this.unitsCached = 0;
        byCode = undefined;
      }
      if (byCode === undefined) {
        byCode = new Map();
        this.unitsOnDate.set(date, byCode);
      }
      byCode.set(code, unit);
      this.unitsCached++;
    }
    return unit ?? undefined;
  }

  private findUnitOn(code: string, date: string): AdminUnit | undefined {
    const list = this.versions.get(code);
    if (list) for (const u of list) if (isValidOn(u, date)) return u;
    return undefined;
  }

  /** The most recent version of `code`, whatever its dates. */
  latestUnit(code: string): AdminUnit | undefined {
    return this.versions.get(code)?.at(-1);
  }

  versionsOf(code: string): readonly AdminUnit[] {
    return this.versions.get(code) ?? NONE;
  }

  /** Units valid on `date`, filtered by parent and/or level, in code order. */
  unitsOn(date: string, filter: { parent?: string; level?: UnitLevel } = {}): AdminUnit[] {
    const pool =
      filter.parent !== undefined
        ? this.byParent.get(filter.parent)
        : filter.level
          ? this.byLevel.get(filter.level)
          : [...this.versions.values()].flat();
    return (pool ?? NONE)
      .filter((u) => isValidOn(u, date) && (!filter.level || u.level === filter.level))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /** The 34 (today) provinces. */
  provinces(): AdminUnit[] {
    return this.unitsOn(this.today(), { level: 'province' });
  }

  /** Today's communes of a province. */
  communesOf(provinceCode: string): AdminUnit[] {
    const today = this.today();
    return (this.byProvince.get(provinceCode) ?? NONE)
      .filter((u) => isValidOn(u, today))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  // ---- successions

  /** Links out of the version of `code` that ended on `effective`. */
  successionsFrom(code: string, effective: string): Succession[] {
    return (this.linksFrom.get(code) ?? NONE).filter((s) => s.effective === effective);
  }

  /** Links into the version of `code` that started on `effective`. */
  successionsInto(code: string, effective: string): Succession[] {
    return (this.linksInto.get(code) ?? NONE).filter((s) => s.effective === effective);
  }

  /** The next version of the same unit: same code, starting when `u` ended, and no succession links in between. */
  nextVersion(u: AdminUnit): AdminUnit | undefined {
    if (u.validTo === null || this.successionsFrom(u.code, u.validTo).length > 0) return undefined;
    return this.unitOn(u.code, u.validTo);
  }

  /** The previous version of the same unit (the inverse of nextVersion). */
  previousVersion(u: AdminUnit): AdminUnit | undefined {
    const prev = this.versionsOf(u.code).find((v) => v.validTo === u.validFrom);
    return prev && this.nextVersion(prev) === u ? prev : undefined;
  }

  /**
   * Today's unit(s) for an address coded `code` as valid on `refDate`: `same` when that version is still valid,
   * else the successors reached by walking links (and same-unit renames), `partial` if any step was a split.
   * Undefined when the code means nothing on refDate.
   */
  currentUnitsFor(code: string, refDate: string): Resolution | undefined {
    const unit = this.unitOn(code, refDate);
    if (!unit) return undefined;
    const today = this.today();
    if (today !== this.resolvedOn) {
      this.resolved = new Map();
      this.resolvedOn = today;
    }
    let r = this.resolved.get(unit);
    if (r === undefined) {
      r = this.resolve(unit, today) ?? null;
      this.resolved.set(unit, r);
    }
    return r ?? undefined;
  }

  // Terminates: each step moves to a version starting when the previous one ended, and versions are non-empty.
  private resolve(unit: AdminUnit, today: string): Resolution | undefined {
    if (unit.validTo === null || unit.validTo > today)
      return Object.freeze({ units: Object.freeze([unit]), kind: 'same' as const });
    const links = this.successionsFrom(unit.code, unit.validTo);
    if (links.length === 0) {
      const next = this.nextVersion(unit);
      return next && this.resolve(next, today);
    }
    const units: AdminUnit[] = [];
    let kind: ResolutionKind = 'full';
    for (const link of links) {
      const successor = this.unitOn(link.newCode, link.effective);
      const r = successor && this.resolve(successor, today);
      if (!r) continue;
      if (link.kind === 'partial' || r.kind === 'partial') kind = 'partial';
      for (const u of r.units) if (!units.includes(u)) units.push(u);
    }
    return units.length > 0 ? Object.freeze({ units: Object.freeze(units), kind }) : undefined;
  }

  /**
   * Today's province of an address coded `code` on `refDate`. A split commune's successors all lie in one
   * province in the 2025 mapping (checked by a test); were that ever not so, this returns the first successor's.
   */
  currentProvinceOf(code: string, refDate: string): string | undefined {
    const first = this.currentUnitsFor(code, refDate)?.units[0];
    return first && (first.level === 'province' ? first.code : first.provinceCode);
  }

  /** True when `unitCode` is the (current) commune itself or one of its units above today. */
  isWithin(currentCommuneCode: string, unitCode: string): boolean {
    if (currentCommuneCode === unitCode) return true;
    const commune = this.unitOn(currentCommuneCode, this.today());
    return commune !== undefined && (commune.provinceCode === unitCode || commune.parentCode === unitCode);
  }

  // ---- code lists

  ethnicity(code: string): CodeEntry | undefined {
    return this.codeLists.ethnicity.get(code);
  }

  religion(code: string): CodeEntry | undefined {
    return this.codeLists.religion.get(code);
  }

  nationality(code: string): NationalityEntry | undefined {
    return this.nationalities.get(code);
  }

  pinProvince(pinCode: string): PinProvinceInfo | undefined {
    return this.pins.get(pinCode);
  }

  /** pinProvince as a plain function (checkPinAgainst's lookup), made once rather than a closure per check. */
  readonly pinLookup = (pinCode: string): PinProvinceInfo | undefined => this.pins.get(pinCode);

  ethnicities(): CodeEntry[] {
    return [...this.codeLists.ethnicity.values()];
  }

  religions(): CodeEntry[] {
    return [...this.codeLists.religion.values()];
  }

  nationalityList(): NationalityEntry[] {
    return [...this.nationalities.values()];
  }

  pinProvinces(): PinProvinceInfo[] {
    return [...this.pins.values()];
  }
}

// Reference data for the other modules and the edges: the cached catalog, unit views and code lists.
import type { Db } from '../../db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { ReferenceCatalog } from './catalog.ts';
import { loadReferenceData } from './reference.loader.ts';
import { hasReferenceData, type ReferenceRows, readReferenceData } from './reference.repository.ts';
import type { AdminUnit, PinProvinceInfo, UnitLevel } from './reference.types.ts';
import { buildUnitView, type UnitView } from './unit-view.ts';

export const CODE_LISTS = ['ethnicities', 'religions', 'nationalities', 'pin-provinces'] as const;
export type CodeListName = (typeof CODE_LISTS)[number];

export interface CodeItem {
  code: string;
  nameVi: string;
  nameEn: string;
  alpha3?: string;
  numeric?: string;
}

export interface ListUnitsQuery {
  parent?: string;
  level?: UnitLevel;
  on?: string;
}

/** A real calendar day written YYYY-MM-DD (rejects 2025-02-30). */
function checkDate(field: string, value: string): void {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new ValidationError([{ field, rule: 'date.format', message: 'must be a date written YYYY-MM-DD', value }]);
  }
}

function unitNotFound(code: string): NotFoundError {
  return new NotFoundError('REFERENCE.UNIT_NOT_FOUND', `no administrative unit with code ${code}`, { code });
}

export class ReferenceService {
  private cached: Promise<ReferenceCatalog> | undefined;

  constructor(
    private readonly db: Db,
    private readonly today: () => string,
  ) {}

  /** The catalog, read from the database once and shared; a failed read is retried on the next call. */
  catalog(): Promise<ReferenceCatalog> {
    if (!this.cached) {
      const p = this.open();
      this.cached = p;
      p.catch(() => {
        if (this.cached === p) this.cached = undefined;
      });
    }
    return this.cached;
  }

  /** The raw reference rows, to build a catalog in another thread (bulk loads validate off the main thread). */
  async snapshot(): Promise<ReferenceRows> {
    await this.catalog();
    return readReferenceData(this.db);
  }

  /** Forget the cached catalog (after the reference tables were reloaded). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** Reloads the shipped reference files and drops the cached catalog. */
  async load(dir?: string): Promise<{ dataset: string; rows: number }[]> {
    const loads = await loadReferenceData(this.db, dir);
    this.invalidate();
    return loads;
  }

  private async open(): Promise<ReferenceCatalog> {
    if (!(await hasReferenceData(this.db))) {
      throw new DomainError('REFERENCE.NOT_LOADED', 'reference data not loaded: run popreg init');
    }
    return ReferenceCatalog.load(this.db, this.today);
  }

  async getUnit(code: string, on?: string): Promise<UnitView> {
    if (on !== undefined) checkDate('on', on);
    const view = buildUnitView(await this.catalog(), code, on ?? this.today());
    if (!view) throw unitNotFound(code);
    return view;
  }

  /** Units valid on `on` (default today) under `parent`, or of `level`; provinces when neither is given. */
  async listUnits(query: ListUnitsQuery = {}): Promise<AdminUnit[]> {
    if (query.on !== undefined) checkDate('on', query.on);
    const cat = await this.catalog();
    const { parent, level } = query;
    if (parent !== undefined && !cat.latestUnit(parent)) throw unitNotFound(parent);
    return cat.unitsOn(
      query.on ?? this.today(),
      parent === undefined ? { level: level ?? 'province' } : { parent, level },
    );
  }

  async codeList(name: 'pin-provinces'): Promise<PinProvinceInfo[]>;
  async codeList(name: Exclude<CodeListName, 'pin-provinces'>): Promise<CodeItem[]>;
  async codeList(name: CodeListName): Promise<CodeItem[] | PinProvinceInfo[]>;
  async codeList(name: CodeListName): Promise<CodeItem[] | PinProvinceInfo[]> {
    const cat = await this.catalog();
    switch (name) {
      case 'ethnicities':
        return cat.ethnicities().map((e) => ({ code: e.code, nameVi: e.name_vi, nameEn: e.name_en }));
      case 'religions':
        return cat.religions().map((e) => ({ code: e.code, nameVi: e.name_vi, nameEn: e.name_en }));
      case 'nationalities':
        return cat
          .nationalityList()
          .map((e) => ({ code: e.code, nameVi: e.name_vi, nameEn: e.name_en, alpha3: e.alpha3, numeric: e.numeric }));
      case 'pin-provinces':
        return cat.pinProvinces();
    }
  }
}

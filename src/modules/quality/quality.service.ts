// Data-quality scores per locality for the four principles "đúng, đủ, sạch, sống" (correct, complete, clean,
// alive). `refresh` scores every living person and stores the tallies as a snapshot; `report` answers from the
// last snapshot, narrowed to the reader's jurisdiction. Only aggregates leave this service: no personal data.
import type { Db } from '../../db/database.ts';
import { type AuditSink, refuse, requirePermission } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import { forbidden, hasPermission } from '../registry/registry.access.ts';
import {
  type Availability,
  CARDS_UNAVAILABLE,
  cleanAvailability,
  emptyRow,
  PRINCIPLES,
  type Principle,
  type UnitScore,
  unitScore,
} from './quality.report.ts';
import {
  insertSnapshot,
  lastDedupFinish,
  latestSnapshot,
  openPairsBy,
  openPairsNation,
  type SnapshotRow,
  snapshotUnits,
  unitTrend,
} from './quality.repository.ts';
import { computeTallies } from './quality.scan.ts';
import type { QualityLevel } from './quality.table.ts';
import { buildUnits, itemUnits, NATION_CODE, NATION_NAME } from './quality.units.ts';

/** Who may recompute: the scores cover the whole country, so only national and provincial officers. */
const TREND_LENGTH = 30;

export interface QualityDeps {
  db: Db;
  reference: ReferenceService;
  audit: AuditSink;
  today: () => string;
  now?: () => Date;
  /** Worker threads scoring persons (0: on the calling thread; default 'auto': see quality.scan.ts). */
  workers?: number | 'auto';
}

export interface ReportQuery {
  by?: 'province' | 'commune';
  unit?: string;
}

export interface SnapshotInfo {
  id: number;
  computedAt: string;
  computedBy: string;
  today: string;
  durationMs: number;
  persons: number;
  dedupFinishedAt: string | null;
}

export interface TrendPoint {
  snapshotId: number;
  computedAt: string;
  correct: number | null;
  complete: number | null;
  clean: number | null;
  alive: number | null;
  overall: number | null;
}

export interface QualityReport {
  /** The last computation, or null when the scores were never computed. */
  snapshot: SnapshotInfo | null;
  /** The unit the report is about (the reader's jurisdiction by default). */
  scope: { level: QualityLevel; code: string; name: string };
  /** The level of `items`. */
  by: QualityLevel;
  summary: UnitScore | null;
  items: UnitScore[];
  /** Persons of the scope counted in no item (a commune split in 2025 places its residents in the province only). */
  unplaced: number;
  /** The principles the overall score averages. */
  overallOf: Principle[];
  availability: { clean: Availability; deathsAgainstActiveCards: Availability };
  trend: TrendPoint[];
  /** Whether the reader may recompute (the web page shows the button from it). */
  mayRefresh: boolean;
}

export interface RefreshProgress {
  /** Highest person id scanned so far, of `total` (the highest id there is). */
  done: number;
  total: number;
}

function toInfo(s: SnapshotRow): SnapshotInfo {
  return {
    id: s.id,
    computedAt: s.computed_at,
    computedBy: s.computed_by,
    today: s.today,
    durationMs: s.duration_ms,
    persons: s.persons,
    dedupFinishedAt: s.dedup_finished_at,
  };
}

export class QualityService {
  private running: Promise<SnapshotInfo> | undefined;

  constructor(private readonly deps: QualityDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The last computation (when, by whom, how many persons), or null: no scores, no personal data. */
  async latest(): Promise<SnapshotInfo | null> {
    const s = await latestSnapshot(this.deps.db);
    return s ? toInfo(s) : null;
  }

  /** Recomputes every score (whole country) and stores a snapshot. A refresh already running is joined. */
  async refresh(ctx: RequestContext, onProgress?: (p: RefreshProgress) => void): Promise<SnapshotInfo> {
    await requirePermission(this.deps.audit, ctx, 'quality.refresh', 'quality.refresh', {
      message: 'your role does not allow recomputing the quality scores',
    });
    const starting = !this.running;
    if (starting) {
      this.running = this.compute(ctx).finally(() => {
        this.running = undefined;
      });
    }
    const p = this.running!;
    if (onProgress) this.progressListeners.add(onProgress);
    try {
      const info = await p;
      // A request that arrived while a computation ran shares its result, and is recorded as such.
      if (!starting) {
        await this.deps.audit.record(ctx, {
          action: 'quality.refresh',
          outcome: 'ok',
          details: { snapshot: info.id, joined: true },
        });
      }
      return info;
    } finally {
      if (onProgress) this.progressListeners.delete(onProgress);
    }
  }

  private readonly progressListeners = new Set<(p: RefreshProgress) => void>();

  private async compute(ctx: RequestContext): Promise<SnapshotInfo> {
    try {
      return await this.computeAndStore(ctx);
    } catch (e) {
      await this.deps.audit.record(ctx, {
        action: 'quality.refresh',
        outcome: 'failed',
        details: { error: e instanceof Error ? e.message : String(e) },
      });
      throw e;
    }
  }

  private async computeAndStore(ctx: RequestContext): Promise<SnapshotInfo> {
    const started = this.now();
    const { db } = this.deps;
    const catalog = await this.deps.reference.catalog();
    const today = this.deps.today();
    const tallies = await computeTallies(db, catalog, today, {
      workers: this.deps.workers ?? 'auto',
      referenceRows: () => this.deps.reference.snapshot(),
      onProgress: (p) => {
        for (const l of this.progressListeners) l(p);
      },
    });
    const dedupFinishedAt = await lastDedupFinish(db);
    const units = buildUnits(
      tallies,
      catalog,
      today,
      await openPairsBy(db, 'unit'),
      await openPairsBy(db, 'province'),
      await openPairsNation(db),
    );
    const persons = units.find((u) => u.level === 'nation')?.persons ?? 0;
    const computedAt = this.now().toISOString();
    const row = {
      computed_at: computedAt,
      computed_by: ctx.actor.id,
      today,
      duration_ms: Math.round(this.now().getTime() - started.getTime()),
      persons,
      dedup_finished_at: dedupFinishedAt,
    };
    const id = await insertSnapshot(db, row, units);
    await this.deps.audit.record(ctx, {
      action: 'quality.refresh',
      outcome: 'ok',
      details: { snapshot: id, persons, durationMs: row.duration_ms },
    });
    return toInfo({ id, ...row });
  }

  /** The scores of the reader's jurisdiction (or of `unit` inside it), from the last snapshot. */
  async report(ctx: RequestContext, query: ReportQuery = {}): Promise<QualityReport> {
    await requirePermission(this.deps.audit, ctx, 'campaign.read', 'quality.read', {
      message: 'your role does not allow reading quality scores',
    });
    const catalog = await this.deps.reference.catalog();
    const today = this.deps.today();
    if (query.unit !== undefined) {
      const u = catalog.unitOn(query.unit, today);
      if (!u || (u.level !== 'province' && u.level !== 'commune')) {
        throw new ValidationError([
          {
            field: 'unit',
            rule: 'unit.unknown',
            message: `no current province or commune has code ${query.unit}`,
            value: query.unit,
          },
        ]);
      }
    }
    const j = ctx.actor.jurisdiction;
    const scopeCode = query.unit ?? j ?? NATION_CODE;
    if (j !== null && !(scopeCode === j || catalog.isWithin(scopeCode, j))) {
      const denied = forbidden(`unit ${scopeCode} is outside your jurisdiction`, { unit: scopeCode, jurisdiction: j });
      const entry = { action: 'quality.read', details: { reason: 'outside jurisdiction', unit: scopeCode } };
      await refuse(this.deps.audit, ctx, entry, denied);
    }
    const scopeLevel: QualityLevel =
      scopeCode === NATION_CODE ? 'nation' : scopeCode.length === 2 ? 'province' : 'commune';
    const by: QualityLevel =
      scopeLevel === 'commune'
        ? 'commune'
        : scopeLevel === 'province'
          ? (query.by ?? 'commune')
          : (query.by ?? 'province');
    const nameOf = (code: string) =>
      code === NATION_CODE
        ? NATION_NAME
        : (catalog.unitOn(code, today)?.fullName ?? catalog.latestUnit(code)?.fullName ?? code);
    const scope = { level: scopeLevel, code: scopeCode, name: nameOf(scopeCode) };

    const snap = await latestSnapshot(this.deps.db);
    const clean = cleanAvailability(snap?.dedup_finished_at ?? null);
    const availability = { clean, deathsAgainstActiveCards: CARDS_UNAVAILABLE };
    const overallOf = PRINCIPLES.filter((p) => p !== 'clean' || clean.available);
    let report: QualityReport;
    if (!snap) {
      report = {
        snapshot: null,
        scope,
        by,
        summary: null,
        items: [],
        unplaced: 0,
        overallOf,
        availability,
        trend: [],
        mayRefresh: mayRefresh(ctx),
      };
    } else {
      const ran = clean.available;
      const [summaryRow] = await snapshotUnits(this.deps.db, snap.id, { level: scopeLevel, codes: [scopeCode] });
      const summary = unitScore(summaryRow ?? emptyRow(scopeLevel, scopeCode, null), scope.name, ran);
      // Every unit of the level in the scope, those without persons too (shown as "no data", not hidden).
      const expected = itemUnits(catalog, scopeLevel, scopeCode, by);
      const stored =
        scopeLevel === 'province' && by === 'commune'
          ? await snapshotUnits(this.deps.db, snap.id, { level: 'commune', province: scopeCode })
          : await snapshotUnits(this.deps.db, snap.id, {
              level: by,
              ...(scopeLevel === 'nation' ? {} : { codes: [scopeCode] }),
            });
      const byCode = new Map(stored.map((r) => [r.code, r]));
      for (const u of expected) if (!byCode.has(u.code)) byCode.set(u.code, emptyRow(by, u.code, u.provinceCode));
      const items = [...byCode.values()]
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map((r) => unitScore(r, nameOf(r.code), ran));
      const inItems = items.reduce((n, i) => n + i.persons, 0);
      const trend = (await unitTrend(this.deps.db, scopeLevel, scopeCode, TREND_LENGTH)).map((r) => {
        const s = unitScore(r, scope.name, r.dedup_finished_at !== null);
        return {
          snapshotId: r.snapshot_id,
          computedAt: r.computed_at,
          correct: s.correct,
          complete: s.complete,
          clean: s.clean,
          alive: s.alive,
          overall: s.overall,
        };
      });
      report = {
        snapshot: toInfo(snap),
        scope,
        by,
        summary,
        items,
        unplaced: by === scopeLevel ? 0 : Math.max(0, summary.persons - inItems),
        overallOf,
        availability,
        trend,
        mayRefresh: mayRefresh(ctx),
      };
    }
    // Aggregates only: the entry names the unit and level read, never a person.
    await this.deps.audit.record(ctx, {
      action: 'quality.read',
      outcome: 'ok',
      details: { unit: scopeCode, by, snapshot: report.snapshot?.id ?? null },
    });
    return report;
  }
}

function mayRefresh(ctx: RequestContext): boolean {
  return hasPermission(ctx, 'quality.refresh');
}

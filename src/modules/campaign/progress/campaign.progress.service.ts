// Campaign progress per administrative unit: expected residents, ballots at each review level, refused rows and
// the error rate, percentage complete and the day the unit completed, rolled up commune → province → nation,
// with provinces ranked by completion ("one of three localities to complete early"). Counts are funnels: a ballot
// approved has also been checked and verified; `byStatus` gives the disjoint counts by current status.
import type { Db } from '../../../db/database.ts';
import { refuse, requirePermission } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { NotFoundError, ValidationError, type Violation } from '../../../domain/errors.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import { forbidden } from '../../registry/registry.access.ts';
import { IntakeAccess } from '../intake/campaign.intake.access.ts';
import { findCampaign } from '../review/campaign.review.repository.ts';
import { BALLOT_STATUSES, type BallotStatus } from '../review/campaign.review.rules.ts';
import {
  ballotsByUnitAndStatus,
  completionDays,
  errorRowsByUnit,
  residentsByUnit,
  targetsOf,
  upsertTargets,
} from './campaign.progress.repository.ts';
import { reverificationList, type StaleRecordView } from './campaign.reverification.ts';

export type ProgressLevel = 'nation' | 'province' | 'commune';
export type ExpectedSource = 'target' | 'registry' | 'mixed' | 'none';

export interface UnitProgress {
  code: string;
  name: string;
  level: ProgressLevel;
  provinceCode: string | null;
  expected: number;
  expectedSource: ExpectedSource;
  /** Every ballot of the unit, whatever its status. */
  collected: number;
  /** Ballots past the commune check (checked, verified or approved). */
  checked: number;
  /** Ballots past the provincial verification (verified or approved). */
  verified: number;
  approved: number;
  returned: number;
  rejected: number;
  /** Ballots by current status (disjoint). */
  byStatus: Record<BallotStatus, number>;
  /** Import rows refused for errors (never ballots). */
  rowsWithErrors: number;
  /** rowsWithErrors / (collected + rowsWithErrors), 0..1; null with nothing collected. */
  errorRate: number | null;
  /** approved / expected in %, one decimal, capped at 100; null when nothing is expected. */
  percentComplete: number | null;
  /** The day approvals reached what was expected (provinces, nation: the day their last commune did). */
  completedOn: string | null;
  /** Provinces: rank by completion day, then percentage (over every province). */
  rank: number | null;
}

export interface ProgressReport {
  campaign: { code: string; name: string; startedOn: string };
  by: 'province' | 'commune';
  unit: string | null;
  asOf: string;
  total: UnitProgress;
  rows: UnitProgress[];
}

export interface ProgressQuery {
  by?: string;
  unit?: string;
}

export interface CampaignProgressDeps {
  db: Db;
  audit: AuditService;
  reference: ReferenceService;
  today: () => string;
}

function emptyStatus(): Record<BallotStatus, number> {
  return Object.fromEntries(BALLOT_STATUSES.map((s) => [s, 0])) as Record<BallotStatus, number>;
}

interface Acc {
  code: string;
  name: string;
  level: ProgressLevel;
  provinceCode: string | null;
  expected: number;
  sources: Set<'target' | 'registry'>;
  byStatus: Record<BallotStatus, number>;
  rowsWithErrors: number;
  completedOn: string | null;
}

function acc(code: string, name: string, level: ProgressLevel, provinceCode: string | null): Acc {
  return {
    code,
    name,
    level,
    provinceCode,
    expected: 0,
    sources: new Set(),
    byStatus: emptyStatus(),
    rowsWithErrors: 0,
    completedOn: null,
  };
}

function finish(a: Acc, rank: number | null = null): UnitProgress {
  const s = a.byStatus;
  const collected = BALLOT_STATUSES.reduce((n, k) => n + s[k], 0);
  const errorDen = collected + a.rowsWithErrors;
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    provinceCode: a.provinceCode,
    expected: a.expected,
    expectedSource: a.sources.size === 0 ? 'none' : a.sources.size === 2 ? 'mixed' : [...a.sources][0]!,
    collected,
    checked: s.checked + s.verified + s.approved,
    verified: s.verified + s.approved,
    approved: s.approved,
    returned: s.returned,
    rejected: s.rejected,
    byStatus: { ...s },
    rowsWithErrors: a.rowsWithErrors,
    errorRate: errorDen > 0 ? Math.round((a.rowsWithErrors / errorDen) * 10_000) / 10_000 : null,
    percentComplete: a.expected > 0 ? Math.min(100, Math.round((s.approved * 1000) / a.expected) / 10) : null,
    completedOn: a.completedOn,
    rank,
  };
}

/** Adds the children's counts to a parent; the parent completed the day its last child with a target did. */
function rollUp(parent: Acc, children: Acc[]): Acc {
  let allDone = true;
  let last: string | null = null;
  let anyExpected = false;
  for (const c of children) {
    parent.expected += c.expected;
    for (const s of c.sources) parent.sources.add(s);
    for (const k of BALLOT_STATUSES) parent.byStatus[k] += c.byStatus[k];
    parent.rowsWithErrors += c.rowsWithErrors;
    if (c.expected > 0) {
      anyExpected = true;
      if (!c.completedOn) allDone = false;
      else if (!last || c.completedOn > last) last = c.completedOn;
    }
  }
  parent.completedOn = anyExpected && allDone ? last : null;
  return parent;
}

export class CampaignProgressService {
  /** The re-verification list keeps intake's access rules (the collectors and checkers who go door to door). */
  private readonly intakeAccess: IntakeAccess;

  constructor(private readonly deps: CampaignProgressDeps) {
    this.intakeAccess = new IntakeAccess(deps);
  }

  /** Alive: living persons not confirmed for years, to re-verify (campaign.reverification.ts); audited. */
  reverificationList(
    ctx: RequestContext,
    campaign: string,
    q: { years?: number; after?: number; limit?: number } = {},
  ): Promise<{ cutoff: string; rule: string; items: StaleRecordView[]; nextAfter: number | null }> {
    return reverificationList(this.deps, this.intakeAccess, ctx, campaign, q);
  }

  async progress(ctx: RequestContext, code: string, q: ProgressQuery = {}): Promise<ProgressReport> {
    const catalog = await this.deps.reference.catalog();
    if (q.by !== undefined && q.by !== 'province' && q.by !== 'commune') {
      throw new ValidationError([{ field: 'by', rule: 'enum', message: 'must be province or commune', value: q.by }]);
    }
    const unit = q.unit?.trim() || null;
    const unitRow = unit ? catalog.unitOn(unit, this.deps.today()) : undefined;
    if (unit && (!unitRow || unitRow.level === 'district')) {
      throw new ValidationError([
        {
          field: 'unit',
          rule: 'unit.unknown',
          message: `no current province or commune has code ${unit}`,
          value: unit,
        },
      ]);
    }
    await requirePermission(this.deps.audit, ctx, 'campaign.read', 'campaign.progress', {
      message: 'your role does not allow reading campaign progress',
      details: { campaign: code, unit: null },
    });
    const campaign = await findCampaign(this.deps.db, code);
    if (!campaign) throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
    const j = ctx.actor.jurisdiction;
    // The unit asked for must lie inside the jurisdiction, or contain it (then the jurisdiction is shown).
    let focus: string | null = unit;
    if (j !== null) {
      const inside = unit !== null && (unit === j || (unit.length > 2 && catalog.isWithin(unit, j)));
      const contains = unit === null || (j.length > 2 && catalog.isWithin(j, unit));
      if (!inside && !contains) {
        const details = { reason: 'outside jurisdiction', campaign: code, unit };
        const denied = forbidden(`unit ${unit} is outside your jurisdiction`, { unit, jurisdiction: j });
        await refuse(this.deps.audit, ctx, { action: 'campaign.progress', details }, denied);
      }
      if (!inside) focus = j;
    }
    const by = (q.by ?? (focus === null ? 'province' : 'commune')) as 'province' | 'commune';
    const { communes, provinces, nation } = await this.compute(code, catalog);

    let rows: UnitProgress[];
    let total: UnitProgress;
    if (focus === null) {
      total = nation;
      rows = by === 'province' ? provinces : communes;
    } else if (focus.length === 2) {
      const p = provinces.find((x) => x.code === focus);
      total = p ?? finish(acc(focus, catalog.unitOn(focus, this.deps.today())?.fullName ?? focus, 'province', focus));
      rows = by === 'province' ? [total] : communes.filter((c) => c.provinceCode === focus);
    } else {
      const c = communes.find((x) => x.code === focus);
      const u = catalog.unitOn(focus, this.deps.today());
      total = c ?? finish(acc(focus, u?.fullName ?? focus, 'commune', u?.provinceCode ?? null));
      rows = [total];
    }
    return {
      campaign: { code: campaign.code, name: campaign.name, startedOn: campaign.started_on },
      by,
      unit: focus,
      asOf: this.deps.today(),
      total,
      rows,
    };
  }

  /** Every commune with something expected or collected, every province, and the nation. */
  private async compute(code: string, catalog: ReferenceCatalog) {
    const db = this.deps.db;
    const today = this.deps.today();
    const [ballots, refused, targets, residents, completed] = await Promise.all([
      ballotsByUnitAndStatus(db, code),
      errorRowsByUnit(db, code),
      targetsOf(db, code),
      residentsByUnit(db),
      completionDays(db, code),
    ]);
    const provinceAcc = new Map<string, Acc>();
    for (const p of catalog.provinces()) provinceAcc.set(p.code, acc(p.code, p.fullName, 'province', p.code));
    const communeAcc = new Map<string, Acc>();
    // Ballots or rows without a commune still count in their province.
    const unplaced = new Map<string, Acc>();
    const communeOf = (unit: string | null, province: string | null): Acc | undefined => {
      if (unit) {
        let a = communeAcc.get(unit);
        if (!a) {
          const u = catalog.unitOn(unit, today);
          const pc = u?.provinceCode ?? province;
          a = acc(unit, u?.fullName ?? unit, 'commune', pc ?? null);
          communeAcc.set(unit, a);
        }
        return a;
      }
      if (!province) return undefined;
      let a = unplaced.get(province);
      if (!a) {
        a = acc(`${province}-?`, province, 'commune', province);
        unplaced.set(province, a);
      }
      return a;
    };
    for (const [unit, n] of residents) {
      if (targets.has(unit)) continue;
      const a = communeOf(unit, null)!;
      a.expected = n;
      a.sources.add('registry');
    }
    for (const [unit, n] of targets) {
      const a = communeOf(unit, null)!;
      a.expected = n;
      a.sources.add('target');
    }
    for (const b of ballots) {
      const a = communeOf(b.unit, b.province);
      if (a && (BALLOT_STATUSES as readonly string[]).includes(b.status)) a.byStatus[b.status as BallotStatus] += b.n;
    }
    for (const r of refused) {
      const a = communeOf(r.unit, r.province);
      if (a) a.rowsWithErrors += r.n;
    }
    for (const [unit, day] of completed) {
      const a = communeAcc.get(unit);
      if (a) a.completedOn = day;
    }
    const children = new Map<string, Acc[]>();
    for (const a of [...communeAcc.values(), ...unplaced.values()]) {
      const p = a.provinceCode;
      if (!p) continue;
      if (!provinceAcc.has(p)) provinceAcc.set(p, acc(p, catalog.latestUnit(p)?.fullName ?? p, 'province', p));
      children.set(p, [...(children.get(p) ?? []), a]);
    }
    for (const [p, list] of children) rollUp(provinceAcc.get(p)!, list);
    const nation = rollUp(acc('VN', 'Toàn quốc', 'nation', null), [...provinceAcc.values()]);

    // Ranking: provinces that completed, earliest first; then the others by percentage.
    const ranked = [...provinceAcc.values()]
      .filter((p) => p.expected > 0)
      .map((p) => finish(p))
      .sort((a, b) => {
        if (a.completedOn && b.completedOn)
          return a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : a.code < b.code ? -1 : 1;
        if (a.completedOn) return -1;
        if (b.completedOn) return 1;
        return (b.percentComplete ?? 0) - (a.percentComplete ?? 0) || (a.code < b.code ? -1 : 1);
      });
    const rankOf = new Map(ranked.map((p, i) => [p.code, i + 1]));
    const provinces = [...provinceAcc.values()]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((p) => finish(p, rankOf.get(p.code) ?? null));
    const communes = [...communeAcc.values()]
      .filter((c) => c.expected > 0 || BALLOT_STATUSES.some((k) => c.byStatus[k] > 0) || c.rowsWithErrors > 0)
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((c) => finish(c));
    return { communes, provinces, nation: finish(nation) };
  }

  /** Sets expected residents per unit (commune codes, current); replaces the listed units' figures. */
  async setTargets(ctx: RequestContext, code: string, rows: { unit: string; expected: number }[]): Promise<number> {
    await requirePermission(this.deps.audit, ctx, 'ballot.approve', 'campaign.progress', {
      message: 'your role does not allow setting campaign targets',
      details: { campaign: code, unit: null },
    });
    const campaign = await findCampaign(this.deps.db, code);
    if (!campaign) throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
    const catalog = await this.deps.reference.catalog();
    const today = this.deps.today();
    const violations: Violation[] = [];
    for (const [i, r] of rows.entries()) {
      const u = catalog.unitOn(r.unit, today);
      if (u?.level !== 'commune') {
        violations.push({
          field: `row ${i + 2}.unit_code`,
          rule: 'unit.unknown',
          message: 'not a current commune code',
          value: r.unit,
        });
      } else if (ctx.actor.jurisdiction !== null && !catalog.isWithin(r.unit, ctx.actor.jurisdiction)) {
        violations.push({
          field: `row ${i + 2}.unit_code`,
          rule: 'unit.out_of_jurisdiction',
          message: 'outside your jurisdiction',
          value: r.unit,
        });
      }
      if (!Number.isInteger(r.expected) || r.expected < 0) {
        violations.push({
          field: `row ${i + 2}.expected`,
          rule: 'format',
          message: 'a whole number ≥ 0',
          value: r.expected,
        });
      }
    }
    if (violations.length) throw new ValidationError(violations.slice(0, 100));
    await this.deps.db.transaction().execute(async (trx) => {
      await upsertTargets(trx, code, rows);
      await this.deps.audit.recordIn(trx, ctx, {
        action: 'campaign.targets',
        outcome: 'ok',
        details: { campaign: code, units: rows.length },
      });
    });
    return rows.length;
  }
}

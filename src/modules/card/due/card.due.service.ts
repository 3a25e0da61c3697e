// The due list (who must get or renew a card by a date, per commune, as a page, CSV and counts by month for the
// chart) and the cards dashboard. The list is what the daily job computed last (card.due.scan.ts); reading it
// needs card.read and sees the actor's jurisdiction only. Names come from the registry's reader, and every read
// of the named list is audited.
import type { Db } from '../../../db/database.ts';
import type { AuditSink } from '../../../domain/audit.ts';
import type { DueCause } from '../../../domain/card/renewal.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { spreadsheetLine } from '../../../lib/csv.ts';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.ts';
import type { RegistryService } from '../../registry/registry.service.ts';
import { registryReader } from '../../registry/registry.tx.ts';
import { narrowScope } from '../production/card.production.scope.ts';
import { applicationsByStatus, type DueRow, dueByMonth, duePage, issuedByProvince } from './card.due.repository.ts';
import { addDays, DUE_HORIZON_DAYS, type RefreshSummary, refreshDue } from './card.due.scan.ts';

export interface CardDueDeps {
  db: Db;
  registry: RegistryService;
  audit: AuditSink;
  today: () => string;
}

export interface DueQuery {
  by?: string;
  unit?: string;
  cursor?: string;
  limit?: number;
}

export interface DueItem {
  pin: string;
  fullName: string;
  dateOfBirth: string;
  unitCode: string | null;
  provinceCode: string | null;
  dueOn: string;
  cause: DueCause;
}

export interface Dashboard {
  applications: { status: string; n: number }[];
  /** Approved applications not yet produced (approved or in production). */
  backlog: number;
  issued: { provinceCode: string | null; n: number }[];
}

/** By default the list shows who is due within the next 30 days (the overdue included). */
const DEFAULT_DAYS = 30;
const CSV_PAGE = 1000;
export const DUE_CSV_HEADER = ['pin', 'fullName', 'dateOfBirth', 'unitCode', 'dueOn', 'cause'];

export class CardDueService {
  constructor(private readonly deps: CardDueDeps) {}

  /** Recomputes the list as of today (the daily job; `popreg card due refresh`). */
  async refresh(ctx: RequestContext): Promise<RefreshSummary> {
    await this.deps.registry.authorize(ctx, 'card.produce', 'card.due.refresh');
    return this.runDaily();
  }

  /** The daily job's work, without an actor: the job itself opens nothing, it only feeds the list. */
  runDaily(): Promise<RefreshSummary> {
    return refreshDue(this.deps.db, this.deps.today());
  }

  private byDate(by: string | undefined): string {
    const today = this.deps.today();
    if (by === undefined) return addDays(today, DEFAULT_DAYS);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(by) || Number.isNaN(Date.parse(by))) {
      throw new ValidationError([{ field: 'by', rule: 'date.format', message: 'expected YYYY-MM-DD', value: by }]);
    }
    const limit = addDays(today, DUE_HORIZON_DAYS);
    if (by > limit) {
      throw new ValidationError([
        { field: 'by', rule: 'due.horizon', message: `the list looks ahead to ${limit} at most`, value: by },
      ]);
    }
    return by;
  }

  private async items(rows: DueRow[]): Promise<DueItem[]> {
    const persons = await registryReader(this.deps.db).personsByIds(rows.map((r) => Number(r.person_id)));
    const byId = new Map(persons.map((p) => [Number(p.id), p]));
    return rows.map((r) => {
      const p = byId.get(Number(r.person_id));
      return {
        pin: p?.pin ?? r.pin,
        fullName: p?.full_name ?? '',
        dateOfBirth: p?.dob ?? '',
        unitCode: r.unit_code,
        provinceCode: r.province_code,
        dueOn: r.due_on,
        cause: r.cause,
      };
    });
  }

  /** One page of the list, in due-date order. */
  async list(ctx: RequestContext, q: DueQuery): Promise<{ items: DueItem[]; nextCursor: string | null; by: string }> {
    await this.deps.registry.authorize(ctx, 'card.read', 'card.due.list');
    const scope = narrowScope(ctx.actor, q.unit);
    const by = this.byDate(q.by);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    let after: { dueOn: string; personId: number } | null = null;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, { d: 'string', p: 'number' });
      if (!c)
        throw new ValidationError([
          { field: 'cursor', rule: 'cursor.invalid', message: 'not a cursor of this list', value: q.cursor },
        ]);
      after = { dueOn: c.d, personId: c.p };
    }
    const rows = await duePage(this.deps.db, scope, by, after, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    await this.deps.audit.record(ctx, {
      action: 'card.due.list',
      outcome: 'ok',
      details: { unit: q.unit ?? null, by, rows: page.length },
    });
    return {
      items: await this.items(page),
      nextCursor: more && last ? encodeCursor({ d: last.due_on, p: Number(last.person_id) }) : null,
      by,
    };
  }

  /** The whole list as CSV lines (header first), for a spreadsheet. */
  async *csv(ctx: RequestContext, q: Omit<DueQuery, 'cursor' | 'limit'>): AsyncGenerator<string> {
    await this.deps.registry.authorize(ctx, 'card.read', 'card.due.list');
    const scope = narrowScope(ctx.actor, q.unit);
    const by = this.byDate(q.by);
    await this.deps.audit.record(ctx, { action: 'card.due.csv', outcome: 'ok', details: { unit: q.unit ?? null, by } });
    yield `${spreadsheetLine(DUE_CSV_HEADER)}\r\n`;
    let after: { dueOn: string; personId: number } | null = null;
    for (;;) {
      const rows = await duePage(this.deps.db, scope, by, after, CSV_PAGE);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { dueOn: last.due_on, personId: Number(last.person_id) };
      const lines = (await this.items(rows)).map((i) =>
        spreadsheetLine([i.pin, i.fullName, i.dateOfBirth, i.unitCode ?? '', i.dueOn, i.cause]),
      );
      yield `${lines.join('\r\n')}\r\n`;
    }
  }

  /** Persons due per month up to `by` (the chart). No personal data. */
  async months(
    ctx: RequestContext,
    q: { by?: string; unit?: string },
  ): Promise<{ by: string; months: { month: string; n: number }[] }> {
    await this.deps.registry.authorize(ctx, 'card.read', 'card.due.months');
    const scope = narrowScope(ctx.actor, q.unit);
    const by = this.byDate(q.by ?? addDays(this.deps.today(), DUE_HORIZON_DAYS));
    return { by, months: await dueByMonth(this.deps.db, scope, by) };
  }

  /** Applications by status, the production backlog and cards issued per province, in the jurisdiction. */
  async dashboard(ctx: RequestContext, q: { province?: string }): Promise<Dashboard> {
    await this.deps.registry.authorize(ctx, 'card.read', 'card.dashboard');
    const scope = narrowScope(ctx.actor, q.province);
    const applications = await applicationsByStatus(this.deps.db, scope);
    const backlog = applications
      .filter((a) => a.status === 'approved' || a.status === 'in_production')
      .reduce((s, a) => s + a.n, 0);
    return { applications, backlog, issued: await issuedByProvince(this.deps.db, scope) };
  }
}

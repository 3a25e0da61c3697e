// Reads over many persons: search by folded name, birth date or year, and unit (old codes resolved to today's
// units), narrowed to the actor's jurisdiction in SQL and paged by cursor, every search audited with its
// criteria; and the counts per province.
import type { RequestContext } from '../../domain/context.ts';
import { Violations } from '../../domain/errors.ts';
import { foldName } from '../../domain/names.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { searchScope } from './registry.access.ts';
import { countByProvince, searchPersons } from './registry.repository.ts';
import type { SearchQuery } from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';
import type { PersonSummary } from './registry.types.ts';

export async function searchPersonsFor(
  svc: RegistryService,
  ctx: RequestContext,
  q: SearchQuery,
): Promise<{ items: PersonSummary[]; nextCursor: string | null }> {
  const v = new Violations();
  const nameFolded = q.name !== undefined ? foldName(q.name) : undefined;
  if (q.name !== undefined && !nameFolded) v.add('name', 'required', 'the name has no letters', q.name);
  if (!nameFolded && !q.unit && !q.dob) v.add('name', 'required', 'give a name, a birth date or a unit to search by');
  let after: { name: string; id: number } | undefined;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, { n: 'string', i: 'number' });
    if (c) after = { name: c.n, id: c.i };
    else v.add('cursor', 'cursor.invalid', 'not a cursor returned by this search', q.cursor);
  }
  let provinces: string[] | undefined;
  let communes: string[] | undefined;
  if (q.unit) {
    const catalog = await svc.catalog();
    // A current code means today's unit; an old code is taken as of its last period and resolved forward.
    const latest = catalog.latestUnit(q.unit);
    const resolved =
      catalog.currentUnitsFor(q.unit, svc.today()) ?? (latest && catalog.currentUnitsFor(q.unit, latest.validFrom));
    if (!resolved) v.add('unit', 'unit.unknown', `no administrative unit has code ${q.unit}`, q.unit);
    else {
      provinces = resolved.units.filter((u) => u.level === 'province').map((u) => u.code);
      communes = resolved.units.filter((u) => u.level === 'commune').map((u) => u.code);
    }
  }
  v.throwIfAny();
  await svc.authorizeAccess(ctx, 'person.search', null);
  const limit = q.limit ?? 50;
  const rows = await searchPersons(svc.db, {
    nameFolded,
    dob: q.dob,
    year: q.year,
    provinces,
    communes,
    scope: searchScope(ctx.actor),
    after,
    limit: limit + 1,
  });
  await svc.audit.record(ctx, {
    action: 'person.search',
    outcome: 'ok',
    details: {
      name: q.name ?? null,
      dob: q.dob ?? null,
      year: q.year ?? null,
      unit: q.unit ?? null,
      results: Math.min(rows.length, limit),
    },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ n: last.name_folded, i: last.id }) : null;
  return {
    items: page.map((r) => ({
      pin: r.pin,
      fullName: r.full_name,
      dateOfBirth: r.dob,
      sex: r.sex,
      status: r.status,
      residenceUnit: r.res_unit,
      residenceProvince: r.res_province,
      householdCode: r.household_code,
    })),
    nextCursor,
  };
}

export interface RegistryStats {
  total: number;
  alive: number;
  dead: number;
  missing: number;
  unplaced: number;
  byProvince: { code: string; name: string; alive: number; dead: number; missing: number }[];
}

/** Persons by current province and status; persons without a placeable residence count as unplaced. */
export async function registryStats(svc: RegistryService, ctx: RequestContext): Promise<RegistryStats> {
  await svc.authorizeAccess(ctx, 'person.read', null, { auditAction: 'stats.read' });
  const catalog = await svc.catalog();
  const rows = await countByProvince(svc.db);
  const byCode = new Map(
    catalog.provinces().map((p) => [p.code, { code: p.code, name: p.fullName, alive: 0, dead: 0, missing: 0 }]),
  );
  const totals = { total: 0, alive: 0, dead: 0, missing: 0, unplaced: 0 };
  for (const r of rows) {
    const status = r.status as 'alive' | 'dead' | 'missing';
    totals.total += r.count;
    totals[status] += r.count;
    const p = r.province ? byCode.get(r.province) : undefined;
    if (p) p[status] += r.count;
    else totals.unplaced += r.count;
  }
  return { ...totals, byProvince: [...byCode.values()] };
}

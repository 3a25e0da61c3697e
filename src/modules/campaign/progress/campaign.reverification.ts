// Alive: living persons of the reader's jurisdiction whose record has not been confirmed for years, listed for
// re-verification door to door (the quality principle "sống"); the list holds personal data, so it is audited.
import type { Db } from '../../../db/database.ts';
import type { AuditSink } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { addYears } from '../../../domain/dates.ts';
import { CONFIRMATION_YEARS } from '../../quality/quality.rules.ts';
import { searchScope } from '../../registry/registry.access.ts';
import type { IntakeAccess } from '../intake/campaign.intake.access.ts';
import { staleRecords } from './campaign.progress.repository.ts';

export interface StaleRecordView {
  personId: number;
  pin: string;
  fullName: string;
  dateOfBirth: string;
  residenceUnit: string | null;
  residenceProvince: string | null;
  /** When the registry last recorded a change of this person. */
  lastRecordedAt: string;
}

/**
 * Alive: living persons of the reader's jurisdiction whose record has not been confirmed (no change recorded)
 * for `years` years (default five), for re-verification door to door; audited (it lists personal data).
 */
export async function reverificationList(
  deps: { db: Db; audit: AuditSink; today: () => string },
  access: IntakeAccess,
  ctx: RequestContext,
  campaign: string,
  q: { years?: number; after?: number; limit?: number } = {},
): Promise<{ cutoff: string; rule: string; items: StaleRecordView[]; nextAfter: number | null }> {
  await access.authorize(ctx, ['ballot.collect', 'ballot.check'], 'campaign.reverification');
  await access.requireCampaign(campaign);
  const years = q.years ?? CONFIRMATION_YEARS;
  const cutoff = addYears(deps.today(), -years);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const rows = await staleRecords(deps.db, {
    cutoff,
    scope: searchScope(ctx.actor),
    afterId: q.after ?? 0,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  await deps.audit.record(ctx, {
    action: 'campaign.reverification',
    outcome: 'ok',
    details: { campaign, years, results: page.length },
  });
  return {
    cutoff,
    rule: 'alive.not_confirmed',
    items: page.map((r) => ({
      personId: r.id,
      pin: r.pin,
      fullName: r.full_name,
      dateOfBirth: r.dob,
      residenceUnit: r.res_unit,
      residenceProvince: r.res_province,
      lastRecordedAt: r.updated_at,
    })),
    nextAfter: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

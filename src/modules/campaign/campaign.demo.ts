// A collection campaign for the demo province: the ballots of some of its communes are imported (a re-collection
// of residents the registry already holds) and reviewed by a script, so that the progress dashboard shows every
// level: communes completed, communes awaiting approval, communes still at the commune check, a ballot returned
// and one rejected. Also the fixture of the dashboard's browser test.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { SYSTEM_CONTEXT } from '../../domain/context.ts';
import { DC01_KEYS } from '../../domain/dc01.ts';
import type { Services } from '../../services.ts';

export interface DemoCampaign {
  jobId: number;
  ballots: number;
  /** Communes by the stage the script took them to. */
  approved: string[];
  verified: string[];
  checked: string[];
  returnedBallot: number | null;
  rejectedBallot: number | null;
}

const CAMPAIGN = 'DA896';

/**
 * Imports the ballots of the first communes (by code) of `sourceFile` up to about `maxBallots`, then reviews them:
 * the first third of those communes is approved, the next third verified, the rest checked; one ballot of the
 * last commune is returned for correction and another rejected.
 */
export async function seedDemoCampaign(s: Services, sourceFile: string, maxBallots = 6000): Promise<DemoCampaign> {
  const rows = parse(readFileSync(sourceFile, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  const byCommune = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const unit = r.permanent_unit ?? '';
    byCommune.set(unit, [...(byCommune.get(unit) ?? []), r]);
  }
  const chosen: string[] = [];
  const subset: Record<string, string>[] = [];
  for (const unit of [...byCommune.keys()].sort()) {
    const list = byCommune.get(unit)!;
    if (chosen.length >= 3 && subset.length + list.length > maxBallots) break;
    chosen.push(unit);
    subset.push(...list);
  }
  const file = `${sourceFile.replace(/\.csv$/, '')}-campaign.csv`;
  writeFileSync(file, stringify(subset, { header: true, columns: [...DC01_KEYS] }));
  const ctx = SYSTEM_CONTEXT;
  const imported = await s.campaignImport.importFile(ctx, {
    campaign: CAMPAIGN,
    form: 'DC01',
    path: file,
    fileName: 'demo-campaign.csv',
  });
  const third = Math.max(1, Math.floor(chosen.length / 3));
  const approved = chosen.slice(0, third);
  const verified = chosen.slice(third, 2 * third);
  const checked = chosen.slice(2 * third);
  const bulk = (action: string, unitCode: string, reason?: string) =>
    s.campaignReview.bulk(ctx, CAMPAIGN, { action, filter: { unitCode }, ...(reason ? { reason } : {}) });
  const last = checked[checked.length - 1];
  let returnedBallot: number | null = null;
  let rejectedBallot: number | null = null;
  if (last) {
    const open = await s.campaignReview.list(ctx, CAMPAIGN, { unit: last, status: 'collected', limit: 2 });
    const [a, b] = open.items;
    if (a) {
      await s.campaignReview.transition(ctx, CAMPAIGN, a.id, {
        action: 'return',
        reason: 'Thiếu ngày đăng ký thường trú',
      });
      returnedBallot = a.id;
    }
    if (b) {
      await s.campaignReview.transition(ctx, CAMPAIGN, b.id, { action: 'reject', reason: 'Phiếu khai trùng người' });
      rejectedBallot = b.id;
    }
  }
  for (const unit of chosen) await bulk('check', unit);
  for (const unit of [...approved, ...verified]) await bulk('verify', unit);
  for (const unit of approved) await bulk('approve', unit);
  return {
    jobId: imported.job.id,
    ballots: imported.job.ballotsAdded,
    approved,
    verified,
    checked,
    returnedBallot,
    rejectedBallot,
  };
}

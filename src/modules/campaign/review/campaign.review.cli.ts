// `popreg campaign review`: one review action over every eligible ballot of a unit or an import job. Thin: parses
// options, calls CampaignReviewService.bulk with a progress bar, prints the report.
import type { Command } from 'commander';
import { type DbOption, withDb, withServices } from '../../../cli/context.ts';
import { startProgress } from '../../../cli/progress.ts';
import { cliContext } from '../../../domain/context.ts';
import { REVIEW_ACTIONS } from './campaign.review.rules.ts';
import type { BulkReport } from './campaign.review.service.ts';

interface ReviewOptions extends DbOption {
  action: string;
  unit?: string;
  job?: string;
  reason?: string;
  campaign: string;
  json?: boolean;
}

function printBulk(r: BulkReport): void {
  const skipped = Object.entries(r.skipped)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `${r.action}: ${r.done} of ${r.matched} ballots done in ${(r.ms / 1000).toFixed(1)} s${skipped ? `; skipped: ${skipped}` : ''}`,
  );
  for (const x of r.failures.slice(0, 20)) console.log(`  ballot ${x.id}: ${x.reason}: ${x.message}`);
  // A bulk approval never decides for the reviewer: say how many ballots wait for a decision, and where.
  const held = (r.skipped.possible_match ?? 0) + (r.skipped.needs_confirmation ?? 0);
  if (held > 0) {
    console.log(
      `${held} ballot(s) left for a reviewer's decision (possible match by name and birth date, or a change of name, birth date or sex): decide them one by one in the review page`,
    );
  }
}

/** Registers the review command in the `campaign` group. */
export function registerReviewCommands(campaign: Command, defaultCampaign: string): void {
  withDb(
    campaign
      .command('review')
      .description('apply one review action to every eligible ballot of a unit or an import job')
      .requiredOption('--action <action>', REVIEW_ACTIONS.join(' | '))
      .option('--unit <code>', 'a province or commune code')
      .option('--job <id>', 'an import job id')
      .option('--reason <text>', 'why (required to return or reject)')
      .option('--campaign <code>', 'campaign code', defaultCampaign)
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: ReviewOptions) => {
    if (!opts.unit && !opts.job) throw new Error('give --unit CODE or --job ID');
    const job = opts.job === undefined ? undefined : Number(opts.job);
    if (job !== undefined && (!Number.isInteger(job) || job <= 0)) throw new Error(`--job ${opts.job}: not a job id`);
    await withServices(opts, async (s) => {
      let bar: ReturnType<typeof startProgress> | undefined;
      const report = await s.campaignReview.bulk(
        cliContext(),
        opts.campaign,
        {
          action: opts.action,
          filter: { ...(opts.unit ? { unitCode: opts.unit } : {}), ...(job !== undefined ? { jobId: job } : {}) },
          ...(opts.reason ? { reason: opts.reason } : {}),
        },
        (p) => {
          bar ??= startProgress(opts.action, p.total, 'ballots');
          bar.update(p.done + p.skipped);
        },
      );
      bar?.stop();
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printBulk(report);
    });
  });
}

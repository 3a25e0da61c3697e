// `popreg campaign …`: the command group. Each capability registers its own commands: progress tables (status),
// expected residents (targets) and the list of records to re-verify (reverify) in progress/campaign.progress.cli.ts,
// bulk review (review) in review/campaign.review.cli.ts.
import type { Command } from 'commander';
import { registerProgressCommands } from './progress/campaign.progress.cli.ts';
import { registerReviewCommands } from './review/campaign.review.cli.ts';

const DEFAULT_CAMPAIGN = 'DA896';

/** The `campaign` command group, shared with the intake's commands when they register first. */
function campaignGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'campaign') ??
    program.command('campaign').description('the collection campaign: ballots, review, progress')
  );
}

export function registerCampaignCommands(program: Command): void {
  const campaign = campaignGroup(program);
  registerProgressCommands(campaign, DEFAULT_CAMPAIGN);
  registerReviewCommands(campaign, DEFAULT_CAMPAIGN);
}

// Builds the `popreg` command tree. Each module adds its commands; commands are thin and call services.
import { Command } from 'commander';
import { registerAccessCommands } from '../modules/access/access.cli.ts';
import { registerAuditCommands } from '../modules/audit/audit.cli.ts';
import { registerCampaignCommands } from '../modules/campaign/campaign.cli.ts';
import { registerImportCommands } from '../modules/campaign/intake/campaign.intake.cli.ts';
import { registerCardCommands } from '../modules/card/card.cli.ts';
import { registerDedupCommands } from '../modules/dedup/dedup.cli.ts';
import { registerGeneratorCommands } from '../modules/generator/generator.cli.ts';
import { registerLinkCommands } from '../modules/linkage/link.cli.ts';
import { registerQualityCommands } from '../modules/quality/quality.cli.ts';
import { registerReferenceCommands } from '../modules/reference/reference.cli.ts';
import { registerLoadCommands } from '../modules/registry/load.cli.ts';
import { registerRegistryCommands } from '../modules/registry/registry.cli.ts';
import { registerDemoCommand } from './demo.cli.ts';
import { registerServerCommands } from './server.cli.ts';

export function buildProgram(): Command {
  const program = new Command('popreg')
    .description('popreg: national population registry (persons, PINs, households, residences, history)')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  registerServerCommands(program);
  registerDemoCommand(program);
  registerRegistryCommands(program);
  registerLoadCommands(program);
  registerImportCommands(program);
  registerGeneratorCommands(program);
  registerReferenceCommands(program);
  registerAccessCommands(program);
  registerAuditCommands(program);
  registerLinkCommands(program);
  registerCampaignCommands(program);
  registerQualityCommands(program);
  registerDedupCommands(program);
  registerCardCommands(program);
  return program;
}

// Builds the `popreg` command tree. Each module adds its commands; commands are thin and call services.
import { Command } from 'commander';

export function buildProgram(): Command {
  const program = new Command('popreg')
    .description('popreg: national population registry (persons, PINs, households, residences, history)')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  return program;
}

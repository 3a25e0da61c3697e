// Runs `popreg link` as a process with only the link command registered: the CLI tests use it until the command
// is hooked into src/cli/program.ts (then `node --import tsx src/cli/main.ts link …` does the same).
import { Command } from 'commander';
import { describeError } from '../../src/cli/context.ts';
import { registerLinkCommands } from '../../src/modules/linkage/link.cli.ts';

const program = new Command('popreg').showHelpAfterError();
registerLinkCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`popreg: ${describeError(err)}`);
  process.exitCode = 1;
}

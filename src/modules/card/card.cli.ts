// `popreg card …`: the card signing keys, applications and the life of a card from the command line, as the
// local administrator (who covers every person). Production, due list and verification commands are added by
// card.production.cli.ts.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import { registerCardCaCommands } from './card.ca.cli.ts';
import { registerCardLifeCommands } from './card.life.cli.ts';
import { APPLICATION_REASONS, type ApplicationView } from './card.schemas.ts';
import { registerCardProductionCommands } from './production/card.production.cli.ts';

type Opts = { db?: string; json?: boolean };

function showApplication(a: ApplicationView): string {
  const printed = a.printed ? `; prints ${a.printed.fullName}, expires ${a.printed.expiresOn ?? 'never'}` : '';
  const why = a.statusReason ? ` (${a.statusReason})` : '';
  return `application #${a.id} ${a.reason} for ${a.pin} ${a.fullName}: ${a.status}${why}${printed}${a.cardId ? `; card #${a.cardId}` : ''}`;
}

const print =
  <T>(opts: Opts, show: (x: T) => string) =>
  (x: T) =>
    console.log(opts.json ? JSON.stringify(x, null, 2) : show(x));

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('identity cards: keys, applications, issuance and revocation');

  registerCardCaCommands(card);

  withDb(
    card
      .command('apply <PIN>')
      .description('receive an application')
      .requiredOption('--reason <reason>', APPLICATION_REASONS.join('|'))
      .requiredOption('--unit <code>', 'commune code of the place of receipt')
      .option('--photo <file>', 'face photo, JPEG (from age 6)')
      .option('--representative <name>', 'the legal representative (under 14)')
      .option('--json', 'print JSON'),
  ).action(
    async (pin: string, opts: Opts & { reason: string; unit: string; photo?: string; representative?: string }) => {
      if (!(APPLICATION_REASONS as readonly string[]).includes(opts.reason)) {
        throw new Error(`--reason ${opts.reason}: use ${APPLICATION_REASONS.join(', ')}`);
      }
      await withServices(opts, async (s) => {
        const r = await s.cards.apply(cliContext(), {
          pin,
          reason: opts.reason as (typeof APPLICATION_REASONS)[number],
          receivedUnit: opts.unit,
          ...(opts.photo ? { photo: readFileSync(opts.photo).toString('base64') } : {}),
          ...(opts.representative ? { representative: { name: opts.representative } } : {}),
        });
        print(opts, showApplication)(r);
      });
    },
  );

  withDb(card.command('approve <ID>').description('approve: the data to print is taken now').option('--json')).action(
    async (id: string, opts: Opts) => {
      await withServices(opts, async (s) =>
        print(opts, showApplication)(await s.cards.approve(cliContext(), positiveInteger('ID')(id))),
      );
    },
  );

  withDb(
    card
      .command('refuse <ID>')
      .description('refuse an application')
      .requiredOption('--reason <text>', 'why')
      .option('--json'),
  ).action(async (id: string, opts: Opts & { reason: string }) => {
    await withServices(opts, async (s) =>
      print(opts, showApplication)(await s.cards.refuse(cliContext(), positiveInteger('ID')(id), opts.reason)),
    );
  });

  registerCardLifeCommands(card);

  withDb(card.command('application <ID>').description('an application').option('--json')).action(
    async (id: string, opts: Opts) => {
      await withServices(opts, async (s) =>
        print(opts, showApplication)(await s.cards.getApplication(cliContext(), positiveInteger('ID')(id))),
      );
    },
  );

  registerCardProductionCommands(card);
}

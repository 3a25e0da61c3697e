// `popreg card deliver|issue|lost|lock|unlock|retain|return|revoke|show`: the life of a card from the command line,
// as the local administrator.
import type { Command } from 'commander';
import { positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import { type CardView, REVOKE_GROUNDS } from './card.schemas.ts';

type Opts = { db?: string; json?: boolean };

function showCard(c: CardView): string {
  const why = c.statusReason ? ` (${c.statusReason})` : '';
  return `card #${c.id} ${c.number} ${c.printed.fullName}: ${c.status}${why}, issued ${c.issuedOn}, expires ${c.expiresOn ?? 'never'}\n${c.mrz.join('\n')}`;
}

const print =
  <T>(opts: Opts, show: (x: T) => string) =>
  (x: T) =>
    console.log(opts.json ? JSON.stringify(x, null, 2) : show(x));

export function registerCardLifeCommands(card: Command): void {
  for (const step of ['deliver', 'issue', 'lost', 'lock', 'unlock', 'retain', 'return'] as const) {
    withDb(
      card.command(`${step} <cardId>`).description(`${step} a card`).option('--reason <text>', 'why').option('--json'),
    ).action(async (id: string, opts: Opts & { reason?: string }) => {
      await withServices(opts, async (s) =>
        print(opts, showCard)(await s.cards.step(cliContext(), positiveInteger('cardId')(id), step, opts.reason)),
      );
    });
  }

  withDb(
    card
      .command('revoke <cardId>')
      .description('revoke a card (Law 26/2023 Art 29)')
      .requiredOption('--reason <ground>', REVOKE_GROUNDS.join('|'))
      .option('--note <text>', 'kept with the revocation')
      .option('--json'),
  ).action(async (id: string, opts: Opts & { reason: string; note?: string }) => {
    if (!(REVOKE_GROUNDS as readonly string[]).includes(opts.reason)) {
      throw new Error(`--reason ${opts.reason}: use ${REVOKE_GROUNDS.join(', ')}`);
    }
    const body = { reason: opts.reason as (typeof REVOKE_GROUNDS)[number], ...(opts.note ? { note: opts.note } : {}) };
    await withServices(opts, async (s) =>
      print(opts, showCard)(await s.cards.revoke(cliContext(), positiveInteger('cardId')(id), body)),
    );
  });

  withDb(card.command('show <cardId>').description('a card with its MRZ').option('--json')).action(
    async (id: string, opts: Opts) => {
      await withServices(opts, async (s) =>
        print(opts, showCard)(await s.cards.getCard(cliContext(), positiveInteger('cardId')(id))),
      );
    },
  );
}

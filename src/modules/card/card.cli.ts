// `popreg card …`: the card signing keys, applications and the life of a card from the command line, as the
// local administrator (who covers every person). Production, due list and verification commands are added by
// card.production.cli.ts.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { loadConfig } from '../../config.ts';
import { cliContext } from '../../domain/context.ts';
import { APPLICATION_REASONS, type ApplicationView, type CardView, REVOKE_GROUNDS } from './card.schemas.ts';
import { initCardCa, rotateSigner } from './crypto/card.keys.ts';
import { registerCardProductionCommands } from './production/card.production.cli.ts';

type Opts = { db?: string; json?: boolean };

function showApplication(a: ApplicationView): string {
  const printed = a.printed ? `; prints ${a.printed.fullName}, expires ${a.printed.expiresOn ?? 'never'}` : '';
  const why = a.statusReason ? ` (${a.statusReason})` : '';
  return `application #${a.id} ${a.reason} for ${a.pin} ${a.fullName}: ${a.status}${why}${printed}${a.cardId ? `; card #${a.cardId}` : ''}`;
}

function showCard(c: CardView): string {
  const why = c.statusReason ? ` (${c.statusReason})` : '';
  return `card #${c.id} ${c.number} ${c.printed.fullName}: ${c.status}${why}, issued ${c.issuedOn}, expires ${c.expiresOn ?? 'never'}\n${c.mrz.join('\n')}`;
}

const print =
  <T>(opts: Opts, show: (x: T) => string) =>
  (x: T) =>
    console.log(opts.json ? JSON.stringify(x, null, 2) : show(x));

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('identity cards: keys, applications, issuance and revocation');

  const ca = card.command('ca').description('the country signing CA and the document signers (key files)');
  ca.command('init')
    .description('create the CA and a first document signer in the key directory (POPREG_CARD_KEYS)')
    .option('--db <url>', 'database whose key directory to use by default')
    .action(async (opts: { db?: string }) => {
      const dir = loadConfig({ db: opts.db }).cards.keyDir;
      const r = await initCardCa(dir, new Date());
      console.log(`country signing CA and signer ${r.signerId} created in ${dir}\n${r.cscaCertPem}`);
    });
  ca.command('rotate')
    .description('a new active document signer; older signers stay verifiable')
    .option('--db <url>', 'database whose key directory to use by default')
    .action(async (opts: { db?: string }) => {
      const dir = loadConfig({ db: opts.db }).cards.keyDir;
      console.log(`document signer ${(await rotateSigner(dir, new Date())).signerId} is now active in ${dir}`);
    });

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

  withDb(card.command('application <ID>').description('an application').option('--json')).action(
    async (id: string, opts: Opts) => {
      await withServices(opts, async (s) =>
        print(opts, showApplication)(await s.cards.getApplication(cliContext(), positiveInteger('ID')(id))),
      );
    },
  );

  registerCardProductionCommands(card);
}

// `popreg card batch|due|verify`: production batches, the due list and offline verification, thin over
// CardProductionService. `card verify` reads only files (the card, the CA bundle, the status list): it is what a
// verifier runs without calling popreg.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInteger, withDb, withServices } from '../../../cli/context.ts';
import { startProgress } from '../../../cli/progress.ts';
import { loadConfig } from '../../../config.ts';
import { cliContext } from '../../../domain/context.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { loadCardKeys } from '../crypto/card.keys.ts';
import { caBundlePem, readCaBundle } from '../verify/card.verify.trust.ts';
import { type VerifyInput, verifyCard } from '../verify/card.verify.ts';
import type { BatchView } from './card.production.views.ts';

function describeBatch(b: BatchView): string {
  return (
    `batch ${b.id} (${b.status}${b.provinceCode ? `, province ${b.provinceCode}` : ''}): ${b.cards} cards, ` +
    `${b.produced} produced, ${b.failed} failed; signer ${b.signerId ?? '—'}; created ${b.createdAt} by ${b.createdBy}`
  );
}

function idList(v: string): number[] {
  return v.split(',').map((x) => positiveInteger('applications')(x.trim()));
}

function registerBatchCommands(card: Command): void {
  const batch = card.command('batch').description('production batches for the personalisation centre');
  withDb(
    batch
      .command('create')
      .description('build a batch from the approved applications (number, MRZ, signed QR, data groups, SOD)')
      .option('--province <code>', 'only applications of this province (2 digits)')
      .option('--limit <n>', 'at most this many cards', positiveInteger('limit'))
      .option('--applications <ids>', 'only these application ids (comma-separated)', idList),
  ).action(async (o: { db?: string; province?: string; limit?: number; applications?: number[] }) => {
    await withServices(o, async (s) => {
      const bar = startProgress('building cards', o.limit ?? 0, 'cards');
      const b = await s.cardProduction.createBatch(
        cliContext(),
        {
          ...(o.province ? { provinceCode: o.province } : {}),
          ...(o.limit ? { limit: o.limit } : {}),
          ...(o.applications ? { applicationIds: o.applications } : {}),
        },
        (p) => bar.update(p.cards),
      );
      bar.stop();
      console.log(describeBatch(b));
    });
  });
  withDb(batch.command('list').description('production batches, newest first')).action(async (o: { db?: string }) => {
    await withServices(o, async (s) => {
      for (const b of await s.cardProduction.listBatches(cliContext())) console.log(describeBatch(b));
    });
  });
  withDb(
    batch
      .command('export <id>')
      .description('write the batch into a new directory: <card id>.json per card with front and back PNG previews')
      .requiredOption('--out <dir>', 'the directory to create')
      .option('--no-png', 'without the PNG previews'),
  ).action(async (id: string, o: { db?: string; out: string; png: boolean }) => {
    await withServices(o, async (s) => {
      const b = await s.cardProduction.batch(cliContext(), positiveInteger('id')(id));
      const bar = startProgress('exporting cards', b.cards, 'cards');
      const r = await s.cardProduction.exportBatchTo(cliContext(), b.id, o.out, {
        png: o.png,
        onCard: (n) => bar.update(n),
      });
      bar.stop();
      console.log(`batch ${b.id}: ${r.cards} cards exported to ${r.dir}`);
    });
  });
  withDb(
    batch
      .command('import <file>')
      .description('import the centre’s results (JSON array or CSV applicationId,outcome,reason); all rows or none')
      .option('--batch <id>', 'the batch the file answers (default: each card’s own batch)', positiveInteger('batch')),
  ).action(async (file: string, o: { db?: string; batch?: number }) => {
    const text = readFileSync(file, 'utf8');
    await withServices(o, async (s) => {
      const r = await s.cardProduction.importResults(cliContext(), text, o.batch);
      console.log(
        `${r.rows} rows: ${r.produced} produced, ${r.failed} failed, ${r.unchanged} unchanged, ${r.overtaken} revoked meanwhile`,
      );
    });
  });
}

function registerDueCommands(card: Command): void {
  const due = withDb(
    card
      .command('due')
      .description('who must get or renew a card by a date (the list the daily job computes)')
      .option('--by <date>', 'due on or before this date (default: 30 days from today)')
      .option('--unit <code>', 'a province or commune code')
      .option('--csv', 'the whole list as CSV'),
  ).action(async (o: { db?: string; by?: string; unit?: string; csv?: boolean }) => {
    await withServices(o, async (s) => {
      const q = { ...(o.by ? { by: o.by } : {}), ...(o.unit ? { unit: o.unit } : {}) };
      if (o.csv) {
        for await (const chunk of s.cardProduction.due.csv(cliContext(), q)) process.stdout.write(chunk);
        return;
      }
      let cursor: string | undefined;
      let n = 0;
      do {
        const page = await s.cardProduction.due.list(cliContext(), {
          ...q,
          ...(cursor ? { cursor } : {}),
          limit: 1000,
        });
        for (const i of page.items) {
          console.log(
            `${i.dueOn}  ${i.cause.padEnd(6)}  ${i.pin}  ${i.unitCode ?? '—'}  ${i.dateOfBirth}  ${i.fullName}`,
          );
        }
        n += page.items.length;
        cursor = page.nextCursor ?? undefined;
        if (!cursor) console.log(`${n} persons due by ${page.by}`);
      } while (cursor);
    });
  });
  withDb(due.command('refresh').description('recompute the due list as of today (the daily job’s work)')).action(
    async (_o: { db?: string }, cmd: Command) => {
      // `card due` takes --db as well, and commander gives it to the parent: read both.
      await withServices(cmd.optsWithGlobals<{ db?: string }>(), async (s) => {
        const r = await s.cardProduction.due.refresh(cliContext());
        console.log(`${r.due} persons due of ${r.persons} living persons, as of ${r.today}`);
      });
    },
  );
}

/** The card to verify: an exported card JSON ({sod, dataGroups}, or {qr}), or the QR text given. */
function verifyInput(file: string | undefined, qr: string | undefined): VerifyInput {
  if (qr !== undefined) return { qr };
  if (file === undefined) {
    throw new ValidationError([{ field: 'file', rule: 'card.verify_input', message: 'give a card file or --qr TEXT' }]);
  }
  const j = JSON.parse(readFileSync(file, 'utf8')) as {
    sod?: string;
    dataGroups?: Record<string, string>;
    qr?: string;
  };
  if (j.sod && j.dataGroups) {
    const groups = new Map(
      Object.entries(j.dataGroups).map(([k, v]) => [Number(k), new Uint8Array(Buffer.from(v, 'base64'))]),
    );
    return { sod: new Uint8Array(Buffer.from(j.sod, 'base64')), dataGroups: groups };
  }
  if (j.qr) return { qr: j.qr };
  throw new ValidationError([
    {
      field: 'file',
      rule: 'card.verify_input',
      message: 'the file has neither sod with dataGroups nor qr',
      value: file,
    },
  ]);
}

function registerVerifyCommand(card: Command): void {
  card
    .command('verify [file]')
    .description('verify a card offline (an exported card JSON, or --qr TEXT) against the CA and the status list')
    .option('--qr <text>', 'the QR text of the card')
    .option('--ca <pem>', 'the CA bundle (GET /api/v1/cards/ca; default: from the card key directory)')
    .option('--status-list <file>', 'the signed status list (GET /api/v1/cards/status-list)')
    .option('--json', 'print the verdict as JSON')
    .action((file: string | undefined, o: { qr?: string; ca?: string; statusList?: string; json?: boolean }) => {
      const config = loadConfig();
      const trust = readCaBundle(o.ca ? readFileSync(o.ca, 'utf8') : caBundlePem(loadCardKeys(config.cards.keyDir)));
      const verdict = verifyCard(verifyInput(file, o.qr), {
        ...trust,
        ...(o.statusList ? { statusListJws: readFileSync(o.statusList, 'utf8') } : {}),
        today: config.today(),
      });
      if (o.json) console.log(JSON.stringify(verdict));
      else {
        console.log(
          `${verdict.result}${verdict.number ? ` (card ${verdict.number}, issued ${verdict.issuedOn})` : ''}`,
        );
        for (const r of verdict.reasons) console.log(`  - ${r}`);
      }
      // 2: the card is not valid (1 stays for errors: unreadable files, a bad status list).
      if (verdict.result !== 'valid') process.exitCode = 2;
    });
}

/** Adds batch, due and verify under `popreg card`. */
export function registerCardProductionCommands(card: Command): void {
  registerBatchCommands(card);
  registerDueCommands(card);
  registerVerifyCommand(card);
}

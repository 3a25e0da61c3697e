// `popreg dedup …`: the batch run over the registry, the review queue, decisions, merges and the precision
// estimate, as thin commands over DedupService (acting as the local administrator, audited as "cli").
import type { Command } from 'commander';
import { type DbOption, withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import { ValidationError } from '../../domain/errors.ts';
import { formatBatch, formatMerge, formatPair, formatPairs, formatPrecision } from './dedup.report.ts';
import type { PairQuery } from './dedup.service.ts';

function invalid(field: string, rule: string, message: string, value: unknown): ValidationError {
  return new ValidationError([{ field, rule, message, value }]);
}

function probability(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw invalid(name, 'probability', 'must be a probability between 0 and 1 (exclusive)', v);
  return n;
}

function whole(name: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw invalid(name, 'integer', `must be a whole number ≥ ${min}`, v);
  return n;
}

function required(name: string, v: string): number {
  return whole(name, v) as number;
}

interface RunOptions extends DbOption {
  threshold?: string;
  reviewThreshold?: string;
  threads?: string;
  truth?: string;
  truthBallots?: string;
  json?: boolean;
}

export function registerDedupCommands(program: Command): void {
  const dedup = program
    .command('dedup')
    .description(
      'find duplicate persons in the registry, review them, merge and unmerge (run without a subcommand: batch run)',
    );

  withDb(
    dedup
      .command('run', { isDefault: true })
      .description(
        'batch run over every person: block, score with a model trained on the registry, cluster; pairs at or above the review threshold enter the review queue',
      )
      .option('--threshold <p>', 'operating threshold for clusters and the quality figures (default 0.9)')
      .option('--review-threshold <p>', 'pairs at or above it enter the review queue (default 0.5)')
      .option('--threads <n>', 'worker threads for comparing pairs (default: cores, up to 8)')
      .option('--truth <file>', "the generator's truth file (ballot_id,person_id,…): prints precision, recall and F1")
      .option(
        '--truth-ballots <file>',
        'the ballots file the registry was loaded from: ties persons to ballots by PIN (default: by the ballot id the load kept)',
      )
      .option('--json', 'print the report as JSON'),
  ).action(async (o: RunOptions) => {
    if (o.truthBallots && !o.truth) throw invalid('--truth-ballots', 'requires', 'needs --truth', o.truthBallots);
    const opts = {
      threshold: probability('--threshold', o.threshold),
      reviewThreshold: probability('--review-threshold', o.reviewThreshold),
      threads: whole('--threads', o.threads),
      truth: o.truth ? { file: o.truth, ballots: o.truthBallots } : undefined,
    };
    await withServices(o, async (s) => {
      await s.reference.catalog();
      console.error('dedup: reading persons and linking…');
      const report = await s.dedup.runBatch(cliContext(), opts);
      if (o.json) {
        const { model, ...rest } = report;
        console.log(
          JSON.stringify(
            {
              ...rest,
              model: model
                ? {
                    lambda: model.lambda,
                    comparisons: model.comparisons.map((c) => ({ name: c.name, levels: c.levels, weights: c.weights })),
                  }
                : null,
            },
            null,
            2,
          ),
        );
      } else console.log(formatBatch(report));
    });
  });

  withDb(
    dedup
      .command('pairs')
      .description('the review queue: pairs most probable first')
      .option('--status <s>', 'open (default), same, different, merged, closed or all')
      .option('--unit <code>', 'pairs with a person in this province (2 digits) or commune (5 digits)')
      .option('--band <b>', 'probability band: 0.5-0.8, 0.8-0.9, 0.9-0.95, 0.95-0.99 or 0.99-1')
      .option('--limit <n>', 'at most this many (default 50)')
      .option('--json', 'print JSON'),
  ).action(async (o: DbOption & { status?: string; unit?: string; band?: string; limit?: string; json?: boolean }) => {
    const query: PairQuery = {
      status: o.status as PairQuery['status'],
      unit: o.unit,
      band: o.band,
      limit: whole('--limit', o.limit),
    };
    await withServices(o, async (s) => {
      const r = await s.dedup.listPairs(cliContext(), query);
      console.log(o.json ? JSON.stringify(r, null, 2) : formatPairs(r.items));
    });
  });

  withDb(
    dedup.command('show <PAIR>').description('one pair side by side with its evidence').option('--json', 'print JSON'),
  ).action(async (pair: string, o: DbOption & { json?: boolean }) => {
    await withServices(o, async (s) => {
      const p = await s.dedup.getPair(cliContext(), required('PAIR', pair));
      console.log(o.json ? JSON.stringify(p, null, 2) : formatPair(p));
    });
  });

  withDb(
    dedup
      .command('decide <PAIR> <DECISION>')
      .description(
        "decide a pair: 'same' person or 'different' people (a pair decided different is not proposed again until either person changes)",
      )
      .option('--merge', "with 'same': merge the two persons now")
      .option('--survivor <pin>', 'with --merge: the PIN that survives (default: the older PIN)')
      .option('--version <n>', 'the pair version you reviewed (default: the current one)')
      .option('--json', 'print JSON'),
  ).action(
    async (
      pair: string,
      decision: string,
      o: DbOption & { merge?: boolean; survivor?: string; version?: string; json?: boolean },
    ) => {
      if (decision !== 'same' && decision !== 'different')
        throw invalid('DECISION', 'enum', "must be 'same' or 'different'", decision);
      const id = required('PAIR', pair);
      await withServices(o, async (s) => {
        const ctx = cliContext();
        const version = whole('--version', o.version) ?? (await s.dedup.getPair(ctx, id)).version;
        const r = await s.dedup.decide(ctx, id, { decision, version, merge: o.merge, survivorPin: o.survivor });
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else {
          console.log(`pair ${id}: ${r.pair.status}`);
          if (r.merge) console.log(formatMerge(r.merge));
        }
      });
    },
  );

  withDb(
    dedup
      .command('merge <SURVIVOR> <RETIRED>')
      .description('merge RETIRED into SURVIVOR (PINs): the retired PIN becomes an alias; relations and history follow')
      .option('--pair <id>', 'the pair this merge decides')
      .option('--json', 'print JSON'),
  ).action(async (survivorPin: string, retiredPin: string, o: DbOption & { pair?: string; json?: boolean }) => {
    await withServices(o, async (s) => {
      const m = await s.dedup.merge(cliContext(), { survivorPin, retiredPin, pairId: whole('--pair', o.pair) });
      console.log(o.json ? JSON.stringify(m, null, 2) : formatMerge(m));
    });
  });

  withDb(
    dedup
      .command('unmerge <MERGE>')
      .description('undo a merge: both persons, PINs, relations and histories exactly as before')
      .option('--json', 'print JSON'),
  ).action(async (merge: string, o: DbOption & { json?: boolean }) => {
    await withServices(o, async (s) => {
      const m = await s.dedup.unmerge(cliContext(), required('MERGE', merge));
      console.log(o.json ? JSON.stringify(m, null, 2) : formatMerge(m));
    });
  });

  withDb(
    dedup
      .command('precision')
      .description("precision per probability band from reviewers' decisions, with a Wilson 95% interval")
      .option('--json', 'print JSON'),
  ).action(async (o: DbOption & { json?: boolean }) => {
    await withServices(o, async (s) => {
      const r = await s.dedup.precision(cliContext());
      console.log(o.json ? JSON.stringify(r, null, 2) : formatPrecision(r.bands));
    });
  });
}

// `popreg generate`: writes a synthetic population as DC01 ballots, optionally with a truth file. Thin: it
// parses and checks the options, shows progress, and calls writePopulation.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { isInteractive, withDb } from '../../cli/context.ts';
import { writePopulation } from './generate.ts';
import { GeneratorOptionError, resolveOptions } from './options.ts';
import { referenceData } from './reference-data.ts';

interface GenerateFlags {
  people: string;
  province?: string;
  seed: string;
  duplicates: string;
  errors: string;
  refDate?: string;
  today?: string;
  out: string;
  truth?: string;
  threads?: string;
  db?: string;
}

const EXAMPLES = `
Examples:
  popreg generate --people 100000 --out ballots.csv
  popreg generate --people 1000000 --province 79 --seed 7 --duplicates 0.05 --errors 0.02 \\
                  --out hcm.csv --truth hcm-truth.csv

The same options always give the same files. Unit codes are the 34-province / 3,321-commune codes in force
on --ref-date. The truth file has one row per ballot: ballot_id,person_id,role,kind,field,rule.`;

/** A whole number, allowing 1_000_000 / 1,000,000 / 1e6 spellings. */
function count(flag: string, raw: string): number {
  const n = Number(raw.replaceAll('_', '').replaceAll(',', ''));
  if (raw.trim() === '' || !Number.isInteger(n))
    throw new GeneratorOptionError(`--${flag} ${raw}: must be a whole number`);
  return n;
}

function rate(flag: string, raw: string): number {
  const n = Number(raw.endsWith('%') ? raw.slice(0, -1) : raw) / (raw.endsWith('%') ? 100 : 1);
  if (raw.trim() === '' || !Number.isFinite(n))
    throw new GeneratorOptionError(`--${flag} ${raw}: must be a rate between 0 and 1 (or a percentage)`);
  return n;
}

function progressReporter(total: number): { update(done: number): void; stop(): void } {
  if (isInteractive()) {
    const bar = new cliProgress.SingleBar(
      { format: 'generate [{bar}] {percentage}% | {value}/{total} persons | ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  // Plain lines for logs and pipes: one per tenth of the run.
  let shown = 0;
  return {
    update(done) {
      const tenth = Math.floor((10 * done) / total);
      if (tenth <= shown) return;
      shown = tenth;
      console.log(`generate: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} persons (${tenth * 10}%)`);
    },
    stop() {},
  };
}

export function registerGeneratorCommands(program: Command): void {
  const cmd = program
    .command('generate')
    .description(
      'write a synthetic population as DC01 ballots (CSV), with optional duplicates, errors and a truth file',
    )
    .requiredOption('--people <n>', 'number of distinct persons to generate')
    .option('--province <code>', 'current 2-digit province code (default: the whole country, by number of communes)')
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', '1')
    .option('--duplicates <rate>', 'extra ballots re-declaring a person, per person (0..1)', '0')
    .option('--errors <rate>', 'share of ballots with one injected error (0..1)', '0')
    .option(
      '--ref-date <date>',
      'date the unit codes refer to, written in unit_ref_date (from 2025-07-01)',
      '2026-05-01',
    )
    .option('--today <date>', 'the date ages and collection dates are computed for', '2026-05-01')
    .requiredOption('--out <file>', 'CSV file to write the ballots to')
    .option('--truth <file>', 'CSV file to write the truth to (who is who, which ballot has which error)')
    .option('--threads <n>', 'worker threads (default: one per core, at most 4); the output does not change')
    .addHelpText('after', EXAMPLES);
  withDb(cmd).action(async (flags: GenerateFlags) => {
    // --db is accepted like on every command, and unused: generating touches no database.
    const options = {
      people: count('people', flags.people),
      province: flags.province,
      seed: count('seed', flags.seed),
      duplicates: rate('duplicates', flags.duplicates),
      errors: rate('errors', flags.errors),
      refDate: flags.refDate,
      today: flags.today,
    };
    const threads = flags.threads === undefined ? undefined : count('threads', flags.threads);
    if (threads !== undefined && (threads < 1 || threads > 64))
      throw new GeneratorOptionError(`--threads ${threads}: must be 1 to 64`);
    resolveOptions(options, referenceData());
    if (flags.truth !== undefined && flags.truth === flags.out) {
      throw new GeneratorOptionError(`--truth ${flags.truth}: must differ from --out`);
    }
    const progress = progressReporter(options.people);
    let result: Awaited<ReturnType<typeof writePopulation>>;
    try {
      result = await writePopulation({
        ...options,
        out: flags.out,
        truth: flags.truth,
        threads,
        onProgress: (done) => progress.update(done),
      });
    } finally {
      progress.stop();
    }
    const n = (v: number) => v.toLocaleString('en');
    console.log(
      `wrote ${n(result.ballots)} ballots to ${flags.out}: ${n(result.persons)} persons in ${n(result.households)} households, ` +
        `${n(result.duplicates)} duplicates, ${n(result.errors)} with an injected error (${(result.ms / 1000).toFixed(1)} s)`,
    );
    if (flags.truth) console.log(`truth: ${flags.truth}`);
  });
}

// `popreg link`: deduplicate one CSV or link two, with a Fellegi–Sunter model trained on the input itself.
// Thin edge: parse options, read files, call runLinkage, write and print. --db is accepted like every command
// and unused (linkage works on files).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { isInteractive, withDb } from '../../cli/context.ts';
import { type Progress, startProgress } from '../../cli/progress.ts';
import { DEFAULTS, type LinkConfig } from './engine/config.ts';
import { DEFAULT_TRUTH_PATTERN } from './engine/evaluate.ts';
import { formatConfig, recogniseColumns } from './engine/recognise.ts';
import { formatBlocking, formatEvaluation, formatModel, formatOutcome } from './link.report.ts';
import { LinkInputError, readConfig, readTable, writeClusters, writePairs } from './linkage.files.ts';
import { runLinkage } from './linkage.service.ts';

export interface LinkCommandOptions {
  input: string[];
  config?: string;
  idColumn?: string;
  out: string;
  clusters?: string;
  truthColumn?: string;
  truthPattern?: string;
  threshold?: string;
  threads?: string;
  seed?: string;
  quiet?: boolean;
  db?: string;
}

function probability(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new LinkInputError(`${name} ${v}: expected a probability between 0 and 1 (exclusive)`);
  return n;
}

function whole(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new LinkInputError(`${name} ${v}: expected a whole number ≥ ${min}`);
  return n;
}

/** Output paths are checked before the work: not an input, not each other, in a directory that exists. */
function checkOutputs(o: LinkCommandOptions): void {
  const outs = [['--out', o.out] as const, ...(o.clusters ? [['--clusters', o.clusters] as const] : [])];
  for (const [name, path] of outs) {
    const full = resolve(path);
    if (o.input.some((i) => resolve(i) === full))
      throw new LinkInputError(`${name} ${path}: would overwrite an input file`);
    if (!existsSync(dirname(full)))
      throw new LinkInputError(`${name} ${path}: directory ${dirname(full)} does not exist`);
  }
  if (o.clusters && resolve(o.clusters) === resolve(o.out))
    throw new LinkInputError('--clusters must differ from --out');
}

export async function linkCommand(o: LinkCommandOptions, log: (line: string) => void = console.log): Promise<void> {
  if (o.input.length === 0 || o.input.length > 2)
    throw new LinkInputError('--input: give one file (dedupe) or two (link)');
  const threshold = probability('--threshold', o.threshold);
  const threads = whole('--threads', o.threads, 1);
  const seed = whole('--seed', o.seed, 0);
  if (o.truthPattern !== undefined && o.truthColumn === undefined)
    throw new LinkInputError('--truth-pattern needs --truth-column');
  checkOutputs(o);
  const tables = o.input.map(readTable);
  const records = tables.reduce((a, t) => a + t.rows.length, 0);
  const fromFile = o.config ? readConfig(o.config) : undefined;
  const idColumn = o.idColumn ?? fromFile?.idColumn ?? tables[0]!.header[0]!;
  for (const t of tables) {
    if (!t.header.includes(idColumn)) {
      throw new LinkInputError(
        `${o.idColumn ? '--id-column' : 'id column'} "${idColumn}" is not a column of ${t.name}`,
      );
    }
  }
  let config: LinkConfig;
  if (fromFile) {
    config = { ...fromFile, idColumn };
  } else {
    const r = recogniseColumns(
      tables.map((t) => t.header),
      idColumn,
      o.truthColumn ? [o.truthColumn] : [],
    );
    config = { idColumn, ...r.config };
    if (config.fields.length === 0) {
      throw new LinkInputError(
        `no column of ${tables[0]!.name} was recognised; write a config and pass it with --config`,
      );
    }
    if (!o.quiet) {
      log('no --config given: columns recognised by name; save this config, edit it and pass it with --config:');
      log(formatConfig(config));
      if (r.ignored.length > 0) log(`columns not used: ${r.ignored.join(', ')}`);
    }
  }
  let bar: Progress | undefined;
  const result = await runLinkage(tables, config, {
    threshold,
    threads,
    seed,
    truth: o.truthColumn ? { column: o.truthColumn, pattern: o.truthPattern } : undefined,
    onBlocked: (plan, n) => {
      if (!o.quiet) log(formatBlocking(plan, n, records));
      // A bar only where comparing takes a while; small files are done before it would show.
      if (!o.quiet && (n >= 100_000 || (isInteractive() && n >= 10_000))) bar = startProgress('comparing', n, 'pairs');
    },
    onProgress: (_, done) => bar?.update(done),
  }).finally(() => bar?.stop());
  for (const note of result.prepared.notes) log(`note: ${note}`);
  if (!o.quiet) log(formatModel(result));
  const written = await writePairs(o.out, result, result.truth);
  const clusters = o.clusters
    ? await writeClusters(
        o.clusters,
        result,
        tables.map((t) => t.name),
      )
    : undefined;
  log(formatOutcome(result, written, clusters));
  if (result.evaluation) log(formatEvaluation(result.evaluation));
}

export function registerLinkCommands(program: Command): void {
  withDb(
    program
      .command('link')
      .description(
        'find records of the same person in one CSV (dedupe) or across two (link): probabilistic record linkage',
      )
      .requiredOption(
        '--input <file>',
        'input CSV with a header row; give it twice to link two files',
        (v: string, prev: string[]) => [...prev, v],
        [],
      )
      .option(
        '--config <file>',
        'JSON config: fields and comparison types, blocking rules (default: recognised from column names and printed)',
      )
      .option('--id-column <col>', 'record identifier column (default: the first column)')
      .requiredOption('--out <file>', `pairs CSV: id_l,id_r,probability,… for pairs at or above the threshold`)
      .option('--clusters <file>', 'clusters CSV: id,cluster')
      .option('--threshold <p>', `match probability for pairs and clusters (default ${DEFAULTS.threshold})`)
      .option(
        '--truth-column <col>',
        'labels: rows with the same entity key are the same person; prints blocking recall, precision, recall, F1',
      )
      .option(
        '--truth-pattern <regex>',
        `regex extracting the entity key from --truth-column (first group; default ${DEFAULT_TRUTH_PATTERN})`,
      )
      .option('--threads <n>', 'worker threads for comparing pairs (default: cores, up to 8; 1 = no workers)')
      .option('--seed <n>', 'seed for sampling random pairs (default 1)')
      .option('--quiet', 'print only the outcome and the quality figures'),
  ).action(async (opts: LinkCommandOptions) => {
    await linkCommand(opts);
  });
}

// `popreg import`: a bulk file of DC01 or DC02 ballots into the collection campaign, with a progress bar on stderr
// and a summary at the end; `popreg import jobs` lists jobs and `popreg import report JOB` writes a job's per-row
// report. Thin: options are checked here and the work is CampaignImportService's.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type DbOption, positiveInteger, withDb, withServices } from '../../../cli/context.ts';
import { type Progress, startProgress } from '../../../cli/progress.ts';
import { cliContext } from '../../../domain/context.ts';
import { BadFileError, type FormCode } from '../../intake/index.ts';
import type { ImportJobView, ImportOutcome, ImportProgress } from './campaign.import.service.ts';

interface ImportFlags extends DbOption {
  form: string;
  campaign: string;
  report?: string;
  resume?: string;
  batchSize?: string;
  json?: boolean;
}

const HELP = `
Formats: CSV (UTF-8, with or without BOM; comma or semicolon), XLSX (first sheet) and NDJSON (one JSON object per
line). Headers may be the field keys (full_name, date_of_birth, …) or the Vietnamese or English labels.

The file's structure is checked first: a file that cannot be read (wrong encoding, unbalanced quotes, wrong column
count, unknown headers, empty, a field over 1 MB, formulas) is refused with the rule, row and value, and nothing is
written (exit code 1). Then every row is validated (correct, complete, clean, alive): rows with errors are not
stored and go to the report; the others become ballots for review, with their warnings.

Importing the same file again adds nothing. An import that was stopped (Ctrl-C, crash, kill) resumes where it
stopped when run again with the same file, or with --resume JOB.

Examples:
  popreg import ballots.csv --report errors.xlsx
  popreg import updates.xlsx --form DC02 --report updates-errors.csv
  popreg import --resume 12
  popreg import jobs
  popreg import report 12 --out errors.csv`;

function positive(flag: string, v: string | undefined): number | undefined {
  return v === undefined ? undefined : positiveInteger(flag)(v);
}

function reportFormat(path: string): 'csv' | 'xlsx' {
  if (path.toLowerCase().endsWith('.xlsx')) return 'xlsx';
  if (path.toLowerCase().endsWith('.csv')) return 'csv';
  throw new Error(`--report ${path}: name the report .csv or .xlsx`);
}

function progressPrinter(): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  let bar: Progress | undefined;
  let phase = '';
  return {
    onProgress(p) {
      if (p.phase !== phase) {
        phase = p.phase;
        if (p.phase === 'hashing') console.error('reading the file…');
        if (p.phase === 'checking') console.error('checking the file structure…');
      }
      if (p.phase !== 'importing') return;
      bar ??= startProgress('importing', p.rowsTotal ?? 0, 'rows');
      bar.update(p.rowsDone, `${p.added} ballots, ${p.rowsWithErrors} rows with errors`);
    },
    stop: () => bar?.stop(),
  };
}

export function describeJob(j: ImportJobView): string {
  return (
    `job ${j.id} ${j.status}: ${j.form} ${j.fileName} — ${j.rowsDone}/${j.rowsTotal ?? '?'} rows, ` +
    `${j.ballotsAdded} ballots added, ${j.ballotsSkipped} skipped as already present, ${j.rowsWithErrors} rows with errors`
  );
}

function printOutcome(o: ImportOutcome): void {
  const j = o.job;
  if (o.alreadyImported) console.log(`already imported as job ${j.id}: nothing added`);
  else if (o.resumed) console.log(`resumed job ${j.id}`);
  console.log(describeJob(j));
  if (o.byRule.length) {
    console.log('issues by rule:');
    for (const r of o.byRule)
      console.log(`  ${r.rule.padEnd(30)} ${r.severity.padEnd(8)} ${r.principle.padEnd(9)} ${r.count}`);
  }
}

/** The one-line reason of a refused file: the rule, then the reader's message (it names the place and value). */
function refusal(j: ImportJobView): string {
  const e = j.error!;
  const rule = String((e.details as { rule?: string }).rule ?? e.code);
  const message = e.message.startsWith(`${rule}: `) ? e.message.slice(rule.length + 2) : e.message;
  return `file refused [${rule}]: ${message}`;
}

export function registerImportCommands(program: Command): void {
  const cmd = withDb(
    program
      .command('import')
      .description('import a file of DC01/DC02 ballots into the collection campaign (resumable, idempotent)')
      .argument('[FILE]', 'CSV, XLSX or NDJSON file of ballots')
      .option('--form <FORM>', 'DC01 (collection ballots) or DC02 (updates and corrections)', 'DC01')
      .option('--campaign <CODE>', 'campaign code', 'DA896')
      .option(
        '--report <FILE>',
        'write the per-row report (row, field, rule, messages, value) to FILE.csv or FILE.xlsx',
      )
      .option('--resume <JOB>', 'resume an interrupted job (FILE defaults to the path it was started with)')
      .option('--batch-size <N>', 'rows per transaction (default 1000)')
      .option('--json', 'print the outcome as JSON')
      .addHelpText('after', HELP),
  ).action(async (file: string | undefined, opts: ImportFlags) => {
    const form = opts.form.toUpperCase();
    if (form !== 'DC01' && form !== 'DC02') throw new Error(`--form ${opts.form}: must be DC01 or DC02`);
    const resumeJob = positive('resume', opts.resume);
    const batchSize = positive('batch-size', opts.batchSize);
    if (file === undefined && resumeJob === undefined) throw new Error('give the FILE to import (or --resume JOB)');
    const report = opts.report;
    if (report) reportFormat(report);
    await withServices(opts, async (s) => {
      await s.reference.catalog();
      const ctx = cliContext();
      const progress = progressPrinter();
      let outcome: ImportOutcome;
      try {
        const o = { onProgress: progress.onProgress, ...(batchSize ? { batchSize } : {}) };
        outcome =
          resumeJob !== undefined
            ? await s.campaignImport.resumeJob(ctx, resumeJob, file ? resolve(file) : undefined, o)
            : await s.campaignImport.importFile(
                ctx,
                { campaign: opts.campaign, form: form as FormCode, path: resolve(file!), fileName: resolve(file!) },
                o,
              );
      } catch (err) {
        // A file that cannot even be opened is refused like any other bad file, before a job exists.
        if (!(err instanceof BadFileError)) throw err;
        console.error(`popreg: file refused [${err.rule}]: ${err.message.replace(`${err.rule}: `, '')}`);
        process.exitCode = 1;
        return;
      } finally {
        progress.stop();
      }
      if (report && outcome.job.status === 'done') {
        const n = await s.campaignImport.writeReport(
          ctx,
          outcome.job.campaign,
          outcome.job.id,
          reportFormat(report),
          report,
        );
        if (!opts.json) console.log(`report: ${n} issues written to ${report}`);
      }
      if (opts.json) console.log(JSON.stringify(outcome, null, 2));
      else if (outcome.job.status !== 'failed') printOutcome(outcome);
      if (outcome.job.status === 'failed') {
        console.error(`popreg: ${refusal(outcome.job)}`);
        process.exitCode = 1;
      }
    });
  });

  withDb(
    cmd
      .command('jobs')
      .description('list import jobs, newest first')
      .option('--campaign <CODE>', 'campaign code', 'DA896')
      .option('--limit <N>', 'how many', '50')
      .option('--json', 'print as JSON'),
  ).action(async (opts: DbOption & { campaign: string; limit: string; json?: boolean }) => {
    const limit = positive('limit', opts.limit);
    // --db written after the subcommand is read by `import` itself (same option name): take it from there too.
    await withServices({ db: opts.db ?? (cmd.opts() as DbOption).db }, async (s) => {
      const r = await s.campaignImport.listJobs(cliContext(), opts.campaign, { limit });
      if (opts.json) console.log(JSON.stringify(r.items, null, 2));
      else if (r.items.length === 0) console.log('no import jobs');
      else for (const j of r.items) console.log(describeJob(j));
    });
  });

  withDb(
    cmd
      .command('report <JOB>')
      .description("write a job's per-row report (errors and warnings) as CSV or XLSX")
      .requiredOption('--out <FILE>', 'FILE.csv or FILE.xlsx'),
  ).action(async (jobArg: string, opts: DbOption & { out: string }) => {
    const id = positive('JOB', jobArg)!;
    const format = reportFormat(opts.out);
    await withServices({ db: opts.db ?? (cmd.opts() as DbOption).db }, async (s) => {
      const job = await s.campaignImport.findJob(id);
      if (!job) throw new Error(`no import job ${id}`);
      const n = await s.campaignImport.writeReport(cliContext(), job.campaign, id, format, opts.out);
      console.log(`${n} issues written to ${opts.out}`);
    });
  });
}

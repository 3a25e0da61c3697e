// `popreg campaign …`: progress tables (status), expected residents (targets), bulk review (review) and the list of
// records to re-verify (reverify). Thin: parses options, calls the campaign services, prints.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { type DbOption, positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { startProgress } from '../../cli/progress.ts';
import { cliContext } from '../../domain/context.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ProgressReport, UnitProgress } from './progress/campaign.progress.service.ts';
import type { StaleRecordView } from './progress/campaign.reverification.ts';
import { REVIEW_ACTIONS } from './review/campaign.review.rules.ts';
import type { BulkReport } from './review/campaign.review.service.ts';

const DEFAULT_CAMPAIGN = 'DA896';

interface StatusOptions extends DbOption {
  by?: string;
  unit?: string;
  campaign: string;
  json?: boolean;
}

interface ReverifyOptions extends DbOption {
  years?: number;
  limit: number;
  csv?: string;
  campaign: string;
  json?: boolean;
}

const REVERIFY_HEADER = [
  'pin',
  'full_name',
  'date_of_birth',
  'residence_unit',
  'residence_province',
  'last_recorded_at',
];

function reverifyCells(x: StaleRecordView): string[] {
  return [x.pin, x.fullName, x.dateOfBirth, x.residenceUnit ?? '', x.residenceProvince ?? '', x.lastRecordedAt];
}

/** A CSV cell: quoted when it holds a delimiter, quote or line break. */
function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

interface ReviewOptions extends DbOption {
  action: string;
  unit?: string;
  job?: string;
  reason?: string;
  campaign: string;
  json?: boolean;
}

const COLUMNS: { head: string; cell: (u: UnitProgress) => string; left?: boolean }[] = [
  { head: 'Mã', cell: (u) => u.code, left: true },
  { head: 'Đơn vị', cell: (u) => u.name, left: true },
  { head: 'Dự kiến', cell: (u) => num(u.expected) },
  { head: 'Đã thu', cell: (u) => num(u.collected) },
  { head: 'Đã kiểm tra', cell: (u) => num(u.checked) },
  { head: 'Đã xác minh', cell: (u) => num(u.verified) },
  { head: 'Đã duyệt', cell: (u) => num(u.approved) },
  { head: 'Trả lại', cell: (u) => num(u.returned) },
  { head: 'Từ chối', cell: (u) => num(u.rejected) },
  { head: 'Dòng lỗi', cell: (u) => num(u.rowsWithErrors) },
  { head: 'Tỉ lệ lỗi', cell: (u) => (u.errorRate === null ? '—' : `${(u.errorRate * 100).toFixed(1)}%`) },
  { head: 'Hoàn thành', cell: (u) => (u.percentComplete === null ? '—' : `${u.percentComplete.toFixed(1)}%`) },
  { head: 'Ngày hoàn thành', cell: (u) => u.completedOn ?? '—', left: true },
  { head: 'Hạng', cell: (u) => (u.rank === null ? '' : String(u.rank)) },
];

function num(n: number): string {
  return n.toLocaleString('vi-VN');
}

/** The progress report as a text table with Vietnamese unit names, the total last. */
export function formatProgress(r: ProgressReport): string {
  const rows = [...r.rows, r.total];
  const cells = rows.map((u) => COLUMNS.map((c) => c.cell(u)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (COLUMNS[i]!.left ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const title = `${r.campaign.name} (${r.campaign.code}) — ngày ${r.asOf}${r.unit ? ` — đơn vị ${r.unit}` : ''}`;
  return [
    title,
    line(COLUMNS.map((c) => c.head)),
    rule,
    ...cells.slice(0, -1).map(line),
    rule,
    line(cells[cells.length - 1]!),
  ].join('\n');
}

/** Reads `unit_code,expected` rows (a header line is required). */
export function readTargets(path: string): { unit: string; expected: number }[] {
  const records = parse(readFileSync(path, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const first = records[0];
  if (first && (!('unit_code' in first) || !('expected' in first))) {
    throw new ValidationError([
      { field: 'header', rule: 'file.unknown_header', message: 'the file needs the columns unit_code,expected' },
    ]);
  }
  return records.map((r) => ({ unit: r.unit_code ?? '', expected: Number(r.expected) }));
}

function printBulk(r: BulkReport): void {
  const skipped = Object.entries(r.skipped)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `${r.action}: ${r.done} of ${r.matched} ballots done in ${(r.ms / 1000).toFixed(1)} s${skipped ? `; skipped: ${skipped}` : ''}`,
  );
  for (const x of r.failures.slice(0, 20)) console.log(`  ballot ${x.id}: ${x.reason}: ${x.message}`);
  // A bulk approval never decides for the reviewer: say how many ballots wait for a decision, and where.
  const held = (r.skipped.possible_match ?? 0) + (r.skipped.needs_confirmation ?? 0);
  if (held > 0) {
    console.log(
      `${held} ballot(s) left for a reviewer's decision (possible match by name and birth date, or a change of name, birth date or sex): decide them one by one in the review page`,
    );
  }
}

/** The `campaign` command group, shared with the intake's commands when they register first. */
function campaignGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'campaign') ??
    program.command('campaign').description('the collection campaign: ballots, review, progress')
  );
}

export function registerCampaignCommands(program: Command): void {
  const campaign = campaignGroup(program);

  withDb(
    campaign
      .command('status')
      .description('progress per province or commune: expected, ballots per review level, errors, % complete, rank')
      .option('--by <level>', 'province or commune (default: province for the country, commune inside a unit)')
      .option('--unit <code>', 'a province or commune code (current)')
      .option('--campaign <code>', 'campaign code', DEFAULT_CAMPAIGN)
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: StatusOptions) => {
    await withServices(opts, async (s) => {
      const report = await s.campaignProgress.progress(cliContext(), opts.campaign, {
        ...(opts.by ? { by: opts.by } : {}),
        ...(opts.unit ? { unit: opts.unit } : {}),
      });
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatProgress(report));
    });
  });

  withDb(
    campaign
      .command('targets <FILE>')
      .description('set expected residents per commune from a CSV file with the columns unit_code,expected')
      .option('--campaign <code>', 'campaign code', DEFAULT_CAMPAIGN),
  ).action(async (file: string, opts: DbOption & { campaign: string }) => {
    await withServices(opts, async (s) => {
      const n = await s.campaignProgress.setTargets(cliContext(), opts.campaign, readTargets(file));
      console.log(`${n} targets set for campaign ${opts.campaign}`);
    });
  });

  withDb(
    campaign
      .command('reverify')
      .description(
        'living persons of your jurisdiction with no change recorded for YEARS years (default 5): the door-to-door ' +
          're-verification list (alive principle)',
      )
      .option('--years <n>', 'years without a recorded change (default 5)', positiveInteger('years'))
      .option('--limit <n>', 'at most this many persons', positiveInteger('limit'), 1000)
      .option('--csv <file>', 'write the list to a CSV file (UTF-8 with BOM, opens in Excel)')
      .option('--campaign <code>', 'campaign code', DEFAULT_CAMPAIGN)
      .option('--json', 'print the list as JSON'),
  ).action(async (opts: ReverifyOptions) => {
    const { limit, years } = opts;
    await withServices(opts, async (s) => {
      const items: StaleRecordView[] = [];
      let after = 0;
      let cutoff = '';
      for (;;) {
        const page = await s.campaignProgress.reverificationList(cliContext(), opts.campaign, {
          ...(years ? { years } : {}),
          after,
          limit: Math.min(1000, limit - items.length),
        });
        cutoff = page.cutoff;
        items.push(...page.items);
        if (page.nextAfter === null || items.length >= limit) break;
        after = page.nextAfter;
      }
      if (opts.csv) {
        const lines = [REVERIFY_HEADER, ...items.map(reverifyCells)].map((r) => r.map(csvCell).join(','));
        writeFileSync(opts.csv, `\uFEFF${lines.join('\r\n')}\r\n`);
      }
      if (opts.json) {
        console.log(JSON.stringify({ cutoff, items }, null, 2));
        return;
      }
      console.log(`${items.length} persons with no change recorded since ${cutoff} (rule alive.not_confirmed)`);
      for (const x of items) console.log(reverifyCells(x).join('  '));
      if (opts.csv) console.log(`written to ${opts.csv}`);
    });
  });

  withDb(
    campaign
      .command('review')
      .description('apply one review action to every eligible ballot of a unit or an import job')
      .requiredOption('--action <action>', REVIEW_ACTIONS.join(' | '))
      .option('--unit <code>', 'a province or commune code')
      .option('--job <id>', 'an import job id')
      .option('--reason <text>', 'why (required to return or reject)')
      .option('--campaign <code>', 'campaign code', DEFAULT_CAMPAIGN)
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: ReviewOptions) => {
    if (!opts.unit && !opts.job) throw new Error('give --unit CODE or --job ID');
    const job = opts.job === undefined ? undefined : Number(opts.job);
    if (job !== undefined && (!Number.isInteger(job) || job <= 0)) throw new Error(`--job ${opts.job}: not a job id`);
    await withServices(opts, async (s) => {
      let bar: ReturnType<typeof startProgress> | undefined;
      const report = await s.campaignReview.bulk(
        cliContext(),
        opts.campaign,
        {
          action: opts.action,
          filter: { ...(opts.unit ? { unitCode: opts.unit } : {}), ...(job !== undefined ? { jobId: job } : {}) },
          ...(opts.reason ? { reason: opts.reason } : {}),
        },
        (p) => {
          bar ??= startProgress(opts.action, p.total, 'ballots');
          bar.update(p.done + p.skipped);
        },
      );
      bar?.stop();
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printBulk(report);
    });
  });
}

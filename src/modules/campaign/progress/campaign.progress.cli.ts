// `popreg campaign status | targets | reverify`: progress tables, expected residents per commune and the list of
// records to re-verify. Thin: parses options, calls CampaignProgressService, prints.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { type DbOption, positiveInteger, withDb, withServices } from '../../../cli/context.ts';
import { cliContext } from '../../../domain/context.ts';
import { ValidationError } from '../../../domain/errors.ts';
import type { ProgressReport, UnitProgress } from './campaign.progress.service.ts';
import type { StaleRecordView } from './campaign.reverification.ts';

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

/** Registers the progress commands in the `campaign` group. */
export function registerProgressCommands(campaign: Command, defaultCampaign: string): void {
  withDb(
    campaign
      .command('status')
      .description('progress per province or commune: expected, ballots per review level, errors, % complete, rank')
      .option('--by <level>', 'province or commune (default: province for the country, commune inside a unit)')
      .option('--unit <code>', 'a province or commune code (current)')
      .option('--campaign <code>', 'campaign code', defaultCampaign)
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
      .option('--campaign <code>', 'campaign code', defaultCampaign),
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
      .option('--campaign <code>', 'campaign code', defaultCampaign)
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
}

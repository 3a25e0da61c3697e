// `popreg quality`: the data-quality scores per locality as a table (or JSON), recomputed with a progress bar
// when asked (--refresh) or when none were computed yet.
import type { Command } from 'commander';
import { withDb, withServices } from '../../cli/context.ts';
import { startProgress } from '../../cli/progress.ts';
import { cliContext } from '../../domain/context.ts';
import type { UnitScore } from './quality.report.ts';
import type { QualityReport } from './quality.service.ts';

interface QualityOptions {
  db?: string;
  by?: string;
  unit?: string;
  refresh?: boolean;
  json?: boolean;
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const int = (n: number) => n.toLocaleString('en');

/** Pads or cuts to a width (names are NFC, so one character is one column for Vietnamese letters). */
function fitWidth(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

function cleanCell(u: UnitScore, ran: boolean): string {
  if (!ran) return 'not run';
  if (u.details.pairsPer1000 === null) return '—';
  // The measure (pairs per 1,000 persons) and the share of persons in no pair, which the overall uses.
  return `${u.details.pairsPer1000.toFixed(2)}/1000 (${pct(u.clean)})`;
}

const HEADER = [
  ['code', 6, 'left'],
  ['name', 32, 'left'],
  ['persons', 11, 'right'],
  ['correct', 9, 'right'],
  ['complete', 9, 'right'],
  ['clean', 20, 'right'],
  ['alive', 8, 'right'],
  ['>110', 6, 'right'],
  ['overall', 9, 'right'],
] as const;

function line(cells: string[]): string {
  return cells
    .map((c, i) => {
      const [, width, align] = HEADER[i]!;
      return align === 'left' ? fitWidth(c, width) : c.padStart(width);
    })
    .join(' ')
    .trimEnd();
}

function row(u: UnitScore, ran: boolean): string {
  return line([
    u.code,
    u.name,
    int(u.persons),
    pct(u.correct),
    pct(u.complete),
    cleanCell(u, ran),
    pct(u.alive),
    String(u.details.over110),
    pct(u.overall),
  ]);
}

export function printReport(r: QualityReport): void {
  const snap = r.snapshot;
  if (!snap || !r.summary) {
    console.log('no quality scores computed yet: run popreg quality --refresh');
    return;
  }
  const ran = r.availability.clean.available;
  console.log(`Chất lượng dữ liệu dân cư — ${r.scope.name}`);
  console.log(
    `computed ${snap.computedAt} for today ${snap.today} by ${snap.computedBy}: ${int(snap.persons)} living persons in ${(snap.durationMs / 1000).toFixed(1)} s`,
  );
  console.log(
    'correct (đúng): passing every validation rule · complete (đủ): required and recommended fields filled · ' +
      'clean (sạch): open duplicate pairs per 1,000 persons (share of persons in no open pair) · ' +
      'alive (sống): confirmed within five years',
  );
  console.log(
    ran
      ? `deduplication: last run finished ${snap.dedupFinishedAt}`
      : 'deduplication: not run — no clean score; the overall score averages correct, complete and alive',
  );
  console.log(
    `deaths against active identity cards: not available — ${r.availability.deathsAgainstActiveCards.message}`,
  );
  console.log('');
  console.log(line(HEADER.map(([h]) => h)));
  for (const u of r.items) console.log(row(u, ran));
  if (r.items.length > 1 || r.items[0]?.code !== r.summary.code) {
    console.log(row({ ...r.summary, code: 'total' }, ran));
  }
  if (r.unplaced > 0) {
    console.log(`${int(r.unplaced)} persons are counted in the total only: their old commune was split in 2025`);
  }
}

export function registerQualityCommands(program: Command): void {
  withDb(
    program
      .command('quality')
      .description('data-quality scores per locality: correct, complete, clean, alive (đúng, đủ, sạch, sống)')
      .option('--by <level>', 'rows per province or commune (default: provinces, or communes of --unit)')
      .option('--unit <code>', 'a current province (2 digits) or commune (5 digits)')
      .option('--refresh', 'recompute the scores now (they are computed anyway when there are none yet)')
      .option('--json', 'print JSON'),
  ).action(async (opts: QualityOptions) => {
    if (opts.by !== undefined && opts.by !== 'province' && opts.by !== 'commune') {
      throw new Error(`--by ${opts.by}: use province or commune`);
    }
    const by = opts.by as 'province' | 'commune' | undefined;
    await withServices(opts, async (s) => {
      const ctx = cliContext();
      if (opts.refresh || !(await s.quality.latest())) {
        let bar: ReturnType<typeof startProgress> | undefined;
        await s.quality.refresh(ctx, ({ done, total }) => {
          bar ??= startProgress('scoring persons', total, 'ids');
          bar.update(done);
        });
        bar?.stop();
      }
      const report = await s.quality.report(ctx, { by, unit: opts.unit });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
    });
  });
}

// `popreg load <FILE>`: generated or collected DC01 records straight into the registry, with progress.
import type { Command } from 'commander';
import { type DbOption, withDb, withServices } from '../../cli/context.ts';
import { startProgress } from '../../cli/progress.ts';
import { cliContext } from '../../domain/context.ts';
import type { Services } from '../../services.ts';
import { type LoadReport, loadBallotFile } from './registry.load.ts';

export async function loadFile(s: Services, file: string): Promise<LoadReport> {
  const bar = startProgress('loading', 100, '%');
  try {
    return await loadBallotFile(s.registry, cliContext(), file, {
      onProgress: (p) => bar.update(Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes)), `${p.rows} rows`),
    });
  } finally {
    bar.stop();
  }
}

export function printLoadReport(r: LoadReport): void {
  const rate = r.ms > 0 ? Math.round((r.rows * 1000) / r.ms) : r.rows;
  console.log(
    `${r.rows} rows read in ${(r.ms / 1000).toFixed(1)} s (${rate}/s): ${r.loaded} persons loaded, ${r.duplicates} duplicates skipped, ` +
      `${r.invalid} invalid rows skipped, ${r.pinsAllocated} PINs allocated, ${r.households} households`,
  );
  for (const p of r.problems.slice(0, 20)) {
    console.log(
      `  row ${p.row}${p.ballotId ? ` (${p.ballotId})` : ''}: ${p.field}: ${p.message} [${p.rule}]${p.value !== undefined ? ` value ${JSON.stringify(p.value)}` : ''}`,
    );
  }
  if (r.problems.length > 20 || r.invalid > 20)
    console.log(`  … ${r.invalid - Math.min(20, r.problems.length)} more invalid rows`);
}

export function registerLoadCommands(program: Command): void {
  withDb(
    program
      .command('load <FILE>')
      .description(
        'load DC01 records (a CSV such as `popreg generate` writes) straight into the registry; rows with a PIN already present are skipped',
      )
      .option('--json', 'print the report as JSON'),
  ).action(async (file: string, opts: DbOption & { json?: boolean }) => {
    await withServices(opts, async (s) => {
      await s.reference.catalog();
      const report = await loadFile(s, file);
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printLoadReport(report);
    });
  });
}

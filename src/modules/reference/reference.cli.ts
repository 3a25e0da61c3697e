// CLI edge of the reference module: `popreg unit <code>`, and the reference step of `popreg init`.
import type { Command } from 'commander';
import { type DbOption, withDb, withServices } from '../../cli/context.ts';
import type { Db } from '../../db/database.ts';
import { loadReferenceData } from './reference.loader.ts';
import type { UnitLink, UnitView } from './unit-view.ts';

export interface ReferenceInitSummary {
  datasets: { dataset: string; rows: number }[];
  millis: number;
}

/** Loads (or reloads) every reference table from the shipped files; called by `popreg init`. */
export async function initReference(db: Db): Promise<ReferenceInitSummary> {
  const start = performance.now();
  const datasets = await loadReferenceData(db);
  return { datasets, millis: Math.round(performance.now() - start) };
}

/** One line for `popreg init` to print. */
export function describeReferenceInit(s: ReferenceInitSummary): string {
  const parts = s.datasets.map((d) => `${d.dataset} ${d.rows}`).join(', ');
  return `reference data loaded in ${(s.millis / 1000).toFixed(1)} s: ${parts}`;
}

function linkLine(l: UnitLink): string {
  return `    ${l.effective}  ${l.kind.padEnd(7)} ${l.code} ${l.fullName ?? '(not in the unit lists)'}`;
}

export function formatUnitView(v: UnitView): string {
  const lines = [
    `${v.code} ${v.fullName} [${v.level}] valid ${v.validFrom} to ${v.validTo ?? 'now'}`,
    `  English:  ${v.nameEn}`,
    `  parent:   ${v.parent ? `${v.parent.code} ${v.parent.fullName}` : '-'}`,
    `  children: ${v.childrenCount}`,
  ];
  if (v.predecessors.length > 0) lines.push('  predecessors:', ...v.predecessors.map(linkLine));
  if (v.successors.length > 0) lines.push('  successors:', ...v.successors.map(linkLine));
  if (v.current) {
    lines.push(`  today (${v.current.kind}):`, ...v.current.units.map((u) => `    ${u.code} ${u.fullName}`));
  }
  return lines.join('\n');
}

export function registerReferenceCommands(program: Command): void {
  withDb(
    program
      .command('unit')
      .description('show an administrative unit as valid on a day, with its parent, successors and predecessors')
      .argument('<code>', 'province (2 digits), district (3) or commune (5) code')
      .option('--on <date>', 'the day the code refers to, YYYY-MM-DD (default today)')
      .option('--json', 'print JSON instead of text'),
  ).action(async (code: string, opts: DbOption & { on?: string; json?: boolean }) => {
    await withServices(opts, async (services) => {
      const view = await services.reference.getUnit(code, opts.on);
      console.log(opts.json ? JSON.stringify(view, null, 2) : formatUnitView(view));
    });
  });
}

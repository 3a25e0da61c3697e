// `popreg notice list|confirm|reject`: the notices left by events for persons of another jurisdiction, decided
// from the command line (as the local administrator, who covers every person).
import type { Command } from 'commander';
import { positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import type { NoticeView } from './registry.notices.ts';

function describe(n: NoticeView): string {
  const fields = [...Object.keys(n.plan.set), ...(n.plan.addChild ? [`children+${n.plan.addChild.pin}`] : [])];
  const decided = n.decidedBy ? `, ${n.status} by ${n.decidedBy} at ${n.decidedAt}` : '';
  return `#${n.id} ${n.kind.padEnd(22)} for ${n.targetPin} (${n.sourceEvent} of ${n.sourcePin}, ${n.plan.validFrom}) sets ${fields.join(', ')}; ${n.status}${decided}${n.reason ? ` — ${n.reason}` : ''}`;
}

export function registerNoticeCommands(program: Command): void {
  const notice = program
    .command('notice')
    .description('changes that events recorded elsewhere would make to a person (second parties), to decide');
  withDb(
    notice
      .command('list')
      .description('notices, pending by default')
      .option('--status <status>', 'pending, confirmed or rejected', 'pending')
      .option('--limit <n>', 'at most this many', positiveInteger('limit'), 50)
      .option('--json', 'print JSON'),
  ).action(async (opts: { db?: string; status: string; limit: number; json?: boolean }) => {
    if (!['pending', 'confirmed', 'rejected'].includes(opts.status))
      throw new Error(`--status ${opts.status}: use pending, confirmed or rejected`);
    await withServices(opts, async (s) => {
      const r = await s.registry.listNotices(cliContext(), {
        status: opts.status as 'pending',
        limit: opts.limit,
      });
      if (opts.json) return console.log(JSON.stringify(r, null, 2));
      for (const n of r.items) console.log(describe(n));
      console.log(`${r.items.length} notice(s)${r.nextCursor ? ' (more: raise --limit)' : ''}`);
    });
  });
  withDb(
    notice
      .command('confirm <ID>')
      .description("apply the notice's change to the person (written with history and audit)")
      .option('--reason <text>', 'a note kept with the decision')
      .option('--json', 'print JSON'),
  ).action(async (id: string, opts: { db?: string; reason?: string; json?: boolean }) => {
    const n = positiveInteger('ID')(id);
    await withServices(opts, async (s) => {
      const r = await s.registry.confirmNotice(cliContext(), n, opts.reason ?? null);
      console.log(opts.json ? JSON.stringify(r, null, 2) : describe(r));
    });
  });
  withDb(
    notice
      .command('reject <ID>')
      .description('leave the person unchanged; the reason is kept and audited')
      .requiredOption('--reason <text>', 'why the change is not applied')
      .option('--json', 'print JSON'),
  ).action(async (id: string, opts: { db?: string; reason: string; json?: boolean }) => {
    const n = positiveInteger('ID')(id);
    await withServices(opts, async (s) => {
      const r = await s.registry.rejectNotice(cliContext(), n, opts.reason);
      console.log(opts.json ? JSON.stringify(r, null, 2) : describe(r));
    });
  });
}

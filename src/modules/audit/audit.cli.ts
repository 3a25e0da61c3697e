// CLI edge of the audit trail: `popreg audit verify` (exit code 1 when the chain is broken) and `popreg audit search`.
import type { Command } from 'commander';
import { type DbOption, isInteractive, positiveInteger, withDb, withServices } from '../../cli/context.ts';
import { type Progress, startProgress } from '../../cli/progress.ts';
import { cliContext } from '../../domain/context.ts';
import type { AuditQuery } from './audit.query.ts';
import type { AuditEntryView, VerifyResult } from './audit.service.ts';

/** The search filters of the service, as command options. */
interface SearchOptions extends DbOption, Omit<AuditQuery, 'personId'> {
  json?: boolean;
}

export function describeVerify(r: VerifyResult): string {
  return r.ok
    ? `audit trail intact: ${r.entries} entries`
    : `audit trail broken at entry #${r.firstBad!.seq}: ${r.firstBad!.reason}`;
}

export function formatEntry(e: AuditEntryView): string {
  const who = `${e.actor}${e.roles.length ? ` [${e.roles.join(',')}]` : ''}`;
  const about = e.pin ? ` pin ${e.pin}` : e.personId !== null ? ` person #${e.personId}` : '';
  const fields = e.fields?.length ? ` fields ${e.fields.join(',')}` : '';
  const why = e.purpose ? ` — ${e.purpose}` : '';
  return `#${e.seq} ${e.at} ${who} ${e.action} ${e.outcome}${about}${fields}${why}`;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail of reads and writes');

  withDb(
    audit
      .command('verify')
      .description('check the hash chain end to end; exit code 1 and the first bad entry when it is broken'),
  ).action(async (opts: DbOption) => {
    await withServices(opts, async (s) => {
      let bar: Progress | undefined;
      const onProgress = (done: number, total: number) => {
        if (!isInteractive()) return;
        bar ??= startProgress('verifying', total, 'entries');
        bar.update(done);
      };
      const result = await s.audit.verify({ onProgress });
      bar?.stop();
      console.log(describeVerify(result));
      if (!result.ok) process.exitCode = 1;
    });
  });

  withDb(
    audit
      .command('search')
      .description('list audit entries, newest first (the search is itself audited)')
      .option('--pin <PIN>', 'entries recorded under this PIN')
      .option('--actor <id>', 'entries by this actor (user id, "cli", "system")')
      .option('--action <name>', 'e.g. person.read, person.update, auth.login')
      .option('--outcome <ok|denied|failed>', 'only this outcome')
      .option('--from <time>', 'from this ISO date or date-time (UTC unless zoned)')
      .option('--to <time>', 'up to this ISO date (whole day) or date-time, inclusive')
      .option('--cursor <c>', 'continue after a previous page (its "next:" line)')
      .option('--limit <n>', 'entries per page (1–500)', positiveInteger('limit'), 50)
      .option('--json', 'print JSON'),
  ).action(async (opts: SearchOptions) => {
    await withServices(opts, async (s) => {
      const { db: _db, json, ...query } = opts;
      const page = await s.audit.search(cliContext('audit search'), query);
      if (json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      for (const e of page.items) console.log(formatEntry(e));
      if (page.items.length === 0) console.log('no entries');
      if (page.nextCursor) console.log(`next: --cursor ${page.nextCursor}`);
    });
  });
}

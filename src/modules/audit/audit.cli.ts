// CLI edge of the audit trail: `popreg audit verify [--checkpoint FILE]` (exit code 1 when the chain is broken or
// no longer reaches the checkpoint), `popreg audit checkpoint [--out FILE]` and `popreg audit search`.
import { readFileSync, writeFileSync } from 'node:fs';
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
  if (!r.ok) return `audit trail broken at entry #${r.firstBad!.seq}: ${r.firstBad!.reason}`;
  const lines = [`audit trail intact: ${r.entries} entries`];
  if (r.unkeyed) lines.push(`  entries #1–#${r.unkeyed} were chained before the audit key existed (plain SHA-256)`);
  if (r.checkpoint) lines.push(`  reaches checkpoint #${r.checkpoint.seq} of ${r.checkpoint.at} with the same hash`);
  return lines.join('\n');
}

export function formatEntry(e: AuditEntryView): string {
  const who = `${e.actor}${e.roles.length ? ` [${e.roles.join(',')}]` : ''}`;
  const about = e.pin ? ` pin ${e.pin}` : e.personId !== null ? ` person #${e.personId}` : '';
  const fields = e.fields?.length ? ` fields ${e.fields.join(',')}` : '';
  const why = e.purpose ? ` — ${e.purpose}` : '';
  return `#${e.seq} ${e.at} ${who} ${e.action} ${e.outcome}${about}${fields}${why}`;
}

/** A progress bar on a terminal while the chain is walked. */
function progress(): { onProgress: (done: number, total: number) => void; stop: () => void } {
  let bar: Progress | undefined;
  return {
    onProgress(done, total) {
      if (!isInteractive()) return;
      bar ??= startProgress('verifying', total, 'entries');
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail of reads and writes');

  withDb(
    audit
      .command('verify')
      .description('check the hash chain end to end; exit code 1 and the first bad entry when it is broken')
      .option('--checkpoint <file>', 'also prove the chain still reaches this signed head (popreg audit checkpoint)'),
  ).action(async (opts: DbOption & { checkpoint?: string }) => {
    await withServices(opts, async (s) => {
      const { onProgress, stop } = progress();
      const result = opts.checkpoint
        ? await s.audit.verifyCheckpoint(readFileSync(opts.checkpoint, 'utf8'), opts.checkpoint, { onProgress })
        : await s.audit.verify({ onProgress });
      stop();
      console.log(describeVerify(result));
      if (!result.ok) process.exitCode = 1;
    });
  });

  withDb(
    audit
      .command('checkpoint')
      .description(
        'check the chain, then write its head (seq, hash, time) signed with the audit key; keep the file outside the database',
      )
      .option('--out <file>', 'write the checkpoint to this file (default: print it)'),
  ).action(async (opts: DbOption & { out?: string }) => {
    await withServices(opts, async (s) => {
      const { onProgress, stop } = progress();
      const cp = await s.audit.checkpoint(cliContext('audit checkpoint'), { onProgress });
      stop();
      const text = `${JSON.stringify(cp, null, 2)}\n`;
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(opts.out, text, { flag: 'wx' });
      console.log(
        `checkpoint of entry #${cp.seq} written to ${opts.out}: keep a copy outside this database and its backups`,
      );
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

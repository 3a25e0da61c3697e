// What every CLI command shares: the --db option, opening services, and turning errors into one-line reasons.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { createServices, type Services } from '../services.ts';

export interface DbOption {
  db?: string;
}

/** Adds the --db option that every command takes. */
export function withDb(cmd: Command): Command {
  return cmd.option(
    '--db <url>',
    'database: sqlite:<path> or postgres://… (default POPREG_DB or sqlite:./data/popreg.db)',
  );
}

/** Commander's parser for an option that takes a whole number above zero; names the option when the value is not. */
export function positiveInteger(name: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} ${v}: must be a positive whole number`);
    return n;
  };
}

/** Opens the database (migrating it), runs `fn`, and closes it whatever happens. */
export async function withServices<T>(opts: DbOption, fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({ db: opts.db });
  const db = connect(config.db);
  try {
    await migrateToLatest(db);
    return await fn(createServices(db, config));
  } finally {
    await db.destroy();
  }
}

/** Formats an error as the one-line reason printed on failure. */
export function describeError(err: unknown): string {
  if (err instanceof ValidationError) {
    return err.violations
      .map(
        (v) =>
          `${v.field}: ${v.message} [${v.rule}]${v.value !== undefined ? ` (value: ${JSON.stringify(v.value)})` : ''}`,
      )
      .join('; ');
  }
  if (err instanceof DomainError) return `${err.message} [${err.code}]`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** True when progress goes to a terminal (bars) rather than a pipe or file (plain lines). Progress uses stderr. */
export function isInteractive(): boolean {
  return Boolean(process.stderr.isTTY);
}

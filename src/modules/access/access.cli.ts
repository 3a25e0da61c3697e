// CLI of accounts and API tokens: `popreg user …` and `popreg token …`, acting as the local administrator.
// Generated passwords, TOTP secrets and tokens are printed once and never again.
import type { Command } from 'commander';
import { type DbOption, withDb, withServices } from '../../cli/context.ts';
import { cliContext } from '../../domain/context.ts';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './access.apitokens.ts';
import type { AccessService } from './access.service.ts';
import { generatePassword } from './access.tokens.ts';
import { TOKEN_SCOPES, type TokenView, type UserView } from './access.types.ts';
import type { InitialAdmin } from './access.users.ts';

async function withAccess<T>(opts: DbOption, fn: (access: AccessService) => Promise<T>): Promise<T> {
  return withServices(opts, (s) => fn(s.access));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const collect = (v: string, acc: string[]) => [...acc, v];

/** `none` or an empty value means the whole country. */
const jurisdictionArg = (v: string | undefined): string | null | undefined =>
  v === undefined ? undefined : v === '' || v === 'none' ? null : v;

function userLine(u: UserView): string {
  const status = u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active';
  return [
    u.username.padEnd(20),
    u.roles.join(',').padEnd(30),
    (u.jurisdiction ?? 'country').padEnd(8),
    (u.totpEnabled ? 'totp' : '-').padEnd(5),
    status.padEnd(10),
    u.displayName,
  ].join(' ');
}

function tokenLine(t: TokenView): string {
  const state = t.revokedAt
    ? `revoked ${t.revokedAt}`
    : `expires ${t.expiresAt ?? '?'}, last used ${t.lastUsedAt ?? 'never'}`;
  const scopes = t.scopes.join(',').padEnd(26);
  return `${String(t.id).padStart(5)} ${t.prefix}… ${t.username.padEnd(20)} ${t.name.padEnd(30)} ${scopes} ${state}`;
}

function expiresDays(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOKEN_DAYS) {
    throw new Error(`--expires-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}, got "${v}"`);
  }
  return n;
}

function scopeList(v: string): string[] {
  const list = v.split(',').map((s) => s.trim());
  const unknown = list.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || list.length === 0) {
    throw new Error(`--scope takes scopes separated by commas among ${TOKEN_SCOPES.join(', ')}, got "${v}"`);
  }
  return list;
}

function printTotp(secret: string, uri: string): void {
  console.log(`TOTP secret (shown once, put it in an authenticator app): ${secret}`);
  console.log(`otpauth URI: ${uri}`);
}

/** Lines `popreg init` prints about the first administrator. */
export function describeInitialAdmin(r: InitialAdmin): string[] {
  if (!r.created) return ['national administrator: already present (admin not created)'];
  return [
    `created national administrator "${r.username}"`,
    ...(r.password !== undefined ? [`password (shown once): ${r.password}`] : ['password: from POPREG_ADMIN_PASSWORD']),
    ...(r.totpSecret ? [`TOTP secret (shown once): ${r.totpSecret}`, `otpauth URI: ${r.otpauthUri}`] : []),
  ];
}

export function registerAccessCommands(program: Command): void {
  const user = program
    .command('user')
    .description('officer accounts: create, disable, enable, unlock, list, rescope, password');

  withDb(
    user
      .command('add <username>')
      .description('create an account; prints a generated password once unless --password-stdin')
      .requiredOption('--role <role>', 'a role (repeat for several)', collect, [] as string[])
      .option('--jurisdiction <code>', '2-digit province or 5-digit commune code (none: the whole country)')
      .option('--name <text>', 'display name (default: the user name)')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(
    async (
      username: string,
      opts: DbOption & { role: string[]; jurisdiction?: string; name?: string; passwordStdin?: boolean },
    ) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      await withAccess(opts, async (access) => {
        const made = await access.createUser(cliContext(), {
          username,
          roles: opts.role,
          jurisdiction: jurisdictionArg(opts.jurisdiction) ?? null,
          ...(opts.name !== undefined ? { displayName: opts.name } : {}),
          ...(password !== undefined ? { password } : {}),
        });
        console.log(`created ${userLine(made.user)}`);
        if (made.password !== undefined) console.log(`password (shown once): ${made.password}`);
        if (made.totp) printTotp(made.totp.secret, made.totp.otpauthUri);
      });
    },
  );

  for (const [name, what] of [
    ['disable', 'disable an account and end its sessions'],
    ['enable', 'enable an account and lift any lockout'],
    ['unlock', 'lift the login blocks of an account from every address (audited)'],
  ] as const) {
    withDb(user.command(`${name} <username>`).description(what)).action(async (username: string, opts: DbOption) => {
      await withAccess(opts, async (access) => {
        const ctx = cliContext();
        const u =
          name === 'disable'
            ? await access.disableUser(ctx, username)
            : name === 'enable'
              ? await access.enableUser(ctx, username)
              : await access.unlockUser(ctx, username);
        console.log(userLine(u));
      });
    });
  }

  withDb(user.command('list').description('list accounts').option('--json', 'print JSON')).action(
    async (opts: DbOption & { json?: boolean }) => {
      await withAccess(opts, async (access) => {
        const users = await access.listUsers(cliContext());
        if (opts.json) console.log(JSON.stringify(users, null, 2));
        else for (const u of users) console.log(userLine(u));
      });
    },
  );

  withDb(
    user
      .command('rescope <username>')
      .description('change the roles and/or the jurisdiction of an account')
      .option('--role <role>', 'a role (repeat for several); replaces the roles', collect, [] as string[])
      .option('--jurisdiction <code>', 'unit code, or none for the whole country'),
  ).action(async (username: string, opts: DbOption & { role: string[]; jurisdiction?: string }) => {
    await withAccess(opts, async (access) => {
      const j = jurisdictionArg(opts.jurisdiction);
      const u = await access.rescopeUser(cliContext(), username, {
        ...(opts.role.length > 0 ? { roles: opts.role } : {}),
        ...(j !== undefined ? { jurisdiction: j } : {}),
      });
      console.log(userLine(u));
    });
  });

  withDb(
    user
      .command('password <username>')
      .description('set a new password (generated and printed once unless --password-stdin); ends the user’s sessions')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(async (username: string, opts: DbOption & { passwordStdin?: boolean }) => {
    const given = opts.passwordStdin ? await readStdin() : undefined;
    const password = given ?? generatePassword();
    await withAccess(opts, async (access) => {
      await access.setPassword(cliContext(), username, password);
      console.log(given === undefined ? `password (shown once): ${password}` : `password changed for ${username}`);
    });
  });

  registerTokenCommands(program);
}

function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (bearer tokens for scripts and API clients)');

  withDb(
    token
      .command('create <username> <name>')
      .description('create an API token for a user; prints it once')
      .option('--expires-days <n>', `lifetime in days, 1 to ${MAX_TOKEN_DAYS}`, expiresDays, DEFAULT_TOKEN_DAYS)
      .option('--scope <list>', `what it may do, among ${TOKEN_SCOPES.join(',')} (default: all)`, scopeList),
  ).action(async (username: string, name: string, opts: DbOption & { expiresDays: number; scope?: string[] }) => {
    await withAccess(opts, async (access) => {
      const t = await access.createToken(cliContext(), name, username, {
        expiresInDays: opts.expiresDays,
        ...(opts.scope ? { scopes: opts.scope } : {}),
      });
      console.log(
        `token ${t.id} "${t.name}" for ${username}, ${t.scopes.join(',')}, expires ${t.expiresAt} (shown once):`,
      );
      console.log(t.token);
    });
  });

  withDb(
    token
      .command('list [username]')
      .description('list API tokens (of one user, or all)')
      .option('--json', 'print JSON'),
  ).action(async (username: string | undefined, opts: DbOption & { json?: boolean }) => {
    await withAccess(opts, async (access) => {
      const list = await access.listTokens(cliContext(), username ?? '*');
      if (opts.json) console.log(JSON.stringify(list, null, 2));
      else for (const t of list) console.log(tokenLine(t));
    });
  });

  withDb(token.command('revoke <id>').description('revoke an API token')).action(async (id: string, opts: DbOption) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n < 1) throw new Error(`token id must be a positive integer, got "${id}"`);
    await withAccess(opts, async (access) => {
      await access.revokeToken(cliContext(), n);
      console.log(`token ${n} revoked`);
    });
  });
}

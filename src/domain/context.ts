// Who is acting, and why: passed to every service call so that access is checked, writes are attributed and
// reads and writes are audited.
import type { Role } from './roles.ts';

export interface Actor {
  /** Stable identifier: a user name, or "system" / "cli" for local administration. */
  id: string;
  /** users act through a session or a bearer token; the system acts from the CLI on the database directly. */
  kind: 'user' | 'system';
  roles: readonly Role[];
  /** The administrative unit (current code) the actor may act in, with everything under it; null: the whole country. */
  jurisdiction: string | null;
}

export interface RequestContext {
  actor: Actor;
  /** Why the data is being read or changed, where the operation requires a purpose. */
  purpose?: string;
  /** Client address (HTTP) or "cli". */
  client?: string;
}

/** Local administration from the command line: full rights, attributed to "cli". */
export function cliContext(purpose?: string): RequestContext {
  return {
    actor: { id: 'cli', kind: 'system', roles: ['national_admin'], jurisdiction: null },
    client: 'cli',
    ...(purpose ? { purpose } : {}),
  };
}

/** Internal work (demo set-up, jobs). */
export const SYSTEM_CONTEXT: RequestContext = Object.freeze({
  actor: Object.freeze({
    id: 'system',
    kind: 'system',
    roles: Object.freeze(['national_admin'] as Role[]),
    jurisdiction: null,
  }),
  client: 'system',
}) as RequestContext;

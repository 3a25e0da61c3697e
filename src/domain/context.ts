// Who is acting, and why: passed to every service call so that writes are attributed (and, later, audited).

export interface Actor {
  /** Stable user identifier, e.g. "system", "cli", or a user name. */
  id: string;
}

export interface RequestContext {
  actor: Actor;
  /** Why the data is being read or changed, where the operation requires a purpose. */
  purpose?: string;
}

export const SYSTEM_CONTEXT: RequestContext = Object.freeze({ actor: Object.freeze({ id: 'system' }) });

export function cliContext(): RequestContext {
  return { actor: { id: 'cli' } };
}

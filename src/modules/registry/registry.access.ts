// The registry's one access policy. Every path that reads or changes a person asks it the same two questions:
// may this actor do this action on this person (the role's permissions, narrowed by the actor's jurisdiction,
// which the person's current residence units must fall in), and which fields of the person may the actor see.
// It is pure (no I/O): the caller passes the person's state and the reference catalog it already holds, so the
// audited read path pays no extra query for the check.
import type { Actor, RequestContext } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/roles.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { PERSON_FIELDS, type PersonChange, type PersonField, type PersonState } from './person.model.ts';

/** Sensitive personal data (Decree 13/2023 Art 2.4): shown only with the person.sensitive permission. */
export const SENSITIVE_FIELDS = ['ethnicity', 'religion', 'bloodGroup'] as const;

/** What can be done to a person; each action needs one of its permissions and the person within jurisdiction. */
export type PersonAction =
  | 'person.read'
  | 'person.history'
  | 'person.search'
  | 'person.update'
  | 'person.event'
  | 'person.create'
  | 'person.access_log'
  | 'notice.read'
  | 'notice.decide';

/** The permissions that allow each action (any one of them suffices). */
export const ACTION_PERMISSIONS: Record<PersonAction, readonly Permission[]> = {
  'person.read': ['person.read'],
  'person.history': ['person.read'],
  'person.search': ['person.read'],
  'person.update': ['person.write'],
  'person.event': ['person.write'],
  'person.create': ['person.write'],
  // The citizen's access log: the officers who may read the person, and auditors (both within jurisdiction).
  'person.access_log': ['person.read', 'audit.read'],
  // A pending change to a person of one's jurisdiction is decided by whoever may write that person.
  'notice.read': ['person.write'],
  'notice.decide': ['person.write'],
};

/** The answer of the policy: allowed, or why not (a missing permission, or the person lies outside the scope). */
export type Decision =
  | { allowed: true }
  | { allowed: false; reason: 'permission'; permission: Permission }
  | {
      allowed: false;
      reason: 'jurisdiction';
    };

export function forbidden(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('AUTH.FORBIDDEN', message, details);
}

export function hasPermission(ctx: RequestContext, permission: Permission): boolean {
  return can(ctx.actor.roles, permission);
}

/** True when the actor's role allows the action on some person (jurisdiction not yet considered). */
export function mayDo(ctx: RequestContext, action: PersonAction): boolean {
  return ACTION_PERMISSIONS[action].some((p) => can(ctx.actor.roles, p));
}

/** True when the actor acts for the whole country (no jurisdiction narrows them). */
export function isNational(actor: Actor): boolean {
  return actor.jurisdiction === null;
}

/** The current units of a person's permanent and temporary residences (the places that put them in a scope). */
export function residenceUnits(
  state: PersonState,
  catalog: ReferenceCatalog,
): { communes: string[]; provinces: string[] } {
  const communes: string[] = [];
  const provinces: string[] = [];
  for (const r of [state.permanentResidence, state.temporaryResidence]) {
    if (!r) continue;
    const cur = catalog.currentUnitsFor(r.unitCode, r.unitDate);
    for (const u of cur?.units ?? []) {
      if (u.level === 'commune') communes.push(u.code);
      provinces.push(u.provinceCode);
    }
  }
  return { communes, provinces };
}

/** True when the person lives (permanently or temporarily) inside the actor's jurisdiction. */
export function inJurisdiction(actor: Actor, state: PersonState, catalog: ReferenceCatalog): boolean {
  const j = actor.jurisdiction;
  if (j === null) return true;
  const { communes, provinces } = residenceUnits(state, catalog);
  return j.length === 2 ? provinces.includes(j) : communes.includes(j);
}

/** True when the unit coded `code` as of `refDate` lies today in the actor's jurisdiction (a place, a household). */
export function unitWithin(actor: Actor, code: string, refDate: string, catalog: ReferenceCatalog): boolean {
  const j = actor.jurisdiction;
  if (j === null) return true;
  const units = catalog.currentUnitsFor(code, refDate)?.units ?? [];
  return units.some((u) => u.code === j || u.provinceCode === j);
}

/**
 * The one question: may the actor do `action` on the person whose state(s) are given? Several states stand for
 * one person seen at several moments (e.g. before and after an unmerge); one of them in scope suffices. `null`:
 * no person yet (a search, a list, before the PIN is looked up), the role alone decides.
 */
export function decide(
  ctx: RequestContext,
  action: PersonAction,
  states: readonly PersonState[] | null,
  catalog?: ReferenceCatalog,
): Decision {
  if (!mayDo(ctx, action)) return { allowed: false, reason: 'permission', permission: ACTION_PERMISSIONS[action][0]! };
  if (states === null || isNational(ctx.actor)) return { allowed: true };
  if (catalog && states.some((s) => inJurisdiction(ctx.actor, s, catalog))) return { allowed: true };
  return { allowed: false, reason: 'jurisdiction' };
}

/** True when the actor may write this person as a second party of an event (else the change becomes a notice). */
export function coversSecondParty(ctx: RequestContext, state: PersonState, catalog: ReferenceCatalog): boolean {
  return decide(ctx, 'person.event', [state], catalog).allowed;
}

/** The fields of a person the actor may not see (the person being within reach is decided by `decide`). */
export function hiddenFields(ctx: RequestContext): readonly string[] {
  return hasPermission(ctx, 'person.sensitive') ? [] : SENSITIVE_FIELDS;
}

/**
 * Which fields of this person the actor may see: none when the person is out of their reach (no read permission,
 * or outside the jurisdiction), else every field but the sensitive ones they may not see. For views that show a
 * person beside something else (a ballot's comparison, a duplicate pair, a report).
 */
export function visibleFields(
  ctx: RequestContext,
  state: PersonState,
  catalog: ReferenceCatalog,
): readonly PersonField[] {
  if (!decide(ctx, 'person.read', [state], catalog).allowed) return [];
  const hidden = hiddenFields(ctx);
  return hidden.length === 0 ? PERSON_FIELDS : PERSON_FIELDS.filter((f) => !hidden.includes(f));
}

/** The state as the actor may see it (sensitive fields emptied), or null when the person is out of their reach. */
export function viewFor(ctx: RequestContext, state: PersonState, catalog: ReferenceCatalog): PersonState | null {
  return decide(ctx, 'person.read', [state], catalog).allowed ? maskState(ctx, state).state : null;
}

/** The SQL narrowing of a search to the actor's jurisdiction (by primary residence). */
export function searchScope(actor: Actor): { province?: string; commune?: string } {
  const j = actor.jurisdiction;
  if (j === null) return {};
  return j.length === 2 ? { province: j } : { commune: j };
}

/** A copy of the state with the fields the actor may not see emptied, and which were. */
export function maskState(ctx: RequestContext, state: PersonState): { state: PersonState; masked: string[] } {
  const hidden = hiddenFields(ctx);
  if (hidden.length === 0) return { state, masked: [] };
  const copy = { ...state } as Record<string, unknown>;
  for (const f of hidden) copy[f] = null;
  return { state: copy as unknown as PersonState, masked: [...hidden] };
}

/** History entries with the values the actor may not see removed. */
export function maskChanges(ctx: RequestContext, changes: PersonChange[]): PersonChange[] {
  const hidden = hiddenFields(ctx);
  if (hidden.length === 0) return changes;
  return changes.map((c) => {
    const copy = { ...c.changes } as Record<string, unknown>;
    for (const f of hidden) if (f in copy) copy[f] = null;
    return { ...c, changes: copy as Partial<PersonState> };
  });
}

// Who may see and change which persons: the role's permissions, narrowed by the actor's jurisdiction (an
// administrative unit and everything under it), and the masking of sensitive fields for roles that do not need them.
import type { Actor, RequestContext } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/roles.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import type { PersonChange, PersonState } from './person.model.ts';

/** Sensitive personal data (Decree 13/2023 Art 2.4): shown only with the person.sensitive permission. */
export const SENSITIVE_FIELDS = ['ethnicity', 'religion', 'bloodGroup'] as const;

export function forbidden(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('AUTH.FORBIDDEN', message, details);
}

export function hasPermission(ctx: RequestContext, permission: Permission): boolean {
  return can(ctx.actor.roles, permission);
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

/** The SQL narrowing of a search to the actor's jurisdiction (by primary residence). */
export function searchScope(actor: Actor): { province?: string; commune?: string } {
  const j = actor.jurisdiction;
  if (j === null) return {};
  return j.length === 2 ? { province: j } : { commune: j };
}

/** A copy of the state with sensitive fields emptied when the actor may not see them, and which were. */
export function maskState(ctx: RequestContext, state: PersonState): { state: PersonState; masked: string[] } {
  if (hasPermission(ctx, 'person.sensitive')) return { state, masked: [] };
  const copy = { ...state } as Record<string, unknown>;
  for (const f of SENSITIVE_FIELDS) copy[f] = null;
  return { state: copy as unknown as PersonState, masked: [...SENSITIVE_FIELDS] };
}

/** History entries with sensitive values removed for actors who may not see them. */
export function maskChanges(ctx: RequestContext, changes: PersonChange[]): PersonChange[] {
  if (hasPermission(ctx, 'person.sensitive')) return changes;
  return changes.map((c) => {
    const copy = { ...c.changes } as Record<string, unknown>;
    for (const f of SENSITIVE_FIELDS) if (f in copy) copy[f] = null;
    return { ...c, changes: copy as Partial<PersonState> };
  });
}

// Which level a pair of possible duplicates belongs to. A pair discloses both persons side by side, so it is shown
// only to an actor whose jurisdiction covers both; a pair whose persons live in two communes belongs to their
// province, and one across two provinces to the national level. An actor covering one person only learns that a
// possible duplicate of that person was referred to the level above: not the other person, nor the score.
import type { Actor } from '../../domain/context.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import type { PersonState } from '../registry/person.model.ts';
import { inJurisdiction, residenceUnits } from '../registry/registry.access.ts';

/** The level a pair is referred to when the actor covers only one of its persons. */
export type ReferredTo = 'province' | 'national';

export type PairCoverage =
  | { covers: 'both' }
  | { covers: 'none' }
  /** `own`: the side the actor covers. */
  | { covers: 'one'; own: 'l' | 'r'; referredTo: ReferredTo };

/** The smallest level above a commune that holds both persons: their common province, else the nation. */
export function commonLevel(left: PersonState, right: PersonState, catalog: ReferenceCatalog): ReferredTo {
  const a = residenceUnits(left, catalog).provinces;
  const b = new Set(residenceUnits(right, catalog).provinces);
  return a.some((p) => b.has(p)) ? 'province' : 'national';
}

/** How much of a pair the actor's jurisdiction covers, by the access policy on both persons' residences. */
export function pairCoverage(
  actor: Actor,
  left: PersonState,
  right: PersonState,
  catalog: ReferenceCatalog,
): PairCoverage {
  const l = inJurisdiction(actor, left, catalog);
  const r = inJurisdiction(actor, right, catalog);
  if (l && r) return { covers: 'both' };
  if (!l && !r) return { covers: 'none' };
  // A provincial officer covering one person: the other is in another province, so the pair is national.
  const referredTo = actor.jurisdiction?.length === 2 ? 'national' : commonLevel(left, right, catalog);
  return { covers: 'one', own: l ? 'l' : 'r', referredTo };
}

/** One of the actor's persons with possible duplicates referred elsewhere: how many pairs, and to which level. */
export interface ReferredPerson {
  personId: number;
  pin: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  unit: string | null;
  referredTo: ReferredTo;
  /** Pairs of this person referred to that level (in the status asked for). */
  pairs: number;
}

/** Groups referred pairs by the actor's own person and level, in the order first seen. */
export function groupReferred(
  entries: readonly { person: Omit<ReferredPerson, 'referredTo' | 'pairs'>; referredTo: ReferredTo }[],
): ReferredPerson[] {
  const byKey = new Map<string, ReferredPerson>();
  for (const e of entries) {
    const key = `${e.person.personId}:${e.referredTo}`;
    const seen = byKey.get(key);
    if (seen) seen.pairs++;
    else byKey.set(key, { ...e.person, referredTo: e.referredTo, pairs: 1 });
  }
  return [...byKey.values()];
}

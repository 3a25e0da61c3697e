// Which applications, batches and due-list rows an actor sees: a jurisdiction is a province (two digits) or a
// commune (five); applications, cards and due rows carry both codes of the holder's residence, so a scope is one
// equality in SQL.
import type { Actor } from '../../../domain/context.ts';
import { forbidden } from '../../registry/registry.access.ts';

export interface UnitScope {
  provinceCode?: string;
  unitCode?: string;
}

/** The actor's jurisdiction as filters on province_code / unit_code (nothing for a national actor). */
export function actorScope(actor: Actor): UnitScope {
  const j = actor.jurisdiction;
  if (j === null) return {};
  return j.length === 2 ? { provinceCode: j } : { unitCode: j };
}

/**
 * The actor's scope narrowed to a requested unit (a province or a commune code). The same level outside the
 * jurisdiction is refused; across levels both equalities are kept, so a commune of another province gives no rows.
 */
export function narrowScope(actor: Actor, unit: string | undefined): UnitScope {
  const own = actorScope(actor);
  if (!unit) return own;
  const asked: UnitScope = unit.length === 2 ? { provinceCode: unit } : { unitCode: unit };
  if (own.provinceCode && asked.provinceCode && asked.provinceCode !== own.provinceCode) throw outside(actor, unit);
  if (own.unitCode && asked.unitCode && asked.unitCode !== own.unitCode) throw outside(actor, unit);
  return { ...asked, ...own };
}

function outside(actor: Actor, unit: string) {
  return forbidden(`unit ${unit} is outside your jurisdiction`, { unit, jurisdiction: actor.jurisdiction });
}

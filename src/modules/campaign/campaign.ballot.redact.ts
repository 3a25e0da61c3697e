// A stored ballot as a given reader may see it. The intake compared the ballot with the registry as its submitter
// could (campaign.validation.cross.ts); a later reader who does not cover the person (a province officer reviewing
// a ballot a national officer entered, say) must not read the registry's values, status or PIN in those stored
// warnings. Their registry-derived warnings are dropped and the person link hidden; a DC02 reads as it would have
// for them at intake (pin.not_in_jurisdiction). One query per page, for the persons the page points at.
import type { DbOrTrx } from '../../db/database.ts';
import type { Actor } from '../../domain/context.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { registryReader } from '../registry/registry.tx.ts';
import { type BallotView, ballotView } from './campaign.ballot.view.ts';
import { type Issue, issue } from './campaign.rules.ts';
import { covers } from './review/campaign.match.ts';
import type { BallotRow } from './review/campaign.review.repository.ts';

/** Warnings whose content comes from a registry person (their values, status or existence). */
const REGISTRY_RULES: ReadonlySet<string> = new Set([
  'clean.pin_in_registry',
  'clean.same_person_in_registry',
  'alive.person_dead',
  'alive.person_missing',
  'alive.not_confirmed',
  'dc02.old_value_mismatch',
]);

export async function ballotViewsFor(
  db: DbOrTrx,
  actor: Actor,
  catalog: ReferenceCatalog,
  rows: readonly BallotRow[],
): Promise<BallotView[]> {
  const views = rows.map(ballotView);
  if (actor.jurisdiction === null) return views;
  const ids = [...new Set(rows.filter((b) => b.person_id !== null).map((b) => Number(b.person_id)))];
  const persons = new Map((await registryReader(db).personsByIds(ids)).map((p) => [Number(p.id), p]));
  return views.map((v) => {
    const p = v.personId === null ? undefined : persons.get(v.personId);
    if (p && covers(actor, p, catalog)) return v;
    if (v.personId === null && !v.issues.some((i) => REGISTRY_RULES.has(i.rule))) return v;
    const kept: Issue[] = v.issues.filter((i) => !REGISTRY_RULES.has(i.rule));
    if (v.form === 'DC02' && v.pin && !kept.some((i) => i.rule === 'pin.not_in_jurisdiction')) {
      kept.push(issue('pin', 'pin.not_in_jurisdiction', v.pin, `no person of your jurisdiction has PIN ${v.pin}`));
    }
    return { ...v, personId: null, issues: kept, warningCount: kept.filter((i) => i.severity === 'warning').length };
  });
}

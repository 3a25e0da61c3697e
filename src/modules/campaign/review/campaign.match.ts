// The one matching step between a DC01 ballot and the registry, used by the review pages (what they show) and by
// approval (what it does), so that approval never does something review did not show. A ballot is about:
//   - the person its PIN was issued to (a cancelled PIN resolves), when that person lies in the actor's
//     jurisdiction; outside it the ballot is "outside" and nothing about the person is disclosed;
//   - for a ballot without PIN, the persons with the same folded name and birth date (and no contradicting
//     parents), or the one the import matched: only a *possible* match, because folding drops tone marks
//     (Hảo and Hào fold equal). The reviewer confirms one (a re-collection) or rejects them (a new person);
//   - nobody: approval creates a person.
import type { Actor } from '../../../domain/context.ts';
import type { Dc01Key } from '../../../domain/dc01.ts';
import { DomainError } from '../../../domain/errors.ts';
import { foldName } from '../../../domain/names.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { type PersonField, type PersonState, parseState, type RelatedPerson } from '../../registry/person.model.ts';
import { inJurisdiction } from '../../registry/registry.access.ts';
import type { PersonRow, RegistryReader } from '../../registry/registry.tx.ts';
import type { BallotRow } from './campaign.review.repository.ts';

/** The reviewer's answer to a possible match, given with the approval. */
export type MatchDecision = { decision: 'confirm'; pin: string } | { decision: 'reject' };

export type BallotMatch =
  /** No registry person: approval creates one. */
  | { kind: 'new' }
  /** The person the ballot's PIN names, inside the jurisdiction. */
  | { kind: 'pin'; person: PersonRow }
  /** A possible match the reviewer confirmed. */
  | { kind: 'confirmed'; person: PersonRow }
  /** Persons with the same folded name and birth date: a decision is needed. */
  | { kind: 'possible'; candidates: PersonRow[] }
  /** The ballot's PIN names a person outside the actor's jurisdiction (nothing more is said). */
  | { kind: 'outside' };

/** The fields whose change by re-collection needs the approving officer's explicit confirmation. */
export const IDENTITY_FIELDS: readonly PersonField[] = ['fullName', 'dateOfBirth', 'sex', 'pin'];

/** True when the actor covers the person (by permanent or temporary residence). */
export function covers(actor: Actor, person: PersonRow, catalog: ReferenceCatalog): boolean {
  return actor.jurisdiction === null || inJurisdiction(actor, parseState(person.data), catalog);
}

function sameParent(a: RelatedPerson | null, c: RelatedPerson | null): boolean {
  return !a?.name || !c?.name || foldName(a.name) === foldName(c.name);
}

/** Matches a DC01 ballot (its declared state) for `actor`; see the file comment. */
export async function matchDc01(
  reader: RegistryReader,
  actor: Actor,
  catalog: ReferenceCatalog,
  b: Pick<BallotRow, 'person_id'>,
  declared: PersonState,
  decision?: MatchDecision,
): Promise<BallotMatch> {
  if (declared.pin) {
    const person = await reader.personByIssuedPin(declared.pin);
    if (!person) return { kind: 'new' };
    return covers(actor, person, catalog) ? { kind: 'pin', person } : { kind: 'outside' };
  }
  if (decision?.decision === 'reject') return { kind: 'new' };
  const found: PersonRow[] = [];
  if (declared.fullName && declared.dateOfBirth) {
    for (const p of await reader.personsByNameDob(foldName(declared.fullName), declared.dateOfBirth)) {
      const ps = parseState(p.data);
      if (sameParent(declared.father, ps.father) && sameParent(declared.mother, ps.mother)) found.push(p);
    }
  }
  if (b.person_id !== null && !found.some((p) => p.id === Number(b.person_id))) {
    const p = await reader.personById(Number(b.person_id));
    if (p && p.status !== 'merged') found.push(p);
  }
  // A person outside the jurisdiction is not proposed: the reviewer could not see it (dedup finds it later).
  const candidates = found.filter((p) => covers(actor, p, catalog));
  if (decision?.decision === 'confirm') {
    const person = candidates.find((p) => p.pin === decision.pin);
    if (!person) {
      throw new DomainError(
        'CAMPAIGN.MATCH_UNDECIDED',
        `PIN ${decision.pin} is not one of the possible matches of this ballot`,
        { field: 'match.pin', value: decision.pin, candidates: candidates.map((c) => c.pin) },
      );
    }
    return { kind: 'confirmed', person };
  }
  return candidates.length > 0 ? { kind: 'possible', candidates } : { kind: 'new' };
}

/** The DC01 columns feeding each state field: a field is declared when one of its columns is filled in. */
export function declaredFields(
  data: Partial<Record<string, string>>,
  stateFieldOf: Partial<Record<Dc01Key, PersonField>>,
): Set<PersonField> {
  const out = new Set<PersonField>();
  for (const [key, field] of Object.entries(stateFieldOf)) {
    if (field && (data[key] ?? '').trim() !== '') out.add(field);
  }
  return out;
}

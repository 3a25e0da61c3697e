// Reversible merges (docs/adr/0004-reversible-merge.md). A merge keeps the survivor as it is and retires the
// other person: its row stays, marked 'merged' (out of search, statistics and linkage), its PIN becomes an alias
// that resolves to the survivor, its history is shown with the survivor's, and every other person whose state
// names the retired PIN (father, mother, spouse, children, representatives) gets a recorded change pointing at the
// survivor. All in one transaction, with a snapshot of every row it changes and a list of what it adds, so that
// unmerge puts each row back exactly and removes the additions, or refuses when something changed since.
import type { Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import { firstDay } from '../../domain/dates.ts';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import {
  type PersonChange,
  type PersonState,
  parseState,
  type RelatedPerson,
  sourceOfField,
} from '../registry/person.model.ts';
import { type ChangeSpec, type PersonWrite, writePersons } from '../registry/person.writer.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { type PersonRow, type PinRow, registryReader } from '../registry/registry.tx.ts';
import { deleteLinkKeys, linkKeysOf, replaceLinkKeys } from './dedup.keys.repository.ts';
import {
  aliasPin,
  deleteChanges,
  findMerge,
  holdVersion,
  insertMerge,
  type MergeRow,
  markUnmerged,
  personsNamingPin,
  restorePersonRow,
  restorePinRow,
  retirePerson,
} from './dedup.merge.repository.ts';
import {
  findPair,
  findPairOf,
  markPairMerged,
  type PairRow,
  pairsOfPerson,
  restorePair,
  setPairStatus,
} from './dedup.repository.ts';

/** Everything a merge changed, as it was, and what it added: what unmerge needs to put things back exactly. */
export interface MergeSnapshot {
  format: 1;
  survivor: { id: number; pin: string; version: number };
  /** The retired person's row before the merge. */
  retired: PersonRow;
  /** PIN rows of both persons before the merge. */
  pins: PinRow[];
  /** Other persons re-pointed at the survivor: their row before, and the change rows (seq) the merge added. */
  relinked: { row: PersonRow; addedSeqs: number[]; fields: string[] }[];
  /** Pairs the merge changed (the merged pair, the retired person's other open pairs), as they were. */
  pairs: PairRow[];
  /** The retired person's blocking keys by rule (-1: none), removed while it is merged. */
  linkKeys: number[];
}

export interface MergeView {
  id: number;
  survivorPin: string;
  retiredPin: string;
  survivorId: number;
  retiredId: number;
  pairId: number | null;
  mergedAt: string;
  mergedBy: string;
  unmergedAt: string | null;
  unmergedBy: string | null;
  /** PINs of the other persons whose relations were re-pointed at the survivor. */
  relinked: string[];
}

export function mergeView(m: MergeRow): MergeView {
  const snap = JSON.parse(m.snapshot) as MergeSnapshot;
  return {
    id: Number(m.id),
    survivorPin: snap.survivor.pin,
    retiredPin: m.retired_pin,
    survivorId: Number(m.survivor_id),
    retiredId: Number(m.retired_id),
    pairId: m.pair_id === null ? null : Number(m.pair_id),
    mergedAt: m.merged_at,
    mergedBy: m.merged_by,
    unmergedAt: m.unmerged_at,
    unmergedBy: m.unmerged_by,
    relinked: snap.relinked.map((r) => r.row.pin),
  };
}

const SINGLE_RELATIONS = ['father', 'mother', 'spouse', 'legalRepresentative'] as const;
const LIST_RELATIONS = ['children', 'representedPersons'] as const;

/**
 * The changes that point a person's relations at the survivor instead of the retired PIN. Each is a correction
 * from the valid date the current value holds from, so the relation reads as the survivor over its whole period.
 */
export function relinkSpecs(
  state: PersonState,
  existing: readonly PersonChange[],
  retiredPin: string,
  survivor: RelatedPerson,
  today: string,
  base: Omit<ChangeSpec, 'changes' | 'validFrom'>,
): { specs: ChangeSpec[]; fields: string[] } {
  const to = (r: RelatedPerson): RelatedPerson => ({
    ...r,
    pin: survivor.pin,
    name: survivor.name,
    oldIdNumber: survivor.oldIdNumber,
  });
  const changes: Partial<PersonState> = {};
  for (const f of SINGLE_RELATIONS) {
    const r = state[f];
    if (r?.pin === retiredPin) (changes as Record<string, unknown>)[f] = to(r);
  }
  for (const f of LIST_RELATIONS) {
    const list = state[f];
    if (list.some((r) => r.pin === retiredPin)) {
      (changes as Record<string, unknown>)[f] = list.map((r) => (r.pin === retiredPin ? to(r) : r));
    }
  }
  const byDate = new Map<string, Partial<PersonState>>();
  for (const [field, value] of Object.entries(changes)) {
    const from =
      sourceOfField(existing, field as keyof PersonState, today)?.validFrom ??
      (state.dateOfBirth ? firstDay(state.dateOfBirth) : today);
    byDate.set(from, { ...(byDate.get(from) ?? {}), [field]: value });
  }
  const specs = [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([validFrom, c]) => ({ ...base, validFrom, changes: c }));
  return { specs, fields: Object.keys(changes) };
}

function cannotUnmerge(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('DEDUP.CANNOT_UNMERGE', message, details);
}

/** Which of two persons survives: the older PIN, then the more complete record, then the older row. */
export function chooseSurvivor(
  a: { person: PersonRow; pins: PinRow[] },
  b: { person: PersonRow; pins: PinRow[] },
): 'a' | 'b' {
  const issued = (x: { person: PersonRow; pins: PinRow[] }) =>
    x.pins.find((p) => p.pin === x.person.pin)?.issued_at ?? x.person.created_at;
  const ia = issued(a);
  const ib = issued(b);
  if (ia !== ib) return ia < ib ? 'a' : 'b';
  const filled = (x: PersonRow) => Object.keys(JSON.parse(x.data) as object).length;
  const fa = filled(a.person);
  const fb = filled(b.person);
  if (fa !== fb) return fa > fb ? 'a' : 'b';
  return a.person.id <= b.person.id ? 'a' : 'b';
}

export interface MergeInput {
  survivorPin: string;
  retiredPin: string;
  pairId?: number;
  /** The pair's version as the officer saw it (a decision with merge). */
  pairVersion?: number;
}

export async function mergePersons(
  registry: RegistryService,
  ctx: RequestContext,
  input: MergeInput,
  now: () => string,
): Promise<MergeView> {
  const db = registry.db;
  const survivor = await registry.requirePerson(input.survivorPin);
  const retired = await registry.requirePerson(input.retiredPin);
  if (survivor.id === retired.id) {
    throw new ValidationError([
      {
        field: 'retiredPin',
        rule: 'merge.same_person',
        message: `${input.retiredPin} and ${input.survivorPin} are already one person`,
        value: input.retiredPin,
      },
    ]);
  }
  // Both records change hands: the registry's policy must let the officer update both.
  await registry.authorizeAccess(ctx, 'person.update', survivor, { auditAction: 'dedup.merge' });
  await registry.authorizeAccess(ctx, 'person.update', retired, { auditAction: 'dedup.merge' });

  const pair =
    input.pairId !== undefined ? await findPair(db, input.pairId) : await findPairOf(db, survivor.id, retired.id);
  if (input.pairId !== undefined) {
    if (!pair)
      throw new NotFoundError('DEDUP.PAIR_NOT_FOUND', `no pair has id ${input.pairId}`, { pairId: input.pairId });
    const ids = [Number(pair.person_l), Number(pair.person_r)].sort();
    if (ids.join() !== [survivor.id, retired.id].sort().join()) {
      throw new ValidationError([
        { field: 'pairId', rule: 'merge.pair', message: 'the pair is not of these two persons', value: input.pairId },
      ]);
    }
  }
  if (pair && pair.status !== 'open' && pair.status !== 'same') {
    throw new DomainError('DEDUP.ALREADY_DECIDED', `pair ${pair.id} is ${pair.status}: it cannot be merged`, {
      pairId: pair.id,
      status: pair.status,
    });
  }
  if (pair && input.pairVersion !== undefined && pair.version !== input.pairVersion) {
    throw new DomainError(
      'DEDUP.ALREADY_DECIDED',
      `pair ${pair.id} changed since it was read (version ${input.pairVersion}, now ${pair.version}); read it again`,
      {
        pairId: pair.id,
        expected: input.pairVersion,
        actual: pair.version,
      },
    );
  }

  const env = await registry.env();
  const survivorState = parseState(survivor.data);
  const ref: RelatedPerson = {
    pin: survivor.pin,
    name: survivorState.fullName,
    oldIdNumber: survivorState.oldIdNumber,
    nationality: survivorState.nationalities[0] ?? null,
  };
  const reason = `Hợp nhất hồ sơ trùng: ${retired.pin} vào ${survivor.pin}`;
  const base = { event: 'merge', reason, sourceDoc: null };
  const writes: PersonWrite[] = [];
  const relinked: MergeSnapshot['relinked'] = [];
  for (const row of await personsNamingPin(db, retired.pin, [survivor.id, retired.id])) {
    const existing = await registryReader(db).changesOf(row.id);
    const { specs, fields } = relinkSpecs(parseState(row.data), existing, retired.pin, ref, env.today, base);
    if (specs.length === 0) continue;
    writes.push({ person: row, existing, specs, label: `${row.pin}: ` });
    relinked.push({ row, fields, addedSeqs: specs.map((_, i) => row.version + i + 1) });
  }
  const otherPairs = (await pairsOfPerson(db, retired.id)).filter((p) => p.status === 'open' && p.id !== pair?.id);
  const snapshot: MergeSnapshot = {
    format: 1,
    survivor: { id: survivor.id, pin: survivor.pin, version: survivor.version },
    retired,
    pins: [...(await registryReader(db).pinsOf(retired.id)), ...(await registryReader(db).pinsOf(survivor.id))],
    relinked,
    pairs: [...(pair ? [pair] : []), ...otherPairs],
    linkKeys: await linkKeysOf(db, retired.id),
  };
  let mergeId = 0;
  const at = now();
  await writePersons(db, ctx, env, writes, async (trx: Trx) => {
    if (
      !(await holdVersion(trx, survivor.id, survivor.version)) ||
      !(await retirePerson(trx, retired.id, retired.version, at))
    ) {
      throw new DomainError('REGISTRY.CONFLICT', 'one of the two persons changed while merging; read them again', {
        survivorPin: survivor.pin,
        retiredPin: retired.pin,
      });
    }
    for (const p of snapshot.pins)
      if (p.person_id === retired.id && p.pin === retired.pin) await aliasPin(trx, p.pin, survivor.pin, at, reason);
    if (pair) await markPairMerged(trx, pair.id, ctx.actor.id, at);
    await setPairStatus(
      trx,
      otherPairs.map((p) => p.id),
      'closed',
      at,
    );
    await deleteLinkKeys(trx, retired.id);
    mergeId = await insertMerge(trx, {
      survivor_id: survivor.id,
      retired_id: retired.id,
      retired_pin: retired.pin,
      pair_id: pair ? pair.id : null,
      snapshot: JSON.stringify(snapshot),
      merged_by: ctx.actor.id,
      merged_at: at,
      unmerged_by: null,
      unmerged_at: null,
    });
    const details = { mergeId, survivorPin: survivor.pin, retiredPin: retired.pin, pairId: pair?.id ?? null };
    for (const p of [survivor, retired]) {
      await registry.audit.recordIn(trx, ctx, {
        action: 'dedup.merge',
        outcome: 'ok',
        personId: p.id,
        pin: p.pin,
        details,
      });
    }
    for (const r of relinked) {
      await registry.audit.recordIn(trx, ctx, {
        action: 'dedup.relink',
        outcome: 'ok',
        personId: r.row.id,
        pin: r.row.pin,
        fields: r.fields,
        details,
      });
    }
  });
  const row = await findMerge(db, mergeId);
  return mergeView(row!);
}

export async function unmergePersons(
  registry: RegistryService,
  ctx: RequestContext,
  mergeId: number,
  now: () => string,
): Promise<MergeView> {
  const db = registry.db;
  const m = await findMerge(db, mergeId);
  if (!m) throw new NotFoundError('DEDUP.MERGE_NOT_FOUND', `no merge has id ${mergeId}`, { mergeId });
  const snap = JSON.parse(m.snapshot) as MergeSnapshot;
  const persons = registryReader(db);
  const survivor = await persons.personById(snap.survivor.id);
  const retired = await persons.personById(snap.retired.id);
  if (!survivor || !retired)
    throw new NotFoundError('DEDUP.MERGE_NOT_FOUND', `the persons of merge ${mergeId} are gone`, { mergeId });
  const unmerge = { auditAction: 'dedup.unmerge' };
  await registry.authorizeAccess(ctx, 'person.update', survivor, {
    ...unmerge,
    states: [parseState(snap.retired.data)],
  });
  await registry.authorizeAccess(ctx, 'person.update', { ...retired, data: snap.retired.data }, unmerge);
  const details = { mergeId, survivorPin: snap.survivor.pin, retiredPin: m.retired_pin };
  if (m.unmerged_at) throw cannotUnmerge(`merge ${mergeId} was already undone on ${m.unmerged_at}`, details);
  if (survivor.status === 'merged') {
    throw cannotUnmerge(
      `the survivor ${survivor.pin} has since been merged into another person: undo that merge first`,
      details,
    );
  }
  if (survivor.version !== snap.survivor.version || survivor.pin !== snap.survivor.pin) {
    throw cannotUnmerge(
      `the survivor ${snap.survivor.pin} has changed since the merge (version ${snap.survivor.version}, now ${survivor.version}): the changes cannot be shared out between the two persons`,
      { ...details, expected: snap.survivor.version, actual: survivor.version },
    );
  }
  if (retired.version !== snap.retired.version || retired.status !== 'merged') {
    throw cannotUnmerge(`the retired person ${m.retired_pin} has changed since the merge`, details);
  }
  const changed: string[] = [];
  for (const r of snap.relinked) {
    const now = await persons.personById(r.row.id);
    if (!now || now.version !== r.row.version + r.addedSeqs.length) changed.push(r.row.pin);
  }
  if (changed.length > 0) {
    throw cannotUnmerge(`persons whose relations the merge re-pointed have changed since: ${changed.join(', ')}`, {
      ...details,
      changed,
    });
  }
  const at = now();
  await db.transaction().execute(async (trx) => {
    const conflict = () => cannotUnmerge(`merge ${mergeId}: a person changed while undoing it; try again`, details);
    if (!(await holdVersion(trx, survivor.id, survivor.version))) throw conflict();
    if (!(await restorePersonRow(trx, snap.retired, snap.retired.version))) throw conflict();
    for (const p of snap.pins) await restorePinRow(trx, p);
    for (const r of snap.relinked) {
      await deleteChanges(trx, r.row.id, r.addedSeqs);
      if (!(await restorePersonRow(trx, r.row, r.row.version + r.addedSeqs.length))) throw conflict();
    }
    for (const p of snap.pairs) await restorePair(trx, p);
    await replaceLinkKeys(trx, [{ personId: snap.retired.id, keys: snap.linkKeys }]);
    if (!(await markUnmerged(trx, mergeId, ctx.actor.id, at))) throw conflict();
    for (const p of [survivor, snap.retired]) {
      await registry.audit.recordIn(trx, ctx, {
        action: 'dedup.unmerge',
        outcome: 'ok',
        personId: p.id,
        pin: p.pin,
        details,
      });
    }
    for (const r of snap.relinked) {
      await registry.audit.recordIn(trx, ctx, {
        action: 'dedup.unlink',
        outcome: 'ok',
        personId: r.row.id,
        pin: r.row.pin,
        fields: r.fields,
        details,
      });
    }
  });
  return mergeView((await findMerge(db, mergeId))!);
}

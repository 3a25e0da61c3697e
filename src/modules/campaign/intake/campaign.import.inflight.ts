// The batch being written while the next one is prepared (PostgreSQL): its ballots are not committed yet, so the
// next batch's lookups cannot see them in the database; the writer adds them from memory instead. What a lookup
// would have returned for them is rebuilt from the facts the reader sent (ids were reserved before the write).
import { foldName } from '../../../domain/names.ts';
import type { BallotFacts } from './campaign.validation.common.ts';
import { type BatchLookups, type EarlierBallot, nameKey } from './campaign.validation.cross.ts';

export interface InFlightBatch {
  refs: Set<string>;
  byPin: Map<string, EarlierBallot[]>;
  byNameDob: Map<string, EarlierBallot[]>;
}

/** The stored ballots of a batch as later lookups would find them; `ids[i]` is the id of `ballots[i]`. */
export function inFlightOf(
  ballots: readonly { rowNo: number; facts: BallotFacts }[],
  ids: readonly number[],
  jobId: number,
): InFlightBatch {
  const out: InFlightBatch = { refs: new Set(), byPin: new Map(), byNameDob: new Map() };
  ballots.forEach(({ rowNo, facts: f }, i) => {
    out.refs.add(f.ref);
    const b: EarlierBallot = {
      id: ids[i]!,
      jobId,
      rowNo,
      pin: f.pin,
      dob: f.dob,
      nameFolded: f.nameFolded,
      fatherFolded: f.fatherName ? foldName(f.fatherName) : '',
      motherFolded: f.motherName ? foldName(f.motherName) : '',
    };
    if (f.dc02) b.field = f.dc02.field;
    if (f.pin) push(out.byPin, f.pin, b);
    // As the database lookup: DC02 ballots are not matched by name and birth date.
    if (f.nameFolded && f.dob && !f.dc02) push(out.byNameDob, nameKey(f.nameFolded, f.dob), b);
  });
  return out;
}

/**
 * Adds the in-flight batch's ballots to a batch's lookups, in id order after the stored ones; a ballot the
 * lookup already found (the write committed before it ran) is not added twice.
 */
export function withInFlight(lookups: BatchLookups, batch: InFlightBatch): void {
  merge(lookups.ballotsByPin, batch.byPin);
  merge(lookups.ballotsByNameDob, batch.byNameDob);
}

function merge(into: Map<string, EarlierBallot[]>, from: Map<string, EarlierBallot[]>): void {
  for (const [key, extra] of from) {
    const list = into.get(key);
    if (!list) {
      into.set(key, [...extra]);
      continue;
    }
    const known = new Set(list.map((b) => b.id));
    for (const b of extra) if (!known.has(b.id)) list.push(b);
    list.sort((a, b) => a.id - b.id);
  }
}

function push<V>(map: Map<string, V[]>, key: string, v: V): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

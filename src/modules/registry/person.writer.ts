// Writes changes to one or more persons in one transaction, with optimistic concurrency: each person must still
// be at the version it was read at, or nothing is written.
import type { Db, Trx } from '../../db/database.ts';
import type { RequestContext } from '../../domain/context.ts';
import { DomainError, ValidationError, type Violation } from '../../domain/errors.ts';
import { nextTimestamp } from './clock.ts';
import { foldState, type PersonChange, type PersonState } from './person.model.ts';
import { projectPerson } from './person.projection.ts';
import { type ValidationEnv, validatePersonState } from './person.validation.ts';
import { insertChanges, type PersonRow, updatePersonIfVersion } from './registry.repository.ts';

export interface ChangeSpec {
  validFrom: string;
  event: string;
  reason: string | null;
  sourceDoc: string | null;
  changes: Partial<PersonState>;
}

export interface PersonWrite {
  person: PersonRow;
  existing: PersonChange[];
  specs: ChangeSpec[];
  /** Prefix for violation field names when several persons are written (e.g. "spouse."). */
  label?: string;
}

export interface WrittenPerson {
  person: PersonRow;
  state: PersonState;
  version: number;
}

export function versionMismatch(pin: string, expected: number, actual?: number): DomainError {
  return new DomainError(
    'REGISTRY.VERSION_MISMATCH',
    `person ${pin} has changed since it was read (expected version ${expected}${actual !== undefined ? `, now ${actual}` : ''}); read it again`,
    { pin, expected, ...(actual !== undefined ? { actual } : {}) },
  );
}

/** Validates every resulting state, then writes all changes atomically. `more` runs inside the transaction. */
export async function writePersons(
  db: Db,
  ctx: RequestContext,
  env: ValidationEnv,
  writes: PersonWrite[],
  more?: (trx: Trx, recordedAt: string) => Promise<void>,
): Promise<WrittenPerson[]> {
  const recordedAt = nextTimestamp();
  const violations: Violation[] = [];
  const planned = writes.map((w) => {
    const fresh: PersonChange[] = w.specs.map((s, i) => ({
      seq: w.person.version + i + 1,
      validFrom: s.validFrom,
      recordedAt,
      recordedBy: ctx.actor.id,
      event: s.event,
      reason: s.reason,
      sourceDoc: s.sourceDoc,
      changes: s.changes,
    }));
    const state = foldState([...w.existing, ...fresh], env.today);
    if (!state) throw new DomainError('REGISTRY.INVALID_EVENT', 'the change would leave no state as of today', {});
    for (const x of validatePersonState(state, env).list) {
      violations.push({ ...x, field: `${w.label ?? ''}${x.field}` });
    }
    return { w, fresh, state, projection: projectPerson(state, env.catalog) };
  });
  if (violations.length > 0) throw new ValidationError(violations);

  await db.transaction().execute(async (trx) => {
    for (const { w, fresh, projection } of planned) {
      const newVersion = w.person.version + fresh.length;
      const ok = await updatePersonIfVersion(trx, w.person.id, w.person.version, newVersion, projection, recordedAt);
      if (!ok) throw versionMismatch(w.person.pin, w.person.version);
      await insertChanges(
        trx,
        fresh.map((c) => ({
          person_id: w.person.id,
          seq: c.seq,
          valid_from: c.validFrom,
          recorded_at: c.recordedAt,
          recorded_by: c.recordedBy,
          event: c.event,
          reason: c.reason,
          source_doc: c.sourceDoc,
          changes: JSON.stringify(c.changes),
        })),
      );
    }
    if (more) await more(trx, recordedAt);
  });
  return planned.map(({ w, fresh, state, projection }) => ({
    person: { ...w.person, ...projection, version: w.person.version + fresh.length, updated_at: recordedAt },
    state,
    version: w.person.version + fresh.length,
  }));
}

// Request and response shapes of the dedup API (review queue, side-by-side view, decisions, merges, precision).
import { type Static, Type } from 'typebox';
import { PersonStateSchema } from '../registry/registry.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Pin = Type.String({ pattern: '^\\d{12}$', description: 'personal identification number, 12 digits' });
const PairStatus = Type.Enum(['open', 'same', 'different', 'merged', 'closed'], {
  description:
    'open (to review), same / different (decided), merged (decided same and merged), closed (one person was merged into a third)',
});

export const PairIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const MergeIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const PairQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['open', 'same', 'different', 'merged', 'closed', 'all'], { default: 'open' })),
    band: Type.Optional(
      Type.String({ description: 'probability band: 0.5-0.8, 0.8-0.9, 0.9-0.95, 0.95-0.99 or 0.99-1', maxLength: 12 }),
    ),
    unit: Type.Optional(
      Type.String({
        description: 'pairs with a person in this province (2 digits) or commune (5 digits), within your jurisdiction',
        maxLength: 5,
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type PairQuery = Static<typeof PairQuery>;

const PairPerson = Type.Object({
  personId: Type.Integer(),
  pin: Type.String(),
  fullName: Type.String(),
  dateOfBirth: Type.String(),
  sex: Type.String(),
  unit: Nullable(Type.String()),
  province: Nullable(Type.String()),
});

const PairSummary = Type.Object({
  id: Type.Integer(),
  status: PairStatus,
  probability: Type.Number(),
  matchWeight: Type.Number(),
  foundBy: Type.String({ description: 'the blocking rule of the batch run, or "person" for an incremental check' }),
  version: Type.Integer({ description: 'send it back with a decision (optimistic concurrency)' }),
  left: PairPerson,
  right: PairPerson,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});

const ReferredPerson = Type.Object(
  {
    personId: Type.Integer(),
    pin: Type.String(),
    fullName: Type.String(),
    dateOfBirth: Type.String(),
    sex: Type.String(),
    unit: Nullable(Type.String()),
    referredTo: Type.Enum(['province', 'national'], {
      description: 'the level that covers both persons and reviews the pairs',
    }),
    pairs: Type.Integer({ description: 'pairs of this person referred to that level' }),
  },
  {
    description:
      'one of your persons with a possible duplicate outside your jurisdiction: the other person and the score are not shown',
  },
);

export const PairList = Type.Object({
  items: Type.Array(PairSummary, { description: 'pairs whose two persons are both in your jurisdiction' }),
  nextCursor: Nullable(Type.String()),
  referred: Type.Array(ReferredPerson, {
    description: 'your persons whose possible duplicates were referred to a higher level (first page only)',
  }),
});

const Evidence = Type.Object({
  comparison: Type.String({
    description: 'name.family, name.middle, name.given, dob, sex, pin, old_id, phone, commune',
  }),
  level: Type.String({
    description: 'the comparison level reached (exact, exact_folded, one_edit, …, else; null = missing)',
  }),
  weight: Type.Number({ description: 'bits of evidence: positive for the same person, negative against' }),
  agreement: Type.Enum(['agree', 'partial', 'disagree', 'unknown']),
});

const PairSide = Type.Object({
  personId: Type.Integer(),
  pin: Type.String(),
  status: Type.String({ description: 'alive, dead, missing, or merged (retired by a merge)' }),
  version: Type.Integer(),
  scoredVersion: Type.Integer({ description: 'the version the pair was scored on' }),
  state: PersonStateSchema,
  masked: Type.Array(Type.String()),
});

export const PairDetail = Type.Object({
  id: Type.Integer(),
  status: PairStatus,
  probability: Type.Number(),
  matchWeight: Type.Number(),
  foundBy: Type.String(),
  version: Type.Integer(),
  evidence: Type.Array(Evidence),
  left: PairSide,
  right: PairSide,
  stale: Type.Boolean({ description: 'a person changed since the pair was scored' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  mergeId: Nullable(Type.Integer({ description: 'the merge in force for this pair, to undo it' })),
});

export const DecisionBody = Type.Object(
  {
    decision: Type.Enum(['same', 'different']),
    version: Type.Integer({ minimum: 1, description: 'the pair version as read' }),
    merge: Type.Optional(Type.Boolean({ description: "with 'same': merge the two persons now" })),
    survivorPin: Type.Optional(
      Type.String({ pattern: '^\\d{12}$', description: 'with merge: the PIN that survives (default: older PIN)' }),
    ),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const MergeView = Type.Object({
  id: Type.Integer(),
  survivorPin: Type.String(),
  retiredPin: Type.String(),
  survivorId: Type.Integer(),
  retiredId: Type.Integer(),
  pairId: Nullable(Type.Integer()),
  mergedAt: Type.String(),
  mergedBy: Type.String(),
  unmergedAt: Nullable(Type.String()),
  unmergedBy: Nullable(Type.String()),
  relinked: Type.Array(Type.String(), { description: 'PINs of persons whose relations now name the survivor' }),
});

export const DecisionResult = Type.Object({ pair: PairDetail, merge: Nullable(MergeView) });

export const MergeBody = Type.Object(
  { survivorPin: Pin, retiredPin: Pin, pairId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type MergeBody = Static<typeof MergeBody>;

const Band = Type.Object({
  band: Type.String(),
  min: Type.Number(),
  max: Type.Number(),
  decided: Type.Integer(),
  same: Type.Integer(),
  different: Type.Integer(),
  precision: Nullable(Type.Number()),
  interval: Nullable(Type.Object({ low: Type.Number(), high: Type.Number() }, { description: 'Wilson 95%' })),
});

export const PrecisionView = Type.Object({ bands: Type.Array(Band), decided: Type.Integer() });

export const LatestRun = Type.Object({
  run: Nullable(
    Type.Object({
      id: Type.Integer(),
      startedAt: Type.String(),
      finishedAt: Nullable(Type.String()),
      persons: Type.Integer(),
      candidates: Type.Integer(),
      pairs: Type.Integer(),
      reviewThreshold: Type.Number(),
    }),
  ),
  queue: Type.Record(Type.String(), Type.Integer(), { description: 'pairs per status' }),
});

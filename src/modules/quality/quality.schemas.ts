// Request and response shapes of the quality API (validation, serialization and the OpenAPI document).
import { type Static, Type } from 'typebox';

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'share 0..1; null when it cannot be measured (no persons, or the principle is not available)',
});
const Level = Type.Enum(['nation', 'province', 'commune']);
const Principle = Type.Enum(['correct', 'complete', 'clean', 'alive']);

export const QualityQuery = Type.Object(
  {
    by: Type.Optional(
      Type.Enum(['province', 'commune'], {
        description: 'level of the rows (default: provinces for the country, communes for a province)',
      }),
    ),
    unit: Type.Optional(
      Type.String({
        pattern: '^(\\d{2}|\\d{5})$',
        description: 'current province (2 digits) or commune (5 digits); default: your jurisdiction',
      }),
    ),
  },
  { additionalProperties: false },
);
export type QualityQuery = Static<typeof QualityQuery>;

export const UnitScore = Type.Object({
  level: Level,
  code: Type.String({ description: 'current unit code; VN for the nation' }),
  name: Type.String({ description: 'Vietnamese name' }),
  provinceCode: Type.Union([Type.String(), Type.Null()]),
  persons: Type.Integer({ description: 'living registered persons counted' }),
  correct: Share,
  complete: Share,
  clean: Share,
  alive: Share,
  overall: Share,
  details: Type.Object({
    passing: Type.Integer({ description: 'persons passing every validation rule' }),
    violations: Type.Array(Type.Object({ rule: Type.String(), persons: Type.Integer() }), {
      description: 'validation rules broken, with the persons breaking each (most frequent first)',
    }),
    missing: Type.Array(Type.Object({ field: Type.String(), persons: Type.Integer() }), {
      description: 'required or recommended fields not filled, with the persons missing each',
    }),
    openPairs: Type.Union([Type.Integer(), Type.Null()], {
      description: 'open duplicate pairs touching the unit; null when deduplication has not run',
    }),
    suspects: Type.Union([Type.Integer(), Type.Null()], { description: 'distinct persons in those pairs' }),
    pairsPer1000: Type.Union([Type.Number(), Type.Null()], { description: 'open pairs per 1,000 persons' }),
    confirmed: Type.Integer({ description: 'persons confirmed within five years' }),
    over110: Type.Integer({ description: 'living persons certainly older than 110' }),
    deathsAgainstActiveCards: Type.Null({
      description: 'deaths not yet recorded against active identity cards: not available (no card register yet)',
    }),
  }),
});

const Availability = Type.Object({
  available: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'dedup.not_run, cards.no_module' }),
  message: Type.Union([Type.String(), Type.Null()]),
});

const SnapshotInfo = Type.Object({
  id: Type.Integer(),
  computedAt: Type.String(),
  computedBy: Type.String(),
  today: Type.String({ description: 'the date ages and the five-year window were computed for' }),
  durationMs: Type.Integer(),
  persons: Type.Integer(),
  dedupFinishedAt: Type.Union([Type.String(), Type.Null()]),
});
export const RefreshResult = SnapshotInfo;

export const QualityReport = Type.Object({
  snapshot: Type.Union([SnapshotInfo, Type.Null()], { description: 'the last computation; null: never computed' }),
  scope: Type.Object({ level: Level, code: Type.String(), name: Type.String() }),
  by: Level,
  summary: Type.Union([UnitScore, Type.Null()]),
  items: Type.Array(UnitScore),
  unplaced: Type.Integer({ description: 'persons of the scope counted in no row (residence in a split commune)' }),
  overallOf: Type.Array(Principle, { description: 'the principles the overall score averages' }),
  availability: Type.Object({ clean: Availability, deathsAgainstActiveCards: Availability }),
  trend: Type.Array(
    Type.Object({
      snapshotId: Type.Integer(),
      computedAt: Type.String(),
      correct: Share,
      complete: Share,
      clean: Share,
      alive: Share,
      overall: Share,
    }),
    { description: 'the scope unit in the last computations, oldest first' },
  ),
  mayRefresh: Type.Boolean({ description: 'whether the reader may recompute the scores' }),
});

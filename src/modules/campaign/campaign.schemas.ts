// TypeBox schemas of the review and progress API (the OpenAPI description is generated from them).
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CampaignParams = Type.Object({ code: Type.String({ description: 'campaign code, e.g. DA896' }) });
export const BallotParams = Type.Object({
  code: Type.String({ description: 'campaign code' }),
  id: Type.Integer({ minimum: 1, description: 'ballot id' }),
});

export const CampaignItem = Type.Object({ code: Type.String(), name: Type.String(), startedOn: Type.String() });
export const CampaignList = Type.Object({ items: Type.Array(CampaignItem) });

export const BallotIssue = Type.Object(
  {
    principle: Type.Optional(Type.String()),
    severity: Type.Optional(Type.String()),
    field: Type.String(),
    rule: Type.String(),
    message: Type.Optional(Type.String()),
    messageVi: Type.Optional(Type.String()),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const BallotView = Type.Object({
  id: Type.Integer(),
  campaign: Type.String(),
  form: Type.String(),
  ballotRef: Type.String(),
  source: Type.String(),
  jobId: Nullable(Type.Integer()),
  rowNo: Nullable(Type.Integer()),
  status: Type.String({ description: 'collected, checked, verified, approved, returned or rejected' }),
  statusReason: Nullable(Type.String()),
  unitCode: Nullable(Type.String()),
  provinceCode: Nullable(Type.String()),
  pin: Nullable(Type.String()),
  fullName: Nullable(Type.String()),
  dateOfBirth: Nullable(Type.String()),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  issues: Type.Array(BallotIssue),
  duplicateOf: Nullable(Type.Integer()),
  personId: Nullable(Type.Integer()),
  values: Type.Record(Type.String(), Type.String()),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  approvedAt: Nullable(Type.String()),
});

export const BallotListQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'one status or several separated by commas' })),
  unit: Type.Optional(Type.String({ description: 'province (2 digits) or commune code' })),
  job: Type.Optional(Type.Integer({ minimum: 1, description: 'import job id' })),
  form: Type.Optional(Type.Union([Type.Literal('DC01'), Type.Literal('DC02')])),
  hasWarnings: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const BallotList = Type.Object({ items: Type.Array(BallotView), nextCursor: Nullable(Type.String()) });

const Comparison = Type.Array(
  Type.Object({
    field: Type.String(),
    registryValue: Type.String(),
    declaredOld: Nullable(Type.String()),
    newValue: Type.String(),
  }),
);

export const BallotDetail = Type.Object({
  ballot: BallotView,
  transitions: Type.Array(
    Type.Object({
      from: Nullable(Type.String()),
      to: Type.String(),
      actor: Type.String(),
      at: Type.String(),
      reason: Nullable(Type.String()),
    }),
  ),
  person: Nullable(Type.Object({ pin: Type.String(), version: Type.Integer() })),
  change: Nullable(Type.Object({ kind: Type.String(), effectiveDate: Nullable(Type.String()) })),
  comparison: Comparison,
  /** DC01 without PIN: registry persons with the same name and birth date, for the reviewer to confirm or reject. */
  candidates: Type.Array(
    Type.Object({
      pin: Type.String(),
      fullName: Type.String(),
      dateOfBirth: Type.String(),
      sex: Type.String(),
      comparison: Comparison,
      identityChanges: Type.Array(Type.String()),
    }),
  ),
  /** Name, birth date, sex or PIN the re-collection would change: approval needs confirmIdentityChange. */
  identityChanges: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
});

export const TransitionBody = Type.Object({
  action: Type.String({ description: 'check, verify, approve, return or reject' }),
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'required to return or reject' })),
  match: Type.Optional(
    Type.Union(
      [
        Type.Object({ decision: Type.Literal('confirm'), pin: Type.String({ pattern: '^[0-9]{12}$' }) }),
        Type.Object({ decision: Type.Literal('reject') }),
      ],
      {
        description:
          'approve: the answer to a possible match (confirm one candidate as a re-collection, or reject them all: a new person)',
      },
    ),
  ),
  confirmIdentityChange: Type.Optional(
    Type.Boolean({ description: 'approve: the officer confirms a change of name, birth date, sex or PIN' }),
  ),
});

export const CorrectionBody = Type.Object({
  values: Type.Record(Type.String(), Type.String(), { description: 'form field key → corrected value' }),
});

export const BulkBody = Type.Object({
  action: Type.String({ description: 'check, verify, approve, return or reject' }),
  filter: Type.Object({
    jobId: Type.Optional(Type.Integer({ minimum: 1 })),
    unitCode: Type.Optional(Type.String({ description: 'province (2 digits) or commune code' })),
    ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000 })),
  }),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});

export const BulkReport = Type.Object({
  action: Type.String(),
  matched: Type.Integer(),
  eligible: Type.Integer(),
  done: Type.Integer(),
  skipped: Type.Record(Type.String(), Type.Integer()),
  failures: Type.Array(Type.Object({ id: Type.Integer(), reason: Type.String(), message: Type.String() })),
  ms: Type.Integer(),
});

const StatusCounts = Type.Object({
  collected: Type.Integer(),
  checked: Type.Integer(),
  verified: Type.Integer(),
  approved: Type.Integer(),
  returned: Type.Integer(),
  rejected: Type.Integer(),
});

export const UnitProgress = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String({ description: 'nation, province or commune' }),
  provinceCode: Nullable(Type.String()),
  expected: Type.Integer(),
  expectedSource: Type.String({ description: 'target, registry, mixed or none' }),
  collected: Type.Integer({ description: 'every ballot' }),
  checked: Type.Integer({ description: 'ballots checked, verified or approved' }),
  verified: Type.Integer({ description: 'ballots verified or approved' }),
  approved: Type.Integer(),
  returned: Type.Integer(),
  rejected: Type.Integer(),
  byStatus: StatusCounts,
  rowsWithErrors: Type.Integer({ description: 'import rows refused for errors' }),
  errorRate: Nullable(Type.Number()),
  percentComplete: Nullable(Type.Number()),
  completedOn: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
});

export const ProgressQuery = Type.Object({
  by: Type.Optional(Type.Union([Type.Literal('province'), Type.Literal('commune')])),
  unit: Type.Optional(Type.String({ description: 'a province or commune code (current)' })),
});

export const ProgressReport = Type.Object({
  campaign: CampaignItem,
  by: Type.String(),
  unit: Nullable(Type.String()),
  asOf: Type.String(),
  total: UnitProgress,
  rows: Type.Array(UnitProgress),
});

// Request and response shapes of production batches, the due list, the dashboard and verification.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const UnitCode = Type.String({
  pattern: '^(\\d{2}|\\d{5})$',
  description: 'a province (2 digits) or commune (5 digits) code',
});

export const BatchParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const CreateBatchBody = Type.Object(
  {
    applicationIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100_000 })),
    provinceCode: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const BatchView = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(['built', 'exported', 'closed']),
  createdAt: Type.String(),
  createdBy: Type.String(),
  provinceCode: Nullable(Type.String()),
  cards: Type.Integer(),
  produced: Type.Integer(),
  failed: Type.Integer(),
  signerId: Nullable(Type.String()),
  exportedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
});

export const BatchListQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'batches with a smaller id (the next page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export const BatchList = Type.Object({ items: Type.Array(BatchView) });

export const ResultRowBody = Type.Object({
  applicationId: Type.Unknown(),
  outcome: Type.Unknown(),
  reason: Type.Optional(Type.Unknown()),
});
export const ImportSummary = Type.Object({
  rows: Type.Integer(),
  produced: Type.Integer(),
  failed: Type.Integer(),
  unchanged: Type.Integer({ description: 'rows whose card already had this outcome (a repeated import)' }),
  overtaken: Type.Integer({ description: 'rows whose card was revoked while in production (nothing changes)' }),
});

export const DueQuery = Type.Object(
  {
    by: Type.Optional(IsoDate),
    unit: Type.Optional(UnitCode),
    format: Type.Optional(Type.Enum(['json', 'csv'])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const DueItem = Type.Object({
  pin: Type.String(),
  fullName: Type.String(),
  dateOfBirth: Type.String(),
  unitCode: Nullable(Type.String()),
  provinceCode: Nullable(Type.String()),
  dueOn: Type.String(),
  cause: Type.Enum(['first', 'age_14', 'age_25', 'age_40', 'age_60']),
});
export const DueList = Type.Object({
  items: Type.Array(DueItem),
  nextCursor: Nullable(Type.String()),
  by: Type.String(),
});

export const DueMonthsQuery = Type.Object(
  { by: Type.Optional(IsoDate), unit: Type.Optional(UnitCode) },
  { additionalProperties: false },
);
export const DueMonths = Type.Object({
  by: Type.String(),
  months: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), n: Type.Integer() })),
});

export const DashboardQuery = Type.Object({ province: Type.Optional(UnitCode) }, { additionalProperties: false });
export const Dashboard = Type.Object({
  applications: Type.Array(Type.Object({ status: Type.String(), n: Type.Integer() })),
  backlog: Type.Integer({ description: 'approved applications not yet produced' }),
  issued: Type.Array(Type.Object({ provinceCode: Nullable(Type.String()), n: Type.Integer() })),
});

export const VerifyBody = Type.Object(
  {
    sod: Type.Optional(Type.String({ maxLength: 100_000, description: 'the SOD, DER in base64' })),
    dataGroups: Type.Optional(
      Type.Record(Type.String({ pattern: '^\\d{1,2}$' }), Type.String({ maxLength: 200_000 }), {
        description: 'data group number → bytes in base64',
      }),
    ),
    qr: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const VerifyResult = Type.Object({
  result: Type.Enum(['valid', 'expired', 'revoked', 'forged']),
  reasons: Type.Array(Type.String()),
  number: Type.Optional(Type.String()),
  issuedOn: Type.Optional(Type.String()),
  expiresOn: Type.Optional(Nullable(Type.String())),
});

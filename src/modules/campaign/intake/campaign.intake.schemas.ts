// TypeBox schemas of the intake API: one ballot, import jobs and their reports (the OpenAPI description is generated
// from them). The ballot itself has the review side's shape (campaign.schemas.ts), so both halves show one object.
import { Type } from 'typebox';
import { BallotView } from '../campaign.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const FormCodeSchema = Type.Union([Type.Literal('DC01'), Type.Literal('DC02')], {
  description: 'DC01 (collection ballot) or DC02 (update or correction of one field)',
});

export const IntakeCampaignParams = Type.Object({ code: Type.String({ description: 'campaign code, e.g. DA896' }) });
export const IntakeBallotParams = Type.Object({
  code: Type.String({ description: 'campaign code' }),
  id: Type.Integer({ minimum: 1, description: 'ballot id' }),
});
export const JobParams = Type.Object({
  code: Type.String({ description: 'campaign code' }),
  id: Type.Integer({ minimum: 1, description: 'import job id' }),
});

export const BallotBody = Type.Object(
  {
    form: FormCodeSchema,
    values: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), {
      description: 'the form fields by key (DC01: full_name, date_of_birth, …; DC02: pin, field, new_value, …)',
    }),
  },
  { additionalProperties: false },
);

export { BallotView };

export const JobErrorSchema = Type.Object({
  code: Type.String({ description: 'CAMPAIGN.BAD_FILE for a refused file' }),
  message: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'for a refused file: rule (file.encoding, file.quotes, …), row, column, cell, value, messageVi',
  }),
});

export const ImportJobSchema = Type.Object({
  id: Type.Integer(),
  campaign: Type.String(),
  form: Type.String(),
  fileName: Type.String(),
  fileSha256: Type.String(),
  fileFormat: Type.String({ description: 'csv, xlsx, ndjson (unknown until checked)' }),
  fileBytes: Type.Integer(),
  status: Type.String({ description: 'checking, importing, done or failed' }),
  rowsTotal: Nullable(Type.Integer()),
  rowsDone: Type.Integer({ description: 'rows committed so far (the resume point)' }),
  ballotsAdded: Type.Integer(),
  ballotsSkipped: Type.Integer({ description: 'rows whose ballot was already stored (same ballot id)' }),
  rowsWithErrors: Type.Integer({ description: 'rows refused by an error, listed in the report' }),
  progress: Type.Number({ description: '0..1, for a progress bar' }),
  error: Nullable(JobErrorSchema),
  createdBy: Type.String(),
  unitScope: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const RuleCountSchema = Type.Object({
  rule: Type.String(),
  principle: Type.String(),
  severity: Type.String(),
  count: Type.Integer(),
});

export const ImportJobDetail = Type.Intersect([ImportJobSchema, Type.Object({ byRule: Type.Array(RuleCountSchema) })]);

export const ImportAccepted = Type.Object({
  job: ImportJobSchema,
  alreadyImported: Type.Boolean({ description: 'the same file was imported before: nothing is added' }),
});

export const ImportQuery = Type.Object({
  form: Type.Optional(FormCodeSchema),
  name: Type.Optional(
    Type.String({
      maxLength: 255,
      description: 'file name, for a raw (non-multipart) upload; its extension hints the format',
    }),
  ),
});

export const JobListQuery = Type.Object({
  form: Type.Optional(FormCodeSchema),
  status: Type.Optional(
    Type.Union([Type.Literal('checking'), Type.Literal('importing'), Type.Literal('done'), Type.Literal('failed')]),
  ),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'jobs with a smaller id (the next page)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const JobList = Type.Object({ items: Type.Array(ImportJobSchema), nextBefore: Nullable(Type.Integer()) });

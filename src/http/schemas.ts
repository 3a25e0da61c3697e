// Schemas shared by every route: the error body.
import { Type } from 'typebox';

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, see docs/errors.md' }),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { description: 'Every error response (codes in docs/errors.md)' },
);

export const errorResponses = {
  400: ErrorBodySchema,
  404: ErrorBodySchema,
} as const;

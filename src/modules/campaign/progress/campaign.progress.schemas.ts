// Shapes of the re-verification list (the other progress shapes are shared with the web app in campaign.schemas.ts).
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ReverificationQuery = Type.Object({
  years: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 50, description: 'not confirmed for this many years (default 5)' }),
  ),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'person id to continue after (the next page)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const ReverificationList = Type.Object({
  cutoff: Type.String({ description: 'records whose latest change was recorded before this day are listed' }),
  rule: Type.String(),
  items: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      pin: Type.String(),
      fullName: Type.String(),
      dateOfBirth: Type.String(),
      residenceUnit: Nullable(Type.String()),
      residenceProvince: Nullable(Type.String()),
      lastRecordedAt: Type.String(),
    }),
  ),
  nextAfter: Nullable(Type.Integer()),
});

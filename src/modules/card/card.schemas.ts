// Request and response shapes of the card API (applications and the life of a card): one TypeBox schema per
// route feeds validation, serialization and the OpenAPI document. The answers' shapes are in card.schemas.views.ts,
// re-exported here.
import { type Static, Type } from 'typebox';
import { APPLICATION_REASONS, APPLICATION_STATUSES, REVOKE_GROUNDS } from './card.codes.ts';

export * from './card.codes.ts';

const Pin = Type.String({ pattern: '^\\d{12}$', description: 'personal identification number, 12 digits' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const SideParams = Type.Object({ id: Type.Integer({ minimum: 1 }), side: Type.Enum(['front', 'back']) });

export const Representative = Type.Object(
  {
    pin: Type.Optional(Type.Union([Pin, Type.Null()])),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    relation: Type.Optional(Type.String({ maxLength: 40, description: 'father, mother, guardian…' })),
  },
  { additionalProperties: false, description: 'the legal representative applying for a child under 14' },
);
export type Representative = Static<typeof Representative>;

export const ApplyBody = Type.Object(
  {
    pin: Pin,
    reason: Type.Enum([...APPLICATION_REASONS]),
    receivedUnit: Type.String({ pattern: '^\\d{5}$', description: 'commune code of the place of receipt' }),
    representative: Type.Optional(Representative),
    photo: Type.Optional(
      Type.String({
        maxLength: 700_000,
        description: 'face photo, base64 JPEG (from age 6; a lost or damaged card reuses the last one)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const OptionalReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type OptionalReasonBody = Static<typeof OptionalReasonBody>;
export const RevokeBody = Type.Object(
  { reason: Type.Enum([...REVOKE_GROUNDS]), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type RevokeBody = Static<typeof RevokeBody>;

export const ApplicationQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...APPLICATION_STATUSES])),
    unit: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{5})$', description: 'province or commune code' })),
    pin: Type.Optional(Pin),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ApplicationQuery = Static<typeof ApplicationQuery>;
export const CardQuery = Type.Object({ pin: Pin }, { additionalProperties: false });

export * from './card.schemas.views.ts';

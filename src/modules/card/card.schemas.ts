// Request and response shapes of the card API (applications and the life of a card): one TypeBox schema per
// route feeds validation, serialization and the OpenAPI document.
import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Pin = Type.String({ pattern: '^\\d{12}$', description: 'personal identification number, 12 digits' });

export const APPLICATION_REASONS = [
  'first',
  'renewal',
  'change',
  'sex_reregistration',
  'pin_reestablishment',
  'lost',
  'damaged',
] as const;
export const APPLICATION_STATUSES = [
  'received',
  'approved',
  'in_production',
  'produced',
  'delivered',
  'issued',
  'refused',
  'cancelled',
] as const;
/** Grounds of revocation an officer may give (Law 26/2023 Art 29, domain.md §4.3). */
export const REVOKE_GROUNDS = ['nationality_lost', 'issued_in_violation', 'altered'] as const;

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

export const PrintedCardSchema = Type.Object({
  number: Type.String(),
  fullName: Type.String(),
  dateOfBirth: Type.String(),
  sex: Type.Enum(['M', 'F']),
  nationality: Type.String(),
  nationalityName: Type.String(),
  hometown: Nullable(Type.String()),
  residence: Nullable(Type.String()),
  birthRegistrationPlace: Nullable(Type.String()),
  ethnicity: Nullable(Type.String()),
  religion: Nullable(Type.String()),
  fatherName: Nullable(Type.String()),
  motherName: Nullable(Type.String()),
  oldIdNumber: Nullable(Type.String()),
  issuedOn: Type.String(),
  expiresOn: Nullable(Type.String({ description: 'null: valid for life' })),
  issuer: Type.String(),
  generation: Type.Enum(['2021', '2024']),
  photo: Type.Boolean({ description: 'false under 6: no photo on the card' }),
});

export const ApplicationView = Type.Object({
  id: Type.Integer(),
  pin: Type.String(),
  fullName: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  statusReason: Nullable(Type.String()),
  receivedUnit: Type.String(),
  unitCode: Nullable(Type.String()),
  receivedAt: Type.String(),
  receivedBy: Type.String(),
  decidedAt: Nullable(Type.String()),
  batchId: Nullable(Type.Integer()),
  cardId: Nullable(Type.Integer()),
  printed: Type.Union([PrintedCardSchema, Type.Null()], { description: 'the data as printed, from approval on' }),
});
export type ApplicationView = Static<typeof ApplicationView>;
export const ApplicationList = Type.Object({ items: Type.Array(ApplicationView), nextCursor: Nullable(Type.String()) });

export const CardEventView = Type.Object({
  at: Type.String(),
  by: Type.String(),
  subject: Type.Enum(['application', 'card']),
  type: Type.String({ description: 'the status entered' }),
  reason: Nullable(Type.String()),
});
export type CardEventView = Static<typeof CardEventView>;

export const CardView = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  pin: Type.String(),
  number: Type.String(),
  generation: Type.String(),
  issuedOn: Type.String(),
  expiresOn: Nullable(Type.String()),
  status: Type.String(),
  statusReason: Nullable(Type.String()),
  statusAt: Type.String(),
  batchId: Nullable(Type.Integer()),
  mrz: Type.Array(Type.String(), { description: 'the three TD1 lines' }),
  qr: Type.String(),
  printed: PrintedCardSchema,
  events: Type.Optional(
    Type.Array(CardEventView, { description: "the application's and the card's status changes (one card only)" }),
  ),
});
export type CardView = Static<typeof CardView>;
export const CardList = Type.Object({ items: Type.Array(CardView) });

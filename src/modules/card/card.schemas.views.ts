// Response shapes of the card API: the printed data, an application, a card with its history; TypeBox schemas for
// serialization and the OpenAPI document, and their Static<> types for the services and the web client.
import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

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

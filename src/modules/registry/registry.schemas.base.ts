// The registry API's shared shapes: dates, PINs, unit codes, addresses and relations as inputs, and the person
// as answered. The route schemas import these; registry.schemas.ts re-exports every schema for the routes.
import { type Static, Type } from 'typebox';

export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD',
  examples: ['2024-05-01'],
});
export const PartialDate = Type.String({
  pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  description: 'YYYY, YYYY-MM or YYYY-MM-DD (partial dates for legacy records)',
});
export const Pin = Type.String({
  pattern: '^\\d{12}$',
  description: 'personal identification number, 12 digits',
  examples: ['001093047064'],
});
export const UnitCode = Type.String({
  pattern: '^\\d{2,5}$',
  description: 'administrative unit code (2 province, 3 district, 5 commune)',
});
export const Sex = Type.Enum(['M', 'F'], { description: 'M (Nam) or F (Nữ)' });
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AddressInput = Type.Object(
  {
    unitCode: UnitCode,
    unitDate: Type.Optional(
      Type.Union([IsoDate, Type.Null()], { description: 'the date the code refers to; default: the date of the fact' }),
    ),
    detail: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export const ResidenceInput = Type.Object(
  {
    unitCode: UnitCode,
    unitDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    detail: Type.Optional(Type.String({ maxLength: 300 })),
    since: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    until: Type.Optional(Type.Union([IsoDate, Type.Null()], { description: 'end of a temporary residence term' })),
  },
  { additionalProperties: false },
);
export const RelatedInput = Type.Object(
  {
    pin: Type.Optional(Type.Union([Pin, Type.Null()])),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    oldIdNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    nationality: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  {
    additionalProperties: false,
    description: 'a relative: by PIN where known (name is then taken from the registry), else by name',
  },
);

const Address = Type.Object({ unitCode: Type.String(), unitDate: Type.String(), detail: Type.String() });
const Residence = Type.Object({
  unitCode: Type.String(),
  unitDate: Type.String(),
  detail: Type.String(),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
});
export const Related = Type.Object({
  pin: Nullable(Type.String()),
  name: Type.String(),
  oldIdNumber: Nullable(Type.String()),
  nationality: Nullable(Type.String()),
});

export const PersonStateSchema = Type.Object(
  {
    pin: Type.String(),
    fullName: Type.String(),
    otherNames: Type.Array(Type.String()),
    dateOfBirth: Type.String(),
    sex: Sex,
    placeOfBirth: Type.Union([Address, Type.Null()]),
    birthRegistrationPlace: Type.Union([Address, Type.Null()]),
    hometown: Type.Union([Address, Type.Null()]),
    ethnicity: Nullable(Type.String({ description: 'null when masked' })),
    religion: Nullable(Type.String({ description: 'null when masked' })),
    nationalities: Type.Array(Type.String()),
    bloodGroup: Nullable(Type.String()),
    oldIdNumber: Nullable(Type.String()),
    idCards: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'cards issued: number, kind, …' }),
    father: Type.Union([Related, Type.Null()]),
    mother: Type.Union([Related, Type.Null()]),
    spouse: Type.Union([Related, Type.Null()]),
    children: Type.Array(Related),
    legalRepresentative: Type.Union([Related, Type.Null()]),
    representedPersons: Type.Array(Related),
    permanentResidence: Type.Union([Residence, Type.Null()]),
    temporaryResidence: Type.Union([Residence, Type.Null()]),
    currentResidence: Type.Union([Residence, Type.Null()]),
    temporaryAbsence: Type.Union([
      Type.Object({
        from: Type.String(),
        to: Nullable(Type.String()),
        destination: Nullable(Type.String()),
        reason: Nullable(Type.String()),
      }),
      Type.Null(),
    ]),
    residenceFileNumber: Nullable(Type.String()),
    maritalStatus: Type.String(),
    household: Type.Union([Type.Object({ code: Type.String(), relationToHead: Type.String() }), Type.Null()]),
    death: Type.Union([Type.Object({ kind: Type.String(), date: Type.String() }), Type.Null()]),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    extra: Type.Record(Type.String(), Type.Unknown()),
  },
  { description: 'every item of Law 26/2023 Art 9' },
);

export const PinHistoryItem = Type.Object({
  pin: Type.String(),
  status: Type.String(),
  issuedAt: Type.String(),
  cancelledAt: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  replacedBy: Nullable(Type.String()),
});

export const NoticeKind = Type.Enum([
  'marriage',
  'divorce',
  'spouse_death',
  'child_registered',
  'household_head_change',
]);
export const NoticeRef = Type.Object({
  id: Type.Integer(),
  kind: NoticeKind,
  targetPin: Type.String(),
  status: Type.Literal('pending'),
});

export const PersonView = Type.Object({
  pin: Type.String({ description: 'the active PIN' }),
  requestedPin: Type.String({ description: 'the PIN asked for (a cancelled PIN resolves to the active one)' }),
  status: Type.String(),
  version: Type.Integer(),
  asOf: Type.String({ description: 'valid date of this state' }),
  knownAt: Nullable(Type.String()),
  state: PersonStateSchema,
  pins: Type.Array(PinHistoryItem),
  masked: Type.Array(Type.String(), { description: 'fields emptied because the reader may not see sensitive data' }),
  mergedFrom: Type.Optional(
    Type.String({ description: 'present when the PIN asked for belongs to a person merged into this one' }),
  ),
  notices: Type.Optional(
    Type.Array(NoticeRef, {
      description: 'changes to persons outside your jurisdiction, left for their officers to confirm',
    }),
  ),
});

export const PersonSummary = Type.Object({
  pin: Type.String(),
  fullName: Type.String(),
  dateOfBirth: Type.String(),
  sex: Type.String(),
  status: Type.String(),
  residenceUnit: Nullable(Type.String()),
  residenceProvince: Nullable(Type.String()),
  householdCode: Nullable(Type.String()),
});

export const SearchQuery = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'with or without diacritics, any case' }),
    ),
    dob: Type.Optional(PartialDate),
    year: Type.Optional(Type.Integer({ minimum: 1800, maximum: 2999 })),
    unit: Type.Optional(UnitCode),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  items: Type.Array(PersonSummary),
  nextCursor: Nullable(Type.String()),
});

export const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  validFrom: Type.String(),
  recordedAt: Type.String(),
  recordedBy: Type.String(),
  event: Type.String(),
  reason: Nullable(Type.String()),
  sourceDocument: Nullable(Type.String()),
  changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })),
  mergedFrom: Type.Optional(
    Type.String({ description: 'the PIN of a person merged into this one, whose recorded change this is' }),
  ),
});
export const HistoryView = Type.Object({ pin: Type.String(), entries: Type.Array(HistoryEntry) });

export const UnitStats = Type.Object({
  total: Type.Integer(),
  alive: Type.Integer(),
  dead: Type.Integer(),
  missing: Type.Integer(),
  byProvince: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      alive: Type.Integer(),
      dead: Type.Integer(),
      missing: Type.Integer(),
    }),
  ),
  unplaced: Type.Integer({ description: 'persons with no residence in a known unit' }),
});

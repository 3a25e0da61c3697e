// Request shapes of the registry's writes: a birth registration (a new person and their PIN) and a change of
// some fields (plain or correction).
import { type Static, Type } from 'typebox';
import { AddressInput, IsoDate, PartialDate, RelatedInput, ResidenceInput, Sex } from './registry.schemas.base.ts';

export const BirthRegistrationBody = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 100 }),
    otherNames: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
    dateOfBirth: IsoDate,
    sex: Sex,
    placeOfBirth: Type.Optional(AddressInput),
    birthRegistrationPlace: AddressInput,
    hometown: Type.Optional(AddressInput),
    ethnicity: Type.String({ maxLength: 4 }),
    religion: Type.Optional(Type.String({ maxLength: 4 })),
    nationalities: Type.Optional(Type.Array(Type.String({ maxLength: 2 }), { minItems: 1, maxItems: 5 })),
    bloodGroup: Type.Optional(Type.String({ maxLength: 3 })),
    father: Type.Optional(RelatedInput),
    mother: Type.Optional(RelatedInput),
    legalRepresentative: Type.Optional(RelatedInput),
    household: Type.Optional(
      Type.Object(
        { code: Type.String({ minLength: 1, maxLength: 40 }), relationToHead: Type.String({ maxLength: 20 }) },
        { additionalProperties: false },
      ),
    ),
    permanentResidence: Type.Optional(ResidenceInput),
    registeredOn: Type.Optional(IsoDate),
    sourceDocument: Type.Optional(Type.String({ maxLength: 100, description: 'birth certificate number' })),
  },
  { additionalProperties: false },
);
export type BirthRegistrationBody = Static<typeof BirthRegistrationBody>;

/** Fields an update may set directly. PIN, household, marriage and death go through events. */
export const EditableFields = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    otherNames: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
    dateOfBirth: Type.Optional(PartialDate),
    placeOfBirth: Type.Optional(Type.Union([AddressInput, Type.Null()])),
    birthRegistrationPlace: Type.Optional(Type.Union([AddressInput, Type.Null()])),
    hometown: Type.Optional(Type.Union([AddressInput, Type.Null()])),
    ethnicity: Type.Optional(Type.String({ maxLength: 4 })),
    religion: Type.Optional(Type.String({ maxLength: 4 })),
    nationalities: Type.Optional(Type.Array(Type.String({ maxLength: 2 }), { minItems: 1, maxItems: 5 })),
    bloodGroup: Type.Optional(Type.Union([Type.String({ maxLength: 3 }), Type.Null()])),
    oldIdNumber: Type.Optional(Type.Union([Type.String({ maxLength: 9 }), Type.Null()])),
    father: Type.Optional(Type.Union([RelatedInput, Type.Null()])),
    mother: Type.Optional(Type.Union([RelatedInput, Type.Null()])),
    legalRepresentative: Type.Optional(Type.Union([RelatedInput, Type.Null()])),
    representedPersons: Type.Optional(Type.Array(RelatedInput, { maxItems: 20 })),
    permanentResidence: Type.Optional(Type.Union([ResidenceInput, Type.Null()])),
    temporaryResidence: Type.Optional(Type.Union([ResidenceInput, Type.Null()])),
    currentResidence: Type.Optional(Type.Union([ResidenceInput, Type.Null()])),
    residenceFileNumber: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 15 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditableFields = Static<typeof EditableFields>;

export const UpdateBody = Type.Object(
  {
    changes: EditableFields,
    validFrom: Type.Optional(IsoDate),
    correction: Type.Optional(
      Type.Boolean({
        description:
          'true: the old values were wrong; the new values replace them over the same valid period (validFrom is then taken from what is corrected unless given)',
      }),
    ),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    sourceDocument: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type UpdateBody = Static<typeof UpdateBody>;

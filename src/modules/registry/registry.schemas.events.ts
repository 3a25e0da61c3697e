// Request shape of a life event (death, missing, marriage, divorce, name change, move, household head change,
// PIN re-establishment): one schema per type, `type` selecting which.
import { type Static, Type } from 'typebox';
import { AddressInput, IsoDate, PartialDate, Pin, ResidenceInput, Sex } from './registry.schemas.base.ts';

const EventBase = {
  date: IsoDate,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  sourceDocument: Type.Optional(Type.String({ maxLength: 100 })),
};
const EventVariants = [
  Type.Object({ type: Type.Literal('death'), ...EventBase }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('missing'), ...EventBase }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('marriage'),
      spousePin: Pin,
      spouseName: Type.Optional(
        Type.String({
          maxLength: 100,
          description:
            "the spouse's name as on the marriage certificate, recorded when the spouse lives outside your jurisdiction",
        }),
      ),
      ...EventBase,
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('divorce'), ...EventBase }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('name_change'), fullName: Type.String({ minLength: 1, maxLength: 100 }), ...EventBase },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('move'),
      residence: Type.Enum(['permanent', 'temporary', 'current']),
      to: ResidenceInput,
      ...EventBase,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('household_head_change'),
      newHeadPin: Pin,
      formerHeadRelation: Type.Optional(Type.String({ maxLength: 20 })),
      ...EventBase,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('pin_reestablishment'),
      cause: Type.Enum(['sex_reregistration', 'encoding_error']),
      sex: Type.Optional(Sex),
      dateOfBirth: Type.Optional(PartialDate),
      birthRegistrationPlace: Type.Optional(AddressInput),
      ...EventBase,
    },
    { additionalProperties: false },
  ),
] as const;
const EventUnion = Type.Union([...EventVariants]);
/** A life event; `type` selects the variant (a discriminated oneOf, so errors name the right variant's fields). */
export const EventBody = Type.Unsafe<Static<typeof EventUnion>>({
  type: 'object',
  required: ['type'],
  oneOf: [...EventVariants],
  discriminator: { propertyName: 'type' },
  description: 'a life event; `type` selects which',
});
export type EventBody = Static<typeof EventBody>;

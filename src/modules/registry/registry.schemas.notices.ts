// Shapes of the notices left for other jurisdictions (a spouse's marriage, a newborn's parent) and their decisions.
import { type Static, Type } from 'typebox';
import { NoticeKind, Nullable, Related } from './registry.schemas.base.ts';

const NoticePlan = Type.Object({
  validFrom: Type.String(),
  event: Type.String(),
  reason: Nullable(Type.String()),
  sourceDoc: Nullable(Type.String()),
  set: Type.Record(Type.String(), Type.Unknown(), { description: 'the fields the change sets' }),
  addChild: Type.Optional(Related),
});
export const NoticeView = Type.Object({
  id: Type.Integer(),
  kind: NoticeKind,
  status: Type.Enum(['pending', 'confirmed', 'rejected']),
  targetPin: Type.String({ description: 'the person the change is for (in your jurisdiction)' }),
  sourcePin: Type.String({ description: 'the person the event was recorded for' }),
  sourceEvent: Type.String(),
  plan: NoticePlan,
  createdBy: Type.String(),
  createdAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
export const NoticeList = Type.Object({ items: Type.Array(NoticeView), nextCursor: Nullable(Type.String()) });
export const NoticeQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['pending', 'confirmed', 'rejected'], { default: 'pending' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NoticeQuery = Static<typeof NoticeQuery>;
export const NoticeDecision = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const NoticeRejection = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'why the change is not applied' }) },
  { additionalProperties: false },
);

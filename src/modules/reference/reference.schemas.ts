// Request and response shapes of the reference routes; they drive validation, serialisation and OpenAPI.

import { Type } from 'typebox';
import { ErrorBodySchema } from '../../http/schemas.ts';
import { CODE_LISTS } from './reference.service.ts';

const tags = ['reference'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const ErrorRef = ErrorBodySchema;

const UnitCode = Type.String({
  pattern: '^(\\d{2}|\\d{3}|\\d{5})$',
  description: 'Province (2 digits), district (3) or commune (5) code',
});
const IsoDate = Type.String({ format: 'date', description: 'A day, YYYY-MM-DD' });
const Level = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
const Kind = Type.Union([Type.Literal('same'), Type.Literal('full'), Type.Literal('partial')], {
  description: '`same`: the same unit renamed or retyped; `full`: merged whole; `partial`: split, this is one part',
});

const unitProperties = {
  level: Level,
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  unitType: Type.String({ description: 'Tỉnh, Thành phố, Quận, Huyện, Thị xã, Phường, Xã, Thị trấn, Đặc khu' }),
  nameEn: Type.String(),
  parentCode: Nullable(Type.String()),
  provinceCode: Type.String(),
  validFrom: Type.String({ description: 'First day of this version' }),
  validTo: Nullable(Type.String({ description: 'First day it no longer holds; null while current' })),
};

export const AdminUnitSchema = Type.Object(unitProperties);

const UnitRef = Type.Object({ code: Type.String(), level: Level, name: Type.String(), fullName: Type.String() });
const UnitLink = Type.Object({
  code: Type.String(),
  level: Level,
  name: Nullable(Type.String()),
  fullName: Nullable(Type.String()),
  kind: Kind,
  effective: Type.String(),
});

export const UnitViewSchema = Type.Object({
  ...unitProperties,
  parent: Nullable(UnitRef),
  childrenCount: Type.Integer({ description: 'Units directly under this one on the same day' }),
  successors: Type.Array(UnitLink, { description: 'What the unit became when it ended' }),
  predecessors: Type.Array(UnitLink, { description: 'Units merged into it' }),
  current: Nullable(
    Type.Object({ kind: Kind, units: Type.Array(UnitRef) }, { description: "Today's unit(s), for an ended unit" }),
  ),
});

export const getUnitSchema = {
  tags,
  summary: 'An administrative unit as valid on a day, with parent, successors and predecessors',
  params: Type.Object({ code: UnitCode }),
  querystring: Type.Object({ on: Type.Optional(IsoDate) }),
  response: { 200: UnitViewSchema, 400: ErrorRef, 404: ErrorRef, 503: ErrorRef },
} as const;

export const listUnitsSchema = {
  tags,
  summary: 'Units valid on a day: the children of `parent`, or every unit of `level` (provinces by default)',
  querystring: Type.Object({
    parent: Type.Optional(UnitCode),
    level: Type.Optional(Level),
    on: Type.Optional(IsoDate),
  }),
  response: { 200: Type.Object({ items: Type.Array(AdminUnitSchema) }), 400: ErrorRef, 404: ErrorRef, 503: ErrorRef },
} as const;

const CodeItem = Type.Object({
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  alpha3: Type.Optional(Type.String()),
  numeric: Type.Optional(Type.String()),
});
const PinProvinceItem = Type.Object({
  pinCode: Type.String({ description: 'PIN digits 1–3' }),
  provinceCode: Type.String({ description: 'Province code before 1 July 2025' }),
  name: Type.String(),
  successorCode: Type.String({ description: 'Province that succeeded it' }),
});

export const codeListSchema = {
  tags,
  summary: 'A coded list: ethnicities, religions, nationalities (ISO 3166-1) or PIN province codes',
  params: Type.Object({ list: Type.Union(CODE_LISTS.map((l) => Type.Literal(l))) }),
  // PIN provinces first: a code item's required fields are a subset an untyped match could take.
  response: {
    200: Type.Object({ list: Type.String(), items: Type.Array(Type.Union([PinProvinceItem, CodeItem])) }),
    400: ErrorRef,
    503: ErrorRef,
  },
} as const;

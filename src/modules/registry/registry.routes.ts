// HTTP routes of the registry: thin handlers over RegistryService.
import { Type } from 'typebox';
import { contextOf, etagOf, ifMatchVersion } from '../../http/context.ts';
import { ErrorBodySchema } from '../../http/schemas.ts';
import type { HttpApp } from '../../http/types.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  BirthRegistrationBody,
  EventBody,
  HistoryView,
  NoticeDecision,
  NoticeList,
  NoticeQuery,
  NoticeRejection,
  NoticeView,
  PersonView,
  SearchQuery,
  SearchResult,
  UnitStats,
  UpdateBody,
} from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';

const PinParams = Type.Object({
  pin: Type.String({ description: 'personal identification number (a cancelled PIN resolves to the active one)' }),
});
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const writeErrors = {
  ...errors,
  409: ErrorBodySchema,
  412: ErrorBodySchema,
  422: ErrorBodySchema,
  428: ErrorBodySchema,
};

export function registerRegistryRoutes(api: HttpApp, deps: { registry: RegistryService; audit: AuditService }): void {
  const { registry, audit } = deps;

  api.get(
    '/persons/:pin/access-log',
    {
      schema: {
        tags: ['registry'],
        summary:
          "Who accessed this person's data, when and why (the citizen's right of access); no other person is revealed",
        params: PinParams,
        response: {
          200: Type.Object({
            pin: Type.String(),
            items: Type.Array(
              Type.Object({
                at: Type.String(),
                actor: Type.String(),
                roles: Type.Array(Type.String()),
                action: Type.String(),
                purpose: Type.Union([Type.String(), Type.Null()]),
                outcome: Type.String(),
              }),
            ),
          }),
          ...errors,
          403: ErrorBodySchema,
        },
      },
    },
    async (req) => registry.accessLog(contextOf(req), req.params.pin, (id) => audit.accessLog(id)),
  );

  api.get(
    '/persons/:pin',
    {
      schema: {
        tags: ['registry'],
        summary: 'Read a person, now or as of a valid date and as the registry knew it at a past moment',
        params: PinParams,
        querystring: Type.Object({
          asOf: Type.Optional(Type.String({ description: 'valid date YYYY-MM-DD (default today)' })),
          knownAt: Type.Optional(Type.String({ description: 'transaction time, ISO 8601 (default now)' })),
        }),
        response: { 200: PersonView, ...errors },
      },
    },
    async (req, reply) => {
      const view = await registry.getPerson(contextOf(req), req.params.pin, req.query);
      if (view.knownAt === null && view.asOf === registry.today()) void reply.header('etag', etagOf(view.version));
      return view;
    },
  );

  api.get(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary: 'Search persons by name (diacritics and case ignored), birth date or year, and unit',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errors },
      },
    },
    async (req) => registry.search(contextOf(req), req.query),
  );

  api.get(
    '/persons/:pin/history',
    {
      schema: {
        tags: ['registry'],
        summary: 'Every recorded change with its valid date, recording time, author and field-level differences',
        params: PinParams,
        response: { 200: HistoryView, ...errors },
      },
    },
    async (req) => registry.history(contextOf(req), req.params.pin),
  );

  api.post(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary: 'Register a birth: a new person with a new PIN, parents and household',
        body: BirthRegistrationBody,
        response: { 201: PersonView, ...writeErrors },
      },
    },
    async (req, reply) => {
      const view = await registry.registerBirth(contextOf(req), req.body);
      return reply
        .status(201)
        .header('etag', etagOf(view.version))
        .header('location', `/api/v1/persons/${view.pin}`)
        .send(view);
    },
  );

  api.patch(
    '/persons/:pin',
    {
      schema: {
        tags: ['registry'],
        summary: 'Change or correct fields; needs If-Match with the ETag last read (412 when stale)',
        params: PinParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: UpdateBody,
        response: { 200: PersonView, ...writeErrors },
      },
    },
    async (req, reply) => {
      const view = await registry.update(contextOf(req), req.params.pin, req.body, ifMatchVersion(req));
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  );

  api.post(
    '/persons/:pin/events',
    {
      schema: {
        tags: ['registry'],
        summary:
          'Record a life event (death, missing, marriage, divorce, name change, move, household head change, PIN re-establishment)',
        params: PinParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: EventBody,
        response: { 200: PersonView, ...writeErrors },
      },
    },
    async (req, reply) => {
      const view = await registry.recordEvent(contextOf(req), req.params.pin, req.body, ifMatchVersion(req));
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  );

  api.get(
    '/stats',
    {
      schema: {
        tags: ['registry'],
        summary: 'Persons by current province (34), alive, dead and missing',
        response: { 200: UnitStats },
      },
    },
    async (req) => registry.stats(contextOf(req)),
  );

  api.get(
    '/pins/:pin/check',
    {
      schema: {
        tags: ['registry'],
        summary: 'Explain a PIN: province, sex, century, birth year, and why it is invalid',
        params: Type.Object({ pin: Type.String({ maxLength: 40 }) }),
        response: {
          200: Type.Object({
            pin: Type.String(),
            valid: Type.Boolean(),
            reasons: Type.Array(Type.Object({ rule: Type.String(), message: Type.String() })),
            provinceCode: Type.Optional(Type.String()),
            province: Type.Optional(
              Type.Object({
                pinCode: Type.String(),
                provinceCode: Type.String(),
                name: Type.String(),
                successorCode: Type.String(),
              }),
            ),
            sex: Type.Optional(Type.String()),
            century: Type.Optional(Type.Integer()),
            birthYear: Type.Optional(Type.Integer()),
            serial: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (req) => registry.checkPin(req.params.pin),
  );

  registerNoticeRoutes(api, registry);
}

const NoticeParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'notice id' }) });

/** Notices: changes an event recorded elsewhere would make to a person of your jurisdiction (second parties). */
function registerNoticeRoutes(api: HttpApp, registry: RegistryService): void {
  api.get(
    '/notices',
    {
      schema: {
        tags: ['registry'],
        summary: 'Changes to persons of your jurisdiction left by events recorded elsewhere, to confirm or reject',
        querystring: NoticeQuery,
        response: { 200: NoticeList, ...errors },
      },
    },
    async (req) => registry.listNotices(contextOf(req), req.query),
  );

  api.get(
    '/notices/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'One notice: the person it is for, the event it came from and the planned change',
        params: NoticeParams,
        response: { 200: NoticeView, ...errors },
      },
    },
    async (req) => registry.getNotice(contextOf(req), req.params.id),
  );

  api.post(
    '/notices/:id/confirm',
    {
      schema: {
        tags: ['registry'],
        summary: "Confirm a notice: the change is written to the person's record, with history and audit",
        params: NoticeParams,
        body: Type.Union([NoticeDecision, Type.Null()]),
        response: { 200: NoticeView, ...writeErrors },
      },
    },
    async (req) => registry.confirmNotice(contextOf(req), req.params.id, req.body?.reason ?? null),
  );

  api.post(
    '/notices/:id/reject',
    {
      schema: {
        tags: ['registry'],
        summary: 'Reject a notice with a reason: the person stays unchanged',
        params: NoticeParams,
        body: NoticeRejection,
        response: { 200: NoticeView, ...writeErrors },
      },
    },
    async (req) => registry.rejectNotice(contextOf(req), req.params.id, req.body.reason),
  );
}

// The one table that maps domain error codes to HTTP statuses, and the error response shape.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors.ts';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  'REGISTRY.PERSON_NOT_FOUND': 404,
  'REGISTRY.PIN_NOT_FOUND': 404,
  'REGISTRY.NO_STATE_AT_DATE': 404,
  'REGISTRY.VERSION_MISMATCH': 412,
  'REGISTRY.PRECONDITION_REQUIRED': 428,
  'REGISTRY.CONFLICT': 409,
  'REGISTRY.INVALID_EVENT': 422,
  'REGISTRY.PIN_EXHAUSTED': 503,
  'REGISTRY.NOTICE_NOT_FOUND': 404,
  'REGISTRY.NOTICE_DECIDED': 409,
  'REGISTRY.NOTICE_STALE': 409,
  'REFERENCE.UNIT_NOT_FOUND': 404,
  'REFERENCE.NOT_LOADED': 503,
  'AUTH.FORBIDDEN': 403,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.TOTP_REQUIRED': 401,
  'AUTH.LOCKED': 423,
  'AUTH.DISABLED': 403,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.CSRF': 403,
  'AUTH.RATE_LIMITED': 429,
  'AUTH.TOKEN_EXPIRED': 401,
  'AUTH.SCOPE': 403,
  'ACCESS.USER_NOT_FOUND': 404,
  'ACCESS.USER_EXISTS': 409,
  'ACCESS.TOKEN_NOT_FOUND': 404,
  'CAMPAIGN.BALLOT_NOT_FOUND': 404,
  'CAMPAIGN.JOB_NOT_FOUND': 404,
  'CAMPAIGN.INVALID_TRANSITION': 409,
  'CAMPAIGN.BAD_FILE': 422,
  'CAMPAIGN.FILE_TOO_LARGE': 413,
  'CAMPAIGN.JOB_RUNNING': 409,
  'CAMPAIGN.FOUR_EYES': 403,
  'CAMPAIGN.MATCH_UNDECIDED': 409,
  'CAMPAIGN.CONFIRMATION_REQUIRED': 409,
  'DEDUP.PAIR_NOT_FOUND': 404,
  'DEDUP.MERGE_NOT_FOUND': 404,
  'DEDUP.ALREADY_DECIDED': 409,
  'DEDUP.CANNOT_UNMERGE': 409,
  'DEDUP.PAIR_REFERRED': 403,
  'AUDIT.KEY_MISSING': 503,
  'AUDIT.KEY_MISMATCH': 503,
  'AUDIT.KEY_INVALID': 503,
  'AUDIT.CHECKPOINT_INVALID': 422,
  'AUDIT.CHAIN_BROKEN': 409,
  'CARD.CA_EXISTS': 409,
  'CARD.KEYS_MISSING': 503,
  'CARD.STATUS_LIST_INVALID': 422,
  'CARD.NOT_FOUND': 404,
  'CARD.APPLICATION_NOT_FOUND': 404,
  'CARD.INVALID_TRANSITION': 409,
  'CARD.NOT_ELIGIBLE': 422,
  'CARD.BATCH_NOT_FOUND': 404,
  'CARD.NOTHING_TO_PRODUCE': 409,
  NOT_FOUND: 404,
};

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

function body(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}

function scalarValue(data: unknown): { value?: unknown } {
  return data !== null && typeof data === 'object' ? {} : { value: data };
}

/** Turns Fastify's schema-validation errors into the same violations list the services produce. */
function schemaViolations(err: FastifyError): Record<string, unknown> {
  const list = (err.validation ?? []).map((v) => {
    const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const field =
      [err.validationContext, path, missing].filter(Boolean).join('.') || String(err.validationContext ?? '');
    return {
      field,
      rule: `schema.${v.keyword}`,
      message: v.message ?? 'invalid',
      // A whole object (the body, for required/additionalProperties) may hold secrets such as a password: echo
      // only scalar values.
      ...scalarValue((v as { data?: unknown }).data),
    };
  });
  return { violations: list };
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    void reply.status(status).send(body(err.code, err.message, err.details));
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    void reply.status(400).send(body('VALIDATION', fe.message, schemaViolations(fe)));
    return;
  }
  if (
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err instanceof SyntaxError
  ) {
    void reply.status(400).send(body('BAD_REQUEST', `malformed JSON body: ${err.message}`, { rule: 'json.syntax' }));
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(body(fe.code ?? 'BAD_REQUEST', fe.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(body('INTERNAL', 'internal error'));
}

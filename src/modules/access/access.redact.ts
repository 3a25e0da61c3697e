// Schema errors of bodies that hold secrets. The shared error mapping echoes the offending value, which for a
// missing property is the whole body, password included; these routes validate with attachValidation and
// report violations without values that could carry a secret.
import type { FastifyRequest } from 'fastify';
import { ValidationError, type Violation } from '../../domain/errors.ts';

const SECRET_FIELDS = /(^|\.)(password|currentPassword|totp|code)$/;

interface AjvLikeError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
  data?: unknown;
}

export function throwRedactedSchemaError(req: FastifyRequest): void {
  const err = req.validationError as (Error & { validation?: AjvLikeError[]; validationContext?: string }) | undefined;
  if (!err) return;
  const violations: Violation[] = (err.validation ?? []).map((e) => {
    const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = e.params?.missingProperty ?? e.params?.additionalProperty;
    const field = [err.validationContext, path, extra].filter(Boolean).join('.');
    const v: Violation = { field, rule: `schema.${e.keyword}`, message: e.message ?? 'invalid' };
    const scalar = e.data === null || typeof e.data !== 'object';
    if (scalar && e.data !== undefined && !SECRET_FIELDS.test(field)) v.value = e.data;
    return v;
  });
  throw new ValidationError(
    violations.length > 0
      ? violations
      : [{ field: err.validationContext ?? 'body', rule: 'schema', message: 'invalid request' }],
  );
}

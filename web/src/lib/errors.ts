// Turns an API error into text an officer can act on, in the current language: a known code or rule gets its
// translated text; anything else falls back to the server's own message.
import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR, type Violation } from '../api/client.ts';
import { lookup } from '../i18n/lookup.ts';

/** The field a violation names, without the request part prefix ("body.username" → "username"). */
export function violationField(v: Violation): string {
  return v.field.replace(/^(body|querystring|params|headers)\.?/, '');
}

export function describeViolation(t: TFunction, v: Violation): string {
  const field = violationField(v);
  const fieldLabel = lookup(t, `violationFields.${field}`) ?? lookup(t, `fields.${field}`) ?? field;
  const rule = lookup(t, `rules.${v.rule}`) ?? v.message;
  return field ? t('errors.violation', { field: fieldLabel, rule }) : rule;
}

export function describeError(t: TFunction, error: unknown): { title: string; lines: string[] } {
  if (!(error instanceof ApiError)) {
    return {
      title: t('errors.unknown', { message: error instanceof Error ? error.message : String(error) }),
      lines: [],
    };
  }
  if (error.code === NETWORK_ERROR) return { title: t('errors.network'), lines: [] };
  const lines = error.violations.map((v) => describeViolation(t, v));
  const known = lookup(t, `errors.${error.code}`);
  if (known) return { title: known, lines };
  if (error.status >= 500) return { title: t('errors.server'), lines };
  return { title: error.message || t('errors.unknown', { message: error.code }), lines };
}

/** One line, for messages and form alerts. */
export function errorText(t: TFunction, error: unknown): string {
  const { title, lines } = describeError(t, error);
  return lines.length ? `${title}: ${lines.join('; ')}` : title;
}

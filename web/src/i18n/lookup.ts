// Looks up a label for a code that comes from the server (event, action, error code, rule). Codes are data,
// so they cannot be typed keys; an unknown code returns undefined and the caller shows the raw value.
import type { TFunction } from 'i18next';

type LooseT = (key: string, options?: Record<string, unknown>) => unknown;

export function lookup(t: TFunction, key: string, options: Record<string, unknown> = {}): string | undefined {
  const value = (t as unknown as LooseT)(key, { ...options, returnObjects: true, defaultValue: '' });
  // A dotted code can name a group (e.g. "AUTH") rather than a text: only strings are labels.
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The label of `code` in `group`, or the code itself. */
export function labelOf(t: TFunction, group: string, code: string): string {
  return lookup(t, `${group}.${code}`) ?? code;
}

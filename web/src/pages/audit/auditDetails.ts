// A readable summary of an audit entry's details (JSON that depends on the action): the date a record was read
// as of, the search criteria and result count, the reason of a refusal or a failed sign-in.
import type { TFunction } from 'i18next';
import { lookup } from '../../i18n/lookup.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';

export function auditDetails(t: TFunction, details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const d = details as Record<string, unknown>;
  const parts: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : undefined);
  if (str('asOf')) parts.push(t('audit.detail.asOf', { date: formatDate(str('asOf')) }));
  if (str('knownAt')) parts.push(t('audit.detail.knownAt', { time: formatDateTime(str('knownAt')) }));
  if (str('name')) parts.push(t('audit.detail.name', { value: str('name') }));
  if (str('dob')) parts.push(t('audit.detail.dob', { value: formatDate(str('dob')) }));
  if (str('year')) parts.push(t('audit.detail.year', { value: str('year') }));
  if (str('unit')) parts.push(t('audit.detail.unit', { value: str('unit') }));
  if (str('account')) parts.push(t('audit.detail.account', { value: str('account') }));
  if (typeof d.results === 'number') parts.push(t('audit.detail.results', { count: d.results }));
  const reason = str('reason');
  // A failed sign-in records the error code as its reason.
  if (reason) parts.push(reasonText(t, reason));
  return parts.join(' · ');
}

function reasonText(t: TFunction, reason: string): string {
  // "no person.read permission": the permission name is dotted, so it is looked up on its own.
  const m = /^no (\S+) permission$/.exec(reason);
  const what = m ? lookup(t, `audit.permissions.${m[1]}`) : undefined;
  if (what) return t('audit.noPermission', { what });
  return lookup(t, `audit.reasons.${reason}`) ?? lookup(t, `errors.${reason}`) ?? reason;
}

// How pairs look: colours by status, probability band and field agreement, and the text keys of the server's
// comparison and level names (their dots would read as nesting to i18next).
import type { TFunction } from 'i18next';
import { lookup } from '../../i18n/lookup.ts';

export const BANDS = ['0.5-0.8', '0.8-0.9', '0.9-0.95', '0.95-0.99', '0.99-1'] as const;

export const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  same: 'green',
  different: 'default',
  merged: 'purple',
  closed: 'default',
};

export function probabilityColor(p: number): string {
  return p >= 0.99 ? 'red' : p >= 0.95 ? 'volcano' : p >= 0.9 ? 'orange' : p >= 0.8 ? 'gold' : 'default';
}

/** Background of a compared row: green agrees, gold is close, red differs, nothing when a value is missing. */
export const AGREEMENT_BACKGROUND: Record<string, string | undefined> = {
  agree: '#f6ffed',
  partial: '#fffbe6',
  disagree: '#fff1f0',
  unknown: undefined,
};

export const AGREEMENT_TAG: Record<string, string> = {
  agree: 'success',
  partial: 'warning',
  disagree: 'error',
  unknown: 'default',
};

const key = (s: string) => s.replace(/\./g, '_');

export function comparisonLabel(t: TFunction, name: string): string {
  return lookup(t, `dedup.pair.comparisons.${key(name)}`) ?? name;
}

export function levelLabel(t: TFunction, level: string): string {
  return lookup(t, `dedup.pair.levels.${key(level)}`) ?? level;
}

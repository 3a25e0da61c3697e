// How a score is shown: a percentage in the reader's language and a colour band shared by the chart, the table
// and the summary, so that red means the same everywhere on the page.
import type { UnitScore } from '../../api/quality.ts';

export const COLUMNS = ['correct', 'complete', 'clean', 'alive', 'overall'] as const;
export type Column = (typeof COLUMNS)[number];

/** Bands from the top: at least `min` percent takes `color`. */
export const BANDS = [
  { min: 95, color: '#389e0d' },
  { min: 90, color: '#7cb305' },
  { min: 80, color: '#d4b106' },
  { min: 60, color: '#d46b08' },
  { min: 0, color: '#cf1322' },
] as const;

export const NOT_RUN_COLOR = '#bfbfbf';

export function colorOf(share: number): string {
  const pct = share * 100;
  return (BANDS.find((b) => pct >= b.min) ?? BANDS[BANDS.length - 1]!).color;
}

export function formatShare(share: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'vi', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}

export function formatNumber(n: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'vi', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

export function scoreOf(u: UnitScore, c: Column): number | null {
  return u[c];
}

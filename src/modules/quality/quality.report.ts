// Turns stored tallies into the scores people read: shares of 0..1 for the four principles and their mean, with
// the details behind each, and "not available" (null, with the reason) where a principle cannot be measured.
import type { SnapshotUnitRow } from './quality.repository.ts';
import type { QualityLevel } from './quality.table.ts';

export const PRINCIPLES = ['correct', 'complete', 'clean', 'alive'] as const;
export type Principle = (typeof PRINCIPLES)[number];

export interface Availability {
  available: boolean;
  /** Stable code of why not: dedup.not_run, cards.no_module. */
  reason: string | null;
  message: string | null;
}

export interface UnitScore {
  level: QualityLevel;
  code: string;
  /** Vietnamese name of the unit (Toàn quốc for the nation). */
  name: string;
  provinceCode: string | null;
  persons: number;
  /** Share of persons passing every validation rule; null without persons. */
  correct: number | null;
  /** Average weighted share of the required and recommended fields filled. */
  complete: number | null;
  /** Share of persons not in an open duplicate pair; null when deduplication has not run. */
  clean: number | null;
  /** Share of persons confirmed within five years. */
  alive: number | null;
  /** Mean of the available principles. */
  overall: number | null;
  details: {
    passing: number;
    violations: { rule: string; persons: number }[];
    missing: { field: string; persons: number }[];
    /** Open pairs touching the unit; null when deduplication has not run. */
    openPairs: number | null;
    suspects: number | null;
    pairsPer1000: number | null;
    confirmed: number;
    over110: number;
    /** Deaths not yet recorded against active identity cards: null, there is no card register yet. */
    deathsAgainstActiveCards: null;
  };
}

export const CARDS_UNAVAILABLE: Availability = {
  available: false,
  reason: 'cards.no_module',
  message:
    'deaths not yet recorded against active identity cards cannot be counted: the registry holds no identity cards yet',
};

export function cleanAvailability(dedupFinishedAt: string | null): Availability {
  return dedupFinishedAt
    ? { available: true, reason: null, message: null }
    : {
        available: false,
        reason: 'dedup.not_run',
        message: 'deduplication has never run: open duplicate pairs are unknown, so there is no clean score',
      };
}

function sorted<K extends string>(json: string, key: K): ({ [P in K]: string } & { persons: number })[] {
  const counts = JSON.parse(json) as Record<string, number>;
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([k, persons]) => ({ [key]: k, persons }) as { [P in K]: string } & { persons: number });
}

export function emptyRow(level: QualityLevel, code: string, provinceCode: string | null): SnapshotUnitRow {
  return {
    snapshot_id: 0,
    level,
    code,
    province_code: provinceCode,
    persons: 0,
    correct: 0,
    complete_sum: 0,
    confirmed: 0,
    over_110: 0,
    open_pairs: 0,
    suspects: 0,
    violations: '{}',
    missing: '{}',
  };
}

export function unitScore(row: SnapshotUnitRow, name: string, dedupRan: boolean): UnitScore {
  const n = row.persons;
  const share = (x: number) => (n > 0 ? x / n : null);
  const correct = share(row.correct);
  const complete = share(row.complete_sum);
  const clean = dedupRan && n > 0 ? Math.max(0, 1 - row.suspects / n) : null;
  const alive = share(row.confirmed);
  const parts = [correct, complete, clean, alive].filter((x): x is number => x !== null);
  return {
    level: row.level,
    code: row.code,
    name,
    provinceCode: row.province_code,
    persons: n,
    correct,
    complete,
    clean,
    alive,
    overall: parts.length > 0 ? parts.reduce((a, b) => a + b, 0) / parts.length : null,
    details: {
      passing: row.correct,
      violations: sorted(row.violations, 'rule'),
      missing: sorted(row.missing, 'field'),
      openPairs: dedupRan ? row.open_pairs : null,
      suspects: dedupRan ? row.suspects : null,
      pairsPer1000: dedupRan && n > 0 ? (1000 * row.open_pairs) / n : null,
      confirmed: row.confirmed,
      over110: row.over_110,
      deathsAgainstActiveCards: null,
    },
  };
}

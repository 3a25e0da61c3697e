// Per-field evidence of a scored pair, as stored with the pair and shown side by side: each comparison's level,
// its weight in bits (term-frequency adjustment included) and how it reads to an officer.
import type { LevelExplanation } from '../linkage/engine/score.ts';

export type Agreement = 'agree' | 'partial' | 'disagree' | 'unknown';

export interface EvidenceItem {
  comparison: string;
  level: string;
  /** Bits: positive for, negative against the same person. */
  weight: number;
  agreement: Agreement;
}

/** Exact levels agree, "else" disagrees, "null" (a value missing) says nothing, every fuzzy level is partial. */
export function agreementOf(level: string): Agreement {
  if (level === 'null') return 'unknown';
  if (level === 'exact' || level === 'exact_folded') return 'agree';
  if (level === 'else') return 'disagree';
  return 'partial';
}

export function evidenceOf(levels: readonly LevelExplanation[]): EvidenceItem[] {
  return levels.map((e) => ({
    comparison: e.comparison,
    level: e.level,
    weight: Math.round(e.weight * 100) / 100,
    agreement: agreementOf(e.level),
  }));
}

export function parseEvidence(json: string): EvidenceItem[] {
  const raw = JSON.parse(json) as Partial<EvidenceItem>[];
  return raw.map((e) => ({
    comparison: String(e.comparison),
    level: String(e.level),
    weight: Number(e.weight),
    agreement: agreementOf(String(e.level)),
  }));
}

// The registry's linkage configuration: which person fields are compared and how, the blocking rules that make
// candidate pairs (also the keys the incremental check looks up), the EM training sessions and the prior.
//
// Choices, each measured on generated registries (docs/dedup.md has the figures):
// - The full name is split family + middle + given and compared part by part; the given name carries the evidence,
//   the family name almost none (Nguyễn is 38%). No rule blocks on the family name alone.
// - The PIN is compared (a one-digit slip in a PIN is a real duplicate pattern), but two records of the registry
//   never share one, so it is no blocking key; an incoming ballot whose PIN is in the registry is matched directly
//   instead (DedupService.checkBallot).
// - Old ID number and phone are person-level identifiers: compared, blocked on, and the EM sessions that learn m.
// - One place only: the commune of residence (without term frequencies: a commune's size says little here).
// - Left out: the household code and address (household members share them, on top of the commune, so twins and
//   namesake siblings scored as one person), and the parents' names (siblings share them: compared `within` the
//   given name they still made twins look alike; docs/linkage.md gives the same advice).
// - Training: sessions blocked on a shared old ID, a shared phone, and an identical full name with date of birth.
//   Pairs sharing an identifier are nearly all the same person, so EM learns m from clean examples; a session
//   blocked on the date of birth alone fills with twins and siblings of one household, and EM then learns that a
//   different given name is common among matches (precision fell from 98.2% to 95.6% with it).
import type { LinkConfig } from '../linkage/engine/config.ts';

/** Columns of the feature table built from the person table (one row per person, ballot or candidate state). */
export const FEATURE_COLUMNS = ['id', 'name', 'dob', 'sex', 'pin', 'old_id', 'phone', 'commune'] as const;
export type FeatureColumn = (typeof FEATURE_COLUMNS)[number];

/** One person (or ballot) as the linkage engine reads it: raw strings, '' for unknown; the engine standardises. */
export type Features = Record<Exclude<FeatureColumn, 'id'>, string>;

export const REGISTRY_LINK_CONFIG: LinkConfig = {
  idColumn: 'id',
  fields: [
    { name: 'name', type: 'fullname', order: 'family-first' },
    { name: 'dob', type: 'date' },
    { name: 'sex', type: 'sex' },
    { name: 'pin', type: 'id' },
    { name: 'old_id', type: 'id' },
    { name: 'phone', type: 'phone' },
    { name: 'commune', type: 'category', tf: false },
  ],
  // About 0.35 candidate pairs per person on a generated million, with 99.2% of the true pairs among them (the
  // rest have a different date of birth and a misspelt name at once).
  blocking: [
    ['old_id'],
    ['phone'],
    ['name.given', 'dob'],
    ['name.given', 'dob:year', 'commune'],
    ['dob', 'commune'],
    ['name.given', 'name.middle', 'commune'],
  ],
  training: [['old_id'], ['phone'], ['name.family', 'name.middle', 'name.given', 'dob']],
  prior: { rules: [['name.family', 'name.middle', 'name.given', 'dob']], recall: 0.6 },
  threshold: 0.9,
  mergeThreshold: 0.99,
  maxBlockSize: 1000,
  // Per rule at most two pairs per person: beyond it a rule's largest blocks (common name with common date) are
  // skipped, which the other rules cover.
  maxPairsPerRecord: 2,
  dateOrder: 'dmy',
};

/** Default review threshold: pairs at or above it enter the review queue. */
export const DEFAULT_REVIEW_THRESHOLD = 0.5;

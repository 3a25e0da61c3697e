// What "complete" (đủ) and "alive" (sống) mean for one person, as data: the fields a record should hold, by
// level and age, with their weights and the reason each is asked for (cited from the domain notes, §1.2 of
// Law 26/2023 Art 9 unless said otherwise), and the windows used for confirmation and implausible ages.
// "Correct" (đúng) has no rules here on purpose: it re-runs the registry's own validation (person.validation.ts).
import { addYears, ageOn, isFullDate, isPartialDate, lastDay } from '../../domain/dates.ts';
import type { PersonState } from '../registry/person.model.ts';

export type FieldLevel = 'required' | 'recommended';

/** A required field counts twice as much as a recommended one in a person's completeness. */
export const LEVEL_WEIGHT: Record<FieldLevel, number> = { required: 2, recommended: 1 };

export interface CompletenessRule {
  /** A PersonState field, or `residence` for "a place of residence of any kind". */
  field: string;
  level: FieldLevel;
  /** Whom the field is asked of; everyone when absent. `age` is null when the date of birth is unusable. */
  appliesTo?: (s: PersonState, age: number | null) => boolean;
  /** 1 when filled, 0 when missing, a fraction when only partly filled. */
  filled: (s: PersonState) => number;
  /** Why the field is asked for. */
  basis: string;
}

const present = (x: unknown) => (x === null || x === undefined || x === '' ? 0 : 1);
const text = (x: string) => (x.trim() === '' ? 0 : 1);

/** Age of majority (Civil Code): parents are asked for minors. */
export const MINOR_BELOW = 18;
/** The age from which a citizen must hold an identity card (Law 26/2023 Art 19; domain §4.3). */
export const CARD_AGE = 14;

export const COMPLETENESS_RULES: readonly CompletenessRule[] = [
  // Required: the items marked Y in domain §1.2 (present once a person has a PIN; Decree 137/2015 Art 14).
  { field: 'fullName', level: 'required', filled: (s) => text(s.fullName), basis: 'Art 9 item 1 (Y)' },
  { field: 'pin', level: 'required', filled: (s) => text(s.pin), basis: 'Art 9 item 3 (Y)' },
  {
    field: 'dateOfBirth',
    level: 'required',
    // A year or month alone is allowed for legacy records, but a card's expiry is the holder's 14th, 25th, 40th
    // or 60th birthday (domain §4.3), which needs the day: a partial date is half filled.
    filled: (s) => (s.dateOfBirth === '' ? 0 : isFullDate(s.dateOfBirth) ? 1 : 0.5),
    basis: 'Art 9 item 4 (Y); the day is needed for card expiry (§4.3)',
  },
  {
    field: 'sex',
    level: 'required',
    filled: (s) => (s.sex === 'M' || s.sex === 'F' ? 1 : 0),
    basis: 'Art 9 item 5 (Y)',
  },
  {
    field: 'birthRegistrationPlace',
    level: 'required',
    filled: (s) => present(s.birthRegistrationPlace),
    basis: 'Art 9 item 7 (Y); printed on the 2024 card and encoded in the PIN (§3, §4.2)',
  },
  { field: 'hometown', level: 'required', filled: (s) => present(s.hometown), basis: 'Art 9 item 8 (Y)' },
  { field: 'ethnicity', level: 'required', filled: (s) => text(s.ethnicity), basis: 'Art 9 item 9 (Y)' },
  {
    field: 'nationalities',
    level: 'required',
    filled: (s) => (s.nationalities.length > 0 ? 1 : 0),
    basis: 'Art 9 item 11 (Y)',
  },
  { field: 'maritalStatus', level: 'required', filled: (s) => text(s.maritalStatus), basis: 'Art 9 item 21 (Y)' },
  {
    field: 'residence',
    level: 'required',
    // Items 16–18 are each conditional, but everyone has a place of residence: permanent, else temporary, else
    // the current place (Residence Law; the card prints it as "Nơi cư trú", §4.2, §5).
    filled: (s) => present(s.permanentResidence ?? s.temporaryResidence ?? s.currentResidence),
    basis: 'Art 9 items 16–18 (at least one); Residence Law 2020',
  },
  // Recommended: optional or conditional items that the procedures of a person's age and situation rely on.
  {
    field: 'placeOfBirth',
    level: 'recommended',
    filled: (s) => present(s.placeOfBirth),
    basis: 'Art 9 item 6 (O, new in 2023); held on the card chip (§4.6)',
  },
  {
    field: 'father',
    level: 'recommended',
    appliesTo: (_s, age) => age !== null && age < MINOR_BELOW,
    filled: (s) => present(s.father),
    basis:
      "Art 9 item 15 (C): a minor's parents are their legal representatives; they apply for a child's card and consent for the child (§4.3, §8)",
  },
  {
    field: 'mother',
    level: 'recommended',
    appliesTo: (_s, age) => age !== null && age < MINOR_BELOW,
    filled: (s) => present(s.mother),
    basis: 'Art 9 item 15 (C): as for the father',
  },
  {
    field: 'spouse',
    level: 'recommended',
    appliesTo: (s) => s.maritalStatus === 'married',
    filled: (s) => present(s.spouse),
    basis: 'Art 9 item 15 (C): a married person names the spouse',
  },
  {
    field: 'household',
    level: 'recommended',
    appliesTo: (s) => s.permanentResidence !== null,
    filled: (s) => present(s.household),
    basis: 'Art 9 items 22–23 (C): permanent residents belong to a household with a relationship to its head (§5)',
  },
  {
    field: 'phone',
    level: 'recommended',
    appliesTo: (_s, age) => age !== null && age >= CARD_AGE,
    filled: (s) => present(s.phone),
    basis:
      'Art 9 item 25 (O): card-age citizens hold an electronic identity account and are reached for card and residence procedures (§4.7)',
  },
];

/** Completed years on `today`, or null when the date of birth cannot be read. */
export function ageOf(s: PersonState, today: string): number | null {
  return isPartialDate(s.dateOfBirth) ? ageOn(s.dateOfBirth, today) : null;
}

export interface Completeness {
  /** Weighted share of the applicable fields that are filled, 0..1. */
  share: number;
  /** Applicable fields not (fully) filled. */
  missing: string[];
}

export function completenessOf(s: PersonState, age: number | null): Completeness {
  let earned = 0;
  let possible = 0;
  const missing: string[] = [];
  for (const r of COMPLETENESS_RULES) {
    if (r.appliesTo && !r.appliesTo(s, age)) continue;
    const w = LEVEL_WEIGHT[r.level];
    const f = r.filled(s);
    earned += w * f;
    possible += w;
    if (f < 1) missing.push(r.field);
  }
  return { share: possible === 0 ? 1 : earned / possible, missing };
}

/** A record is confirmed when something about it was recorded, or held from, within this many years. */
export const CONFIRMATION_YEARS = 5;

/** The first day that still counts as "within five years" of `today`. */
export function confirmationCutoff(today: string): string {
  return addYears(today, -CONFIRMATION_YEARS);
}

/**
 * Confirmed: the person's latest change was recorded (transaction time) or holds from (valid time) on or after
 * the cutoff. Dates compare as text (ISO 8601); a timestamp is cut to its day.
 */
export function isConfirmed(lastRecordedAt: string | null, lastValidFrom: string | null, cutoff: string): boolean {
  const recorded = lastRecordedAt?.slice(0, 10) ?? '';
  const valid = lastValidFrom ?? '';
  return recorded >= cutoff || valid >= cutoff;
}

/** Living persons older than this are reported: their deaths have most likely not been recorded. */
export const IMPLAUSIBLE_AGE = 110;

/** True when the person is certainly older than 110: a partial date of birth counts from its latest day. */
export function isImplausiblyOld(s: PersonState, today: string): boolean {
  if (!isPartialDate(s.dateOfBirth)) return false;
  return ageOn(lastDay(s.dateOfBirth), today) > IMPLAUSIBLE_AGE;
}

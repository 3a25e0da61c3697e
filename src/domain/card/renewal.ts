// When a card expires and when the next one is due (Law on Identification 26/2023 Art 19–21; domain.md §4.3).
// Cards are renewed at 14, 25, 40 and 60; a card issued within the two years before one of those ages stays valid
// to the next one, so a card issued at 58 or later is valid for life. The expiry is the birthday on which the
// holder reaches the renewal age (the real card of §4.4: born 05/01/1993, expires 05/01/2033, the 40th birthday).
// The 2014 law (Law 59/2014, cards of generation 2021) set the same ages from 14 and the same two-year rule, with no
// age after 60, so one rule serves both generations.
//
// Days on which an age is reached:
// - 29 February birthdays: in a common year the age is reached on 1 March. domain.md is silent; the Civil Code
//   (91/2015/QH13 Art 148) ends a period whose corresponding day does not exist in its last month on that month's
//   last day, so the years are completed when 28 February is over, i.e. on 1 March. (src/domain/dates.ts addYears
//   uses 28 February for the registry's own anniversaries; card renewal follows the civil-law reading instead.)
// - Legacy partial birth dates (YYYY or YYYY-MM) count from their first possible day (1 January, or the 1st of the
//   month), as ageOn in dates.ts does: the card then never outlives the true renewal birthday.
// - "Within two years before age R" is taken to start on the (R−2)th birthday itself: the law's "từ đủ 58 tuổi"
//   reading for lifelong cards (issued at/after 58) applied to every age, so a card issued on the 23rd birthday
//   lasts to 40 and one issued the day before expires at 25.

import { ValidationError } from '../errors.ts';
import { requireDate } from './card.dates.ts';

export const RENEWAL_AGES = [14, 25, 40, 60] as const;
export type RenewalAge = (typeof RENEWAL_AGES)[number];
export type DueCause = 'first' | 'age_14' | 'age_25' | 'age_40' | 'age_60';

/** The age that makes a card compulsory (Law 26/2023 Art 19: citizens from 14; younger ones on request). */
const MANDATORY_AGE = 14;
/** A card issued this many years before a renewal age is valid to the next one. */
const GRACE_YEARS = 2;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function parts(date: string, field: string, fullOnly: boolean): [number, number, number] {
  requireDate(date, field, !fullOnly);
  return [
    Number(date.slice(0, 4)),
    date.length > 4 ? Number(date.slice(5, 7)) : 1,
    date.length > 7 ? Number(date.slice(8, 10)) : 1,
  ];
}

/** The day on which someone born on `dateOfBirth` reaches `age` (YYYY-MM-DD; see the header for 29 February). */
export function birthdayAt(dateOfBirth: string, age: number): string {
  const [y, m, d] = parts(dateOfBirth, 'dateOfBirth', false);
  const year = y + age;
  if (m === 2 && d === 29 && !isLeap(year)) return `${pad(year, 4)}-03-01`;
  return `${pad(year, 4)}-${pad(m)}-${pad(d)}`;
}

function checkOrder(dateOfBirth: string, day: string, field: string): void {
  parts(day, field, true);
  if (day < birthdayAt(dateOfBirth, 0)) {
    throw new ValidationError([{ field, rule: 'date.order', message: 'is before the date of birth', value: day }]);
  }
}

/** Expiry of a card issued on `issuedOn`: the next renewal birthday outside the two-year grace, or null (life). */
export function expiryFor(dateOfBirth: string, issuedOn: string): string | null {
  checkOrder(dateOfBirth, issuedOn, 'issuedOn');
  for (const age of RENEWAL_AGES) {
    if (issuedOn < birthdayAt(dateOfBirth, age - GRACE_YEARS)) return birthdayAt(dateOfBirth, age);
  }
  return null;
}

/** Citizens must hold a card from their 14th birthday. */
export function mustHaveCard(dateOfBirth: string, today: string): boolean {
  parts(today, 'today', true);
  return today >= birthdayAt(dateOfBirth, MANDATORY_AGE);
}

/**
 * The next card the person must apply for. No card: the first one, due on the 14th birthday (past for an adult
 * who never had one, so the overdue sort first). A dated card: due on its expiry, the cause being the renewal age
 * reached that day. A lifelong card: nothing. `today` only rules out people not yet born (nothing due).
 */
export function dueFor(
  dateOfBirth: string,
  current: { issuedOn: string; expiresOn: string | null } | null,
  today: string,
): { dueOn: string; cause: DueCause } | null {
  parts(today, 'today', true);
  if (today < birthdayAt(dateOfBirth, 0)) return null;
  if (current === null) return { dueOn: birthdayAt(dateOfBirth, MANDATORY_AGE), cause: 'first' };
  if (current.expiresOn === null) return null;
  parts(current.expiresOn, 'expiresOn', true);
  // A stored expiry is normally a renewal birthday; an older or corrected record may not be, and then the cause
  // is the first renewal age not yet reached on that day.
  const age = RENEWAL_AGES.find((a) => birthdayAt(dateOfBirth, a) >= current.expiresOn!) ?? 60;
  return { dueOn: current.expiresOn, cause: `age_${age}` };
}

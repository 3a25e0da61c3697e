// Date checks shared by the card encoders: every printed or encoded date must be a real calendar day (or, for a
// legacy date of birth, a real year or month), since a wrong one would be written into MRZ, QR and chip alike.

import { isPartialDate, isValidIsoDate } from '../dates.ts';
import { ValidationError } from '../errors.ts';

/** Throws a `date.format` violation naming `field` unless `date` is YYYY-MM-DD (or, when `partial`, YYYY / YYYY-MM). */
export function requireDate(date: string, field: string, partial: boolean): void {
  if (partial ? isPartialDate(date) : isValidIsoDate(date)) return;
  const expected = partial ? 'a calendar date YYYY-MM-DD, YYYY-MM or YYYY' : 'a calendar date YYYY-MM-DD';
  throw new ValidationError([{ field, rule: 'date.format', message: `expected ${expected}`, value: date }]);
}

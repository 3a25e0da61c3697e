// Validation of one collected ballot by the four principles. `validateBallot` runs the rules a row can be judged
// by on its own (formats, code lists, PIN structure, units on their date, required fields by form, age and status,
// jurisdiction); the rules that need other rows or the registry (parent age, duplicates, persons dead or missing,
// DC02 against the registry) run in campaign.validation.cross.ts over a whole batch with lookups made once per
// batch. The DC01 rules are the registry's own (ballotToState, validatePersonState), reported under DC01 keys.
import type { FormCode } from '../../intake/index.ts';
import type { RowCheck, ValidationContext } from './campaign.validation.common.ts';
import { validateDc01Row } from './campaign.validation.dc01.ts';
import { validateDc02Row } from './campaign.validation.dc02.ts';

/** The row-local rules of a DC01 or DC02 ballot; values are the form's keys (strings as collected). */
export function validateBallot(form: FormCode, values: Record<string, string>, ctx: ValidationContext): RowCheck {
  return form === 'DC02' ? validateDc02Row(values, ctx) : validateDc01Row(values, ctx);
}

export type { BallotFacts, RowCheck, ValidationContext } from './campaign.validation.common.ts';
export { ballotData, ballotRef, uniqueIssues } from './campaign.validation.common.ts';

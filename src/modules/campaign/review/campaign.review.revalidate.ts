// A returned ballot, once corrected, is checked again by the intake's own row rules (validateBallot) before it
// re-enters the workflow: errors refuse the correction, warnings are stored on the ballot for the reviewer.
import type { RequestContext } from '../../../domain/context.ts';
import type { FormCode } from '../../intake/index.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import { validateBallot } from '../intake/campaign.validation.ts';
import type { BallotRevalidation, BallotRevalidator } from './campaign.review.service.ts';

export function intakeRevalidator(reference: ReferenceService, today: () => string): BallotRevalidator {
  return async (form: string, values: Record<string, string>, ctx: RequestContext): Promise<BallotRevalidation> => {
    const check = validateBallot(form as FormCode, values, {
      catalog: await reference.catalog(),
      today: today(),
      jurisdiction: ctx.actor.jurisdiction,
    });
    const errors = check.issues.filter((i) => i.severity === 'error');
    return {
      errors: errors.map((i) => ({ field: i.field, rule: i.rule, message: i.message, value: i.value ?? undefined })),
      issues: check.issues.filter((i) => i.severity !== 'error'),
      pin: check.facts.pin,
      fullName: check.facts.fullName,
      nameFolded: check.facts.nameFolded,
      dob: check.facts.dob,
    };
  };
}

// A change of some fields of one person (PATCH /persons/{pin}): the ETag precondition, the dates' checks, the
// planned changes (a correction replaces wrong values over the period they covered; a plain update holds from
// `validFrom`, default today), and the write with its audit entry in one transaction. The caller has resolved the
// person through the registry's door (RegistryService.personFor).
import type { RequestContext } from '../../domain/context.ts';
import { firstDay } from '../../domain/dates.ts';
import { DomainError, Violations } from '../../domain/errors.ts';
import { parseState } from './person.model.ts';
import { versionMismatch, type WrittenPerson, writePersons } from './person.writer.ts';
import { editableToState } from './registry.inputs.ts';
import { listChanges, type PersonRow } from './registry.repository.ts';
import type { UpdateBody } from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';
import { planSpecs } from './registry.views.ts';

export async function updatePerson(
  svc: RegistryService,
  ctx: RequestContext,
  person: PersonRow,
  body: UpdateBody,
  ifMatch: number | undefined,
): Promise<WrittenPerson> {
  if (ifMatch === undefined) {
    throw new DomainError('REGISTRY.PRECONDITION_REQUIRED', 'send If-Match with the ETag of the person as last read', {
      pin: person.pin,
    });
  }
  if (ifMatch !== person.version) throw versionMismatch(person.pin, ifMatch, person.version);
  const env = await svc.env();
  const existing = await listChanges(svc.db, person.id);
  const current = parseState(person.data);
  const v = new Violations();
  if (body.validFrom && body.validFrom > env.today)
    v.add('validFrom', 'date.future', `must not be after today (${env.today})`, body.validFrom);
  if (body.validFrom && current.dateOfBirth && body.validFrom < firstDay(current.dateOfBirth)) {
    v.add('validFrom', 'date.order', 'must not be before the date of birth', body.validFrom);
  }
  const factDate = body.validFrom ?? env.today;
  const changes = await editableToState(svc.db, body.changes, factDate, v, await svc.coversFn(ctx));
  v.throwIfAny();
  const specs = planSpecs(existing, changes, body, env.today, current);
  const [written] = await writePersons(svc.db, ctx, env, [{ person, existing, specs }], async (trx) => {
    await svc.audit.recordIn(trx, ctx, {
      action: 'person.update',
      outcome: 'ok',
      personId: person.id,
      pin: person.pin,
      fields: Object.keys(changes),
      details: { correction: body.correction ?? false, validFrom: specs.map((x) => x.validFrom) },
    });
  });
  return written!;
}

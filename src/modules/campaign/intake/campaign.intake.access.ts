// Who may do what in intake, and the refusals: a role without the permission or a unit outside the actor's
// jurisdiction is refused and the refusal audited; an unknown campaign or form is refused before anything is read.
import type { Db } from '../../../db/database.ts';
import { type AuditSink, refuse } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, NotFoundError, ValidationError } from '../../../domain/errors.ts';
import { can, type Permission } from '../../../domain/roles.ts';
import type { FormCode } from '../../intake/index.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import { campaignExists } from './campaign.ballots.repository.ts';

const FORMS: readonly FormCode[] = ['DC01', 'DC02'];

export interface IntakeAccessDeps {
  db: Db;
  reference: ReferenceService;
  audit: AuditSink;
}

export class IntakeAccess {
  constructor(private readonly deps: IntakeAccessDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  async authorize(ctx: RequestContext, perms: readonly Permission[], action: string): Promise<void> {
    if (perms.some((p) => can(ctx.actor.roles, p))) return;
    const denied = new DomainError('AUTH.FORBIDDEN', `your role does not allow ${action}`, { permission: perms[0] });
    await refuse(this.deps.audit, ctx, { action, details: { reason: `no ${perms.join(' or ')} permission` } }, denied);
  }

  async requireCampaign(code: string): Promise<void> {
    if (!(await campaignExists(this.db, code)))
      throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
  }

  /** True when a unit (current commune code, or the importer's unit of a job) lies in the actor's jurisdiction. */
  async within(ctx: RequestContext, unit: string | null): Promise<boolean> {
    const j = ctx.actor.jurisdiction;
    if (j === null) return true;
    if (unit === null) return false;
    if (unit === j) return true;
    const catalog = await this.deps.reference.catalog();
    return catalog.isWithin(unit, j);
  }

  denyOutside(ctx: RequestContext, action: string, details: Record<string, unknown>): Promise<never> {
    const j = ctx.actor.jurisdiction;
    const denied = new DomainError('AUTH.FORBIDDEN', `outside your jurisdiction (${j})`, {
      ...details,
      jurisdiction: j,
    });
    return refuse(this.deps.audit, ctx, { action, details: { ...details, reason: 'outside jurisdiction' } }, denied);
  }

  checkForm(form: string): asserts form is FormCode {
    if (!FORMS.includes(form as FormCode))
      throw new ValidationError([{ field: 'form', rule: 'enum', message: 'must be DC01 or DC02', value: form }]);
  }
}

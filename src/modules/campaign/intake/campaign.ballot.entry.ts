// One ballot at a time (API, web form): validated by the same rules as a file's rows (the cross-row ones against
// the campaign and the registry), stored as `collected`; every read and write is audited.
import type { RequestContext } from '../../../domain/context.ts';
import { NotFoundError, ValidationError } from '../../../domain/errors.ts';
import { formFields } from '../../intake/index.ts';
import { ballotViewsFor } from '../campaign.ballot.redact.ts';
import { type BallotView, ballotView } from '../campaign.ballot.view.ts';
import {
  type BallotRow,
  findBallotById,
  findBallotByRef,
  insertBallot,
  lookupBatch,
} from './campaign.ballots.repository.ts';
import { now } from './campaign.import.jobs.ts';
import type { CampaignImportDeps } from './campaign.import.service.ts';
import type { IntakeAccess } from './campaign.intake.access.ts';
import { crossCheck, lookupKeys } from './campaign.validation.cross.ts';
import { validateBallot } from './campaign.validation.ts';

export class BallotEntry {
  constructor(
    private readonly deps: CampaignImportDeps,
    private readonly access: IntakeAccess,
  ) {}

  private get db() {
    return this.deps.db;
  }

  /**
   * Validates and stores one ballot as `collected`. Errors refuse it (400, nothing stored); warnings are stored on
   * it. The same ballot sent again returns the stored one; a ballot_id already used for other content is refused.
   */
  async submitBallot(
    ctx: RequestContext,
    campaign: string,
    form: string,
    values: Record<string, string>,
  ): Promise<{ ballot: BallotView; created: boolean }> {
    this.access.checkForm(form);
    await this.access.authorize(ctx, ['ballot.collect'], 'ballot.create');
    await this.access.requireCampaign(campaign);
    const formKeys = new Set(formFields(form).map((x) => x.key));
    const unknown = Object.keys(values).filter((k) => !formKeys.has(k));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((k) => ({
          field: k,
          rule: 'field.unknown',
          message: `not a ${form} field; expected one of: ${[...formKeys].join(', ')}`,
          value: k,
        })),
      );
    }
    const catalog = await this.deps.reference.catalog();
    const today = this.deps.today();
    const row = validateBallot(form, values, { catalog, today, jurisdiction: ctx.actor.jurisdiction });
    const outside = row.issues.find((i) => i.rule === 'unit.out_of_jurisdiction');
    if (outside) await this.access.denyOutside(ctx, 'ballot.create', { field: outside.field, unit: outside.value });
    const existing = await findBallotByRef(this.db, campaign, form, row.facts.ref);
    if (existing) {
      if (existing.data === JSON.stringify(row.data))
        return { ballot: await this.viewAudited(ctx, existing), created: false };
      throw new ValidationError([
        {
          field: 'ballot_id',
          rule: 'ballot.id_taken',
          message: `ballot ${row.data.ballot_id} is already stored with other content (ballot ${existing.id})`,
          value: row.data.ballot_id,
        },
      ]);
    }
    const keys = lookupKeys([row.facts]);
    const jurisdiction = ctx.actor.jurisdiction;
    const lookups = await lookupBatch(this.db, {
      campaign,
      form,
      ...keys,
      withState: form === 'DC02' || jurisdiction !== null,
    });
    const [cross] = crossCheck([row], lookups, { form, jobId: null, catalog, today, jurisdiction });
    const issues = [...row.issues, ...cross!.issues];
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new ValidationError(
        errors.map((i) => ({ field: i.field, rule: i.rule, message: i.message, value: i.value ?? undefined })),
      );
    }
    const at = now();
    const f = row.facts;
    const dup = cross!.duplicateOf;
    const id = await this.db.transaction().execute(async (trx) => {
      const newId = await insertBallot(trx, {
        campaign_code: campaign,
        form,
        ballot_ref: f.ref,
        source: 'form',
        job_id: null,
        row_no: null,
        status: 'collected',
        status_reason: null,
        unit_code: f.unitCode,
        province_code: f.provinceCode,
        pin: f.pin,
        full_name: f.fullName,
        name_folded: f.nameFolded,
        dob: f.dob,
        error_count: 0,
        warning_count: issues.length,
        issues: JSON.stringify(issues),
        duplicate_of: dup && 'id' in dup ? dup.id : null,
        person_id: cross!.personId,
        data: JSON.stringify(row.data),
        version: 1,
        created_by: ctx.actor.id,
        created_at: at,
        updated_at: at,
        approved_at: null,
      });
      if (newId === undefined) return undefined;
      await this.deps.audit.recordIn(trx, ctx, {
        action: 'ballot.create',
        outcome: 'ok',
        pin: f.pin,
        fields: Object.keys(row.data),
        details: { campaign, form, ballot: newId, ref: f.ref, warnings: issues.map((i) => i.rule) },
      });
      return newId;
    });
    // Lost a race with the same ballot sent twice at once: answer with the stored one.
    const stored =
      id === undefined
        ? await findBallotByRef(this.db, campaign, form, f.ref)
        : await findBallotById(this.db, campaign, id);
    return { ballot: ballotView(stored!), created: id !== undefined };
  }

  private async viewAudited(ctx: RequestContext, b: BallotRow): Promise<BallotView> {
    await this.deps.audit.record(ctx, {
      action: 'ballot.read',
      outcome: 'ok',
      pin: b.pin,
      details: { campaign: b.campaign_code, ballot: Number(b.id) },
    });
    const [view] = await ballotViewsFor(this.db, ctx.actor, await this.deps.reference.catalog(), [b]);
    return view!;
  }

  /** One ballot with its data and issues; audited; only within the reader's jurisdiction. */
  async getBallot(ctx: RequestContext, campaign: string, id: number): Promise<BallotView> {
    await this.access.authorize(
      ctx,
      ['ballot.collect', 'ballot.check', 'ballot.verify', 'ballot.approve'],
      'ballot.read',
    );
    const b = await findBallotById(this.db, campaign, id);
    if (!b) throw new NotFoundError('CAMPAIGN.BALLOT_NOT_FOUND', `no ballot ${id} in campaign ${campaign}`, { id });
    if (!(await this.access.within(ctx, b.unit_code)))
      await this.access.denyOutside(ctx, 'ballot.read', { ballot: id });
    return this.viewAudited(ctx, b);
  }
}

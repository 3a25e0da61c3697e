// The registry use cases: read a person as of any valid date and transaction time, search, history, updates
// with optimistic concurrency; births and life events live in their own files and are exposed here.
import type { Db } from '../../db/database.ts';
import { type AuditSink, requirePermission } from '../../domain/audit.ts';
import type { RequestContext } from '../../domain/context.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { decodePin, type PinReport } from '../../domain/pin.ts';
import type { Permission } from '../../domain/roles.ts';
import type { ReferenceService } from '../reference/reference.service.ts';
import { foldState, PERSON_FIELDS, type PersonState, parseState } from './person.model.ts';
import type { ValidationEnv } from './person.validation.ts';
import { versionMismatch } from './person.writer.ts';
import { decide, forbidden, isNational, maskChanges, maskState, type PersonAction } from './registry.access.ts';
import { registerBirth } from './registry.birth.ts';
import { recordEvent } from './registry.events.ts';
import { parseReadOptions } from './registry.inputs.ts';
import { LifeEventHooks, type LifeEventListener } from './registry.lifehooks.ts';
import { confirmNotice, getNotice, listNoticesFor, type NoticeView, rejectNotice } from './registry.notices.ts';
import { findPin, listChanges, mergedInto, type PersonRow, pinsOfPerson } from './registry.repository.ts';
import type { BirthRegistrationBody, EventBody, NoticeQuery, SearchQuery, UpdateBody } from './registry.schemas.ts';
import { type RegistryStats, registryStats, searchPersonsFor } from './registry.search.ts';
import { registryReader } from './registry.tx.ts';
import type { HistoryEntry, PersonSummary, PersonView } from './registry.types.ts';
import { updatePerson } from './registry.update.ts';
import { historyEntry, toPinItem } from './registry.views.ts';

export type { HistoryEntry, PersonSummary, PersonView, PinHistoryItem } from './registry.types.ts';

export interface RegistryDeps {
  db: Db;
  /** Where reads, writes and denials are recorded. */
  audit: AuditSink;
  reference: ReferenceService;
  today: () => string;
  /** Source of the six random PIN digits; replaceable in tests to force collisions. */
  serial?: () => number;
}

/** Told (after commit) which persons a registry write created or changed; see RegistryService.onPersonsWritten. */
export type PersonsWrittenListener = (personIds: number[]) => void;

export class RegistryService {
  private readonly writeListeners: PersonsWrittenListener[] = [];
  /** Run inside the transaction of each death, missing or PIN re-establishment (registry.lifehooks.ts). */
  readonly lifeEvents = new LifeEventHooks();
  readonly onLifeEventIn = (listener: LifeEventListener): void => this.lifeEvents.add(listener);

  constructor(private readonly deps: RegistryDeps) {}

  /**
   * Registers a listener told after each committed write (update, birth, life event) which persons it touched: the
   * incremental duplicate check. It runs after the answer is settled and its failures are swallowed, so it can
   * never fail or undo a registry write.
   */
  onPersonsWritten(listener: PersonsWrittenListener): void {
    this.writeListeners.push(listener);
  }

  /** Tells the listeners which persons a committed write touched (also used by notice confirmation). */
  afterWrite(personIds: number[]): void {
    for (const l of this.writeListeners) {
      try {
        l(personIds);
      } catch {
        // A listener's failure is its own business (it records it); the write has committed.
      }
    }
  }

  get db(): Db {
    return this.deps.db;
  }

  async env(): Promise<ValidationEnv> {
    return { catalog: await this.deps.reference.catalog(), today: this.deps.today() };
  }

  today(): string {
    return this.deps.today();
  }

  /** The reference catalog (administrative units, code lists), loaded once per process. */
  catalog() {
    return this.deps.reference.catalog();
  }

  /** Reference rows for building a catalog in a worker thread. */
  referenceSnapshot() {
    return this.deps.reference.snapshot();
  }

  nextSerial(): number | undefined {
    return this.deps.serial?.();
  }

  /** Finds the person a PIN belongs to; a cancelled PIN resolves to the person's active one. */
  async requirePerson(pin: string): Promise<PersonRow> {
    if (!/^\d{12}$/.test(pin)) {
      throw new ValidationError([{ field: 'pin', rule: 'pin.format', message: 'must be 12 digits', value: pin }]);
    }
    // A cancelled or merged PIN leads to its replacement, which may itself have been replaced since.
    const person = await registryReader(this.db).personByAnyPin(pin);
    if (!person) throw new NotFoundError('REGISTRY.PERSON_NOT_FOUND', `no person has PIN ${pin}`, { pin });
    return person;
  }

  get audit(): AuditSink {
    return this.deps.audit;
  }

  /**
   * The one authorization step of the registry, asked by every path: may the actor do `action` (the role's
   * permissions) on this person (one of `states`, default the current one, lies in the jurisdiction)? Without a
   * person only the permission is checked. A refusal is audited before it is thrown. No query: the catalog is cached.
   */
  async authorizeAccess(
    ctx: RequestContext,
    action: PersonAction,
    person: PersonRow | null,
    opts: { states?: PersonState[]; pin?: string; auditAction?: string } = {},
  ): Promise<void> {
    const auditAction = opts.auditAction ?? action;
    // A national actor covers every person: no catalog, no parse (the audited read stays as cheap as before).
    const scoped = person !== null && !isNational(ctx.actor);
    const catalog = scoped ? await this.deps.reference.catalog() : undefined;
    const states = person === null ? null : scoped ? [parseState(person.data), ...(opts.states ?? [])] : [];
    const d = decide(ctx, action, states, catalog);
    if (d.allowed) return;
    if (d.reason === 'permission') {
      await this.audit.record(ctx, {
        action: auditAction,
        outcome: 'denied',
        personId: person?.id ?? null,
        pin: person?.pin ?? opts.pin ?? null,
        details: { reason: `no ${d.permission} permission` },
      });
      throw forbidden(`your role does not allow ${auditAction}`, { permission: d.permission });
    }
    await this.denyOutOfScope(ctx, auditAction, opts.pin ?? person!.pin, person);
  }

  /**
   * Out of scope and unknown answer alike for an actor with a jurisdiction, so that a PIN outside it does not reveal
   * whether a person holds it; the denial is audited (with the person, for the auditors).
   */
  private async denyOutOfScope(
    ctx: RequestContext,
    action: string,
    pin: string,
    person: PersonRow | null,
  ): Promise<never> {
    await this.audit.record(ctx, {
      action,
      outcome: 'denied',
      personId: person?.id ?? null,
      pin: person?.pin ?? pin,
      details: { reason: 'outside jurisdiction' },
    });
    throw forbidden(`PIN ${pin} does not identify a person in your jurisdiction`, {
      pin,
      jurisdiction: ctx.actor.jurisdiction,
    });
  }

  /** The person a PIN leads to, when the actor may do `action` on them (see authorizeAccess). */
  async personFor(ctx: RequestContext, action: PersonAction, pin: string, auditAction?: string): Promise<PersonRow> {
    const as = auditAction ?? action;
    await this.authorizeAccess(ctx, action, null, { pin, auditAction: as });
    let person: PersonRow;
    try {
      person = await this.requirePerson(pin);
    } catch (err) {
      if (err instanceof NotFoundError && !isNational(ctx.actor)) return this.denyOutOfScope(ctx, as, pin, null);
      throw err;
    }
    await this.authorizeAccess(ctx, action, person, { pin, auditAction: as });
    return person;
  }

  /** Checks a permission; a refusal is audited before it is thrown (the one requirePermission of domain/audit.ts). */
  authorize(ctx: RequestContext, permission: Permission, action: string, pin?: string): Promise<void> {
    return requirePermission(this.audit, ctx, permission, action, pin ? { pin } : {});
  }

  /** Whether the actor may see a person's record (for relatives named by PIN: copied from it, or as declared). */
  async coversFn(ctx: RequestContext): Promise<(row: PersonRow) => boolean> {
    if (isNational(ctx.actor)) return () => true;
    const catalog = await this.deps.reference.catalog();
    return (row) => decide(ctx, 'person.read', [parseState(row.data)], catalog).allowed;
  }

  async getPerson(
    ctx: RequestContext,
    pin: string,
    opts: { asOf?: string; knownAt?: string } = {},
  ): Promise<PersonView> {
    const { knownAt } = parseReadOptions(opts);
    const person = await this.personFor(ctx, 'person.read', pin);
    const asOf = opts.asOf ?? this.today();
    const pins = (await pinsOfPerson(this.db, person.id)).map(toPinItem);
    const isCurrent = asOf === this.today() && knownAt === undefined;
    const state = isCurrent ? parseState(person.data) : foldState(await listChanges(this.db, person.id), asOf, knownAt);
    if (!state) {
      throw new NotFoundError(
        'REGISTRY.NO_STATE_AT_DATE',
        `person ${pin} has no recorded state as of ${asOf}${knownAt ? ` known at ${knownAt}` : ''}`,
        { pin, asOf, knownAt },
      );
    }
    const shown = maskState(ctx, state);
    const mergedFrom = pin !== person.pin && (await findPin(this.db, pin))?.status === 'merged' ? pin : undefined;
    await this.audit.record(ctx, {
      action: 'person.read',
      outcome: 'ok',
      personId: person.id,
      pin: person.pin,
      fields: PERSON_FIELDS.filter((f) => !shown.masked.includes(f)),
      details: isCurrent ? null : { asOf, knownAt: knownAt ?? null },
    });
    return {
      pin: person.pin,
      requestedPin: pin,
      status: state.death ? state.death.kind : 'alive',
      version: person.version,
      asOf,
      knownAt: knownAt ?? null,
      state: shown.state,
      pins,
      masked: shown.masked,
      ...(mergedFrom ? { mergedFrom } : {}),
    };
  }

  async history(ctx: RequestContext, pin: string): Promise<{ pin: string; entries: HistoryEntry[] }> {
    const person = await this.personFor(ctx, 'person.history', pin);
    const changes = maskChanges(ctx, await listChanges(this.db, person.id));
    const entries = changes.map((c) => historyEntry(changes, c));
    // The history of persons merged into this one is shown with it, each entry marked with the merged PIN.
    for (const m of await mergedInto(this.db, person.pin)) {
      const theirs = maskChanges(ctx, await listChanges(this.db, m.personId));
      for (const c of theirs) entries.push({ ...historyEntry(theirs, c), mergedFrom: m.pin });
    }
    if (entries.some((e) => e.mergedFrom))
      entries.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
    await this.audit.record(ctx, { action: 'person.history', outcome: 'ok', personId: person.id, pin: person.pin });
    return { pin: person.pin, entries };
  }

  /** Persons by name, birth date or unit, narrowed to the actor's jurisdiction in SQL (registry.search.ts). */
  search(ctx: RequestContext, q: SearchQuery): Promise<{ items: PersonSummary[]; nextCursor: string | null }> {
    return searchPersonsFor(this, ctx, q);
  }

  /**
   * Changes fields of a person. `ifMatch` is the version read before (ETag). A correction replaces wrong values
   * over the period they covered; a plain update holds from `validFrom` (default today).
   */
  async update(ctx: RequestContext, pin: string, body: UpdateBody, ifMatch: number | undefined): Promise<PersonView> {
    const person = await this.personFor(ctx, 'person.update', pin);
    const written = await updatePerson(this, ctx, person, body, ifMatch);
    this.afterWrite([person.id]);
    return this.viewOf(ctx, written.person, written.state, pin);
  }

  async registerBirth(ctx: RequestContext, body: BirthRegistrationBody): Promise<PersonView> {
    await this.authorizeAccess(ctx, 'person.create', null);
    const { person, state, notices } = await registerBirth(this, ctx, body);
    this.afterWrite([person.id]);
    const view = await this.viewOf(ctx, person, state, person.pin);
    return notices.length > 0 ? { ...view, notices } : view;
  }

  async recordEvent(
    ctx: RequestContext,
    pin: string,
    event: EventBody,
    ifMatch: number | undefined,
  ): Promise<PersonView> {
    const person = await this.personFor(ctx, 'person.event', pin);
    if (ifMatch !== undefined && ifMatch !== person.version) throw versionMismatch(person.pin, ifMatch, person.version);
    const { person: after, state, written, notices } = await recordEvent(this, ctx, person, event);
    this.afterWrite(written);
    const view = await this.viewOf(ctx, after, state, pin);
    return notices.length > 0 ? { ...view, notices } : view;
  }

  /**
   * Who accessed a person's data (the citizen's right of access): for auditors and for officers who may read the
   * person, each within their jurisdiction (a national auditor sees every person's). `read` fetches the entries
   * about that one person from the audit trail.
   */
  async accessLog<T>(
    ctx: RequestContext,
    pin: string,
    read: (personId: number) => Promise<T>,
  ): Promise<{ pin: string; items: T }> {
    const person = await this.personFor(ctx, 'person.access_log', pin);
    const items = await read(person.id);
    await this.audit.record(ctx, { action: 'person.access_log', outcome: 'ok', personId: person.id, pin: person.pin });
    return { pin: person.pin, items };
  }

  /** Pending (or decided) changes to persons the actor covers, left by events recorded elsewhere. */
  listNotices(ctx: RequestContext, q: NoticeQuery): Promise<{ items: NoticeView[]; nextCursor: string | null }> {
    return listNoticesFor(this, ctx, q);
  }

  getNotice(ctx: RequestContext, id: number): Promise<NoticeView> {
    return getNotice(this, ctx, id);
  }

  confirmNotice(ctx: RequestContext, id: number, reason?: string | null): Promise<NoticeView> {
    return confirmNotice(this, ctx, id, reason?.trim() || null);
  }

  rejectNotice(ctx: RequestContext, id: number, reason: string): Promise<NoticeView> {
    return rejectNotice(this, ctx, id, reason);
  }

  /** Explains a PIN: province, sex, century and birth year, and whether it is well formed. */
  async checkPin(pin: string): Promise<PinReport> {
    const catalog = await this.deps.reference.catalog();
    return decodePin(pin, (c) => catalog.pinProvince(c));
  }

  /** Persons by current province and status (registry.search.ts). */
  stats(ctx: RequestContext): Promise<RegistryStats> {
    return registryStats(this, ctx);
  }

  async viewOf(ctx: RequestContext, person: PersonRow, full: PersonState, requestedPin: string): Promise<PersonView> {
    const pins = (await pinsOfPerson(this.db, person.id)).map(toPinItem);
    const { state, masked } = maskState(ctx, full);
    return {
      masked,
      pin: person.pin,
      requestedPin,
      status: state.death ? state.death.kind : 'alive',
      version: person.version,
      asOf: this.today(),
      knownAt: null,
      state,
      pins,
    };
  }
}

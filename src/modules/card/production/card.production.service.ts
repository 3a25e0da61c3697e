// Production of identity cards: batches of approved applications built into cards (number, MRZ, signed QR, chip
// data groups and SOD), exported for the personalisation centre, and the centre's results imported back. The due
// list and verification live beside it (../due, ../verify) and are reached through this service as well.
import type { Db } from '../../../db/database.ts';
import type { AuditSink } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, NotFoundError } from '../../../domain/errors.ts';
import type { RegistryService } from '../../registry/registry.service.ts';
import { type CardKeys, loadCardKeys } from '../crypto/card.keys.ts';
import { CardDueService } from '../due/card.due.service.ts';
import { CardVerifyService } from '../verify/card.verify.service.ts';
import { type BatchProgress, buildBatchCards, inThreadBuilder } from './card.production.batch.ts';
import { type ExportRecord, exportRecords } from './card.production.export.ts';
import { type ExportDirOptions, writeExportDir } from './card.production.exportdir.ts';
import { type ImportSummary, importResults } from './card.production.import.ts';
import {
  approvedAfter,
  approvedUpTo,
  findBatch,
  insertBatch,
  insertEvents,
  listBatches,
  markExported,
} from './card.production.repository.ts';
import { actorScope, narrowScope } from './card.production.scope.ts';
import { type BatchView, batchView } from './card.production.views.ts';
import { autoWorkers, WORKERS_FROM, workerBuilder } from './card.production.workers.ts';

export interface CardProductionDeps {
  db: Db;
  registry: RegistryService;
  audit: AuditSink;
  /** The card key directory (config.cards.keyDir). */
  keyDir: string;
  today: () => string;
  now?: () => Date;
  /** Worker threads that build and sign the cards (0: this thread; default 'auto': see card.production.workers.ts). */
  workers?: number | 'auto';
}

export interface CreateBatchInput {
  applicationIds?: number[];
  provinceCode?: string;
  limit?: number;
}

export class CardProductionService {
  readonly due: CardDueService;
  readonly verify: CardVerifyService;

  constructor(private readonly deps: CardProductionDeps) {
    this.due = new CardDueService(deps);
    this.verify = new CardVerifyService(deps);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The card keys from the key directory (CARD.KEYS_MISSING until `popreg card ca init`). */
  keys(): CardKeys {
    return loadCardKeys(this.deps.keyDir);
  }

  /**
   * Builds a batch from the approved applications in the actor's jurisdiction (optionally one province, given
   * ids, at most `limit`), chunk by chunk, each chunk's cards and application changes in one transaction.
   */
  async createBatch(
    ctx: RequestContext,
    input: CreateBatchInput,
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchView> {
    await this.deps.registry.authorize(ctx, 'card.produce', 'card.batch.create');
    const scope = { ...narrowScope(ctx.actor, input.provinceCode), ids: input.applicationIds ?? null };
    const first = await approvedAfter(this.deps.db, scope, 0, 1);
    if (first.length === 0) {
      throw new DomainError('CARD.NOTHING_TO_PRODUCE', 'no approved application waits for production in this scope', {
        provinceCode: input.provinceCode ?? null,
        applicationIds: input.applicationIds ?? null,
      });
    }
    const keys = this.keys();
    const at = this.now().toISOString();
    const batchId = await insertBatch(this.deps.db, {
      status: 'built',
      created_at: at,
      created_by: ctx.actor.id,
      province_code: scope.provinceCode ?? null,
      cards: 0,
      produced: 0,
      failed: 0,
      signer_id: keys.signer.id,
      exported_at: null,
      closed_at: null,
    });
    const wanted = this.deps.workers ?? 'auto';
    const size = Math.min(input.limit ?? WORKERS_FROM, await approvedUpTo(this.deps.db, scope, WORKERS_FROM));
    const workers = wanted === 'auto' ? autoWorkers(size) : wanted;
    const builder =
      workers > 0
        ? workerBuilder({ keyDir: this.deps.keyDir, signerId: keys.signer.id }, workers)
        : inThreadBuilder(keys);
    try {
      const cards = await buildBatchCards(this.deps.db, {
        batchId,
        scope,
        limit: input.limit ?? Number.POSITIVE_INFINITY,
        issuedOn: this.deps.today(),
        at,
        by: ctx.actor.id,
        signerId: keys.signer.id,
        builder,
        onProgress,
      });
      await insertEvents(this.deps.db, [
        {
          card_id: null,
          application_id: null,
          at,
          by: ctx.actor.id,
          type: 'batch_built',
          reason: null,
          details: JSON.stringify({ batchId, cards, provinceCode: scope.provinceCode ?? null }),
        },
      ]);
      await this.deps.audit.record(ctx, {
        action: 'card.batch.create',
        outcome: 'ok',
        details: { batchId, cards, provinceCode: scope.provinceCode ?? null },
      });
    } finally {
      await builder.close();
    }
    return this.batch(ctx, batchId);
  }

  async listBatches(ctx: RequestContext, q: { before?: number; limit?: number } = {}): Promise<BatchView[]> {
    await this.deps.registry.authorize(ctx, 'card.produce', 'card.batch.list');
    const rows = await listBatches(this.deps.db, {
      provinceCode: actorScope(ctx.actor).provinceCode ?? null,
      beforeId: q.before,
      limit: Math.min(q.limit ?? 50, 200),
    });
    return rows.filter((r) => visible(ctx, r.province_code)).map(batchView);
  }

  async batch(ctx: RequestContext, id: number): Promise<BatchView> {
    await this.deps.registry.authorize(ctx, 'card.produce', 'card.batch.read');
    const row = await findBatch(this.deps.db, id);
    if (!row || !visible(ctx, row.province_code)) {
      throw new NotFoundError('CARD.BATCH_NOT_FOUND', `no batch ${id} in your jurisdiction`, { batchId: id });
    }
    return batchView(row);
  }

  /**
   * The batch's cards as export records, streamed in id order; the batch is marked exported once the last record
   * has been read. Personal data leaves popreg here, so the export is audited.
   */
  async *exportBatch(ctx: RequestContext, id: number): AsyncGenerator<ExportRecord & { photoJpeg: Uint8Array | null }> {
    await this.batch(ctx, id);
    await this.deps.audit.record(ctx, { action: 'card.batch.export', outcome: 'ok', details: { batchId: id } });
    yield* exportRecords(this.deps.db, id);
    await markExported(this.deps.db, id, this.now().toISOString());
  }

  /** Exports the batch into a new directory: one JSON per card and, with `png`, front and back previews. */
  async exportBatchTo(
    ctx: RequestContext,
    id: number,
    dir: string,
    o: ExportDirOptions,
  ): Promise<{ dir: string; cards: number }> {
    const batch = await this.batch(ctx, id);
    return writeExportDir(batch, this.exportBatch(ctx, id), dir, o);
  }

  /** Imports the centre's result file (JSON or CSV) for batch `batchId` (or each card's own batch). */
  async importResults(ctx: RequestContext, text: string, batchId?: number): Promise<ImportSummary> {
    await this.deps.registry.authorize(ctx, 'card.produce', 'card.batch.results');
    if (batchId !== undefined) await this.batch(ctx, batchId);
    const summary = await importResults(this.deps.db, text, {
      batchId: batchId ?? null,
      at: this.now().toISOString(),
      by: ctx.actor.id,
      visible: (province) => visible(ctx, province),
    });
    await this.deps.audit.record(ctx, {
      action: 'card.batch.results',
      outcome: 'ok',
      details: { batchId: batchId ?? null, ...summary },
    });
    return summary;
  }
}

/** A batch of every province is national; one of a province is seen by that province's officers too. */
function visible(ctx: RequestContext, provinceCode: string | null): boolean {
  const own = actorScope(ctx.actor);
  if (!own.provinceCode && !own.unitCode) return true;
  return own.provinceCode !== undefined && provinceCode === own.provinceCode;
}

// Writer thread of an import: takes the reader's batches and, for each, drops the rows already stored (a resumed or
// repeated import), looks up the batch's PINs and names once, runs the cross-row rules, and writes the ballots, the
// report lines and the job's resume cursor in one transaction, on connections of its own. On PostgreSQL the next
// batch is prepared (lookups, rules, ids) while the previous one is written, the batch in flight being added to
// its lookups from memory (campaign.import.inflight.ts). Running here rather than on the main thread keeps a server
// answering while it imports, and keeps the import's memory bounded.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { connect } from '../../../db/connect.ts';
import type { FormCode } from '../../intake/index.ts';
import { ReferenceCatalog } from '../../reference/catalog.ts';
import type { ReferenceRows } from '../../reference/reference.types.ts';
import { hasErrors } from '../campaign.rules.ts';
import { existingRefs, lookupBatch } from './campaign.ballots.repository.ts';
import {
  type BallotInsert,
  type BatchWrite,
  type BatchWritten,
  type IssueInsert,
  openBallotWriter,
} from './campaign.ballots.write.repository.ts';
import {
  errorReport,
  type PreparedRow,
  type ReaderMessage,
  rowsOf,
  type WorkerReport,
} from './campaign.import.batch.ts';
import { type InFlightBatch, inFlightOf, withInFlight } from './campaign.import.inflight.ts';
import { crossCheck, lookupKeys } from './campaign.validation.cross.ts';

export interface WriterInput {
  dbUrl: string;
  reference: ReferenceRows;
  today: string;
  job: {
    id: number;
    campaign: string;
    form: FormCode;
    createdBy: string;
    /** The importing officer's jurisdiction: registry persons outside it are not compared (null: the country). */
    jurisdiction: string | null;
    runner: string;
    /** Rows before the first data row's position (1 for a header row, 0 for NDJSON). */
    offset: number;
  };
  /** The channels from the reader threads. */
  readers: MessagePort[];
}

/** A batch made ready to write: the write itself, and what the next batch must see of it while it runs. */
interface ReadyBatch {
  write: BatchWrite;
  skipped: number;
  rowsWithErrors: number;
  /** Its ballots as lookups would find them (PostgreSQL, where the next batch is prepared during the write). */
  inFlight: InFlightBatch | null;
  /** Prepared against an in-flight batch, whose write may still drop some ballots (see step). */
  overlaid: boolean;
}

async function run(input: WriterInput): Promise<void> {
  const { job } = input;
  // The write holds one connection while the next batch's lookups run on the others.
  const db = connect(input.dbUrl, { poolSize: 3 });
  const catalog = new ReferenceCatalog(input.reference, () => input.today);
  const writer = openBallotWriter(db);
  const report = (m: WorkerReport) => parentPort!.postMessage(m);

  const prepare = async (rows: PreparedRow[], lastRowNo: number, inFlight: InFlightBatch | null) => {
    const present = await existingRefs(
      db,
      job.campaign,
      job.form,
      rows.map((r) => r.facts.ref),
    );
    const seen = new Set<string>();
    const keep: PreparedRow[] = [];
    let skipped = 0;
    for (const r of rows) {
      if (present.has(r.facts.ref) || inFlight?.refs.has(r.facts.ref) || seen.has(r.facts.ref)) {
        skipped++;
        continue;
      }
      seen.add(r.facts.ref);
      keep.push(r);
    }
    const keys = lookupKeys(keep.map((r) => r.facts));
    const lookups = await lookupBatch(db, {
      campaign: job.campaign,
      form: job.form,
      pins: keys.pins,
      nameDobs: keys.nameDobs,
      withState: job.form === 'DC02' || job.jurisdiction !== null,
    });
    if (inFlight) withInFlight(lookups, inFlight);
    const cross = crossCheck(keep, lookups, {
      form: job.form,
      jobId: job.id,
      catalog,
      today: input.today,
      jurisdiction: job.jurisdiction,
    });
    const ballots: BallotInsert[] = [];
    const stored: PreparedRow[] = [];
    const issues: IssueInsert[] = [];
    const ballotOf: number[] = new Array(keep.length).fill(-1);
    let rowsWithErrors = 0;
    for (let i = 0; i < keep.length; i++) {
      const r = keep[i]!;
      const c = cross[i]!;
      const all = c.issues.length ? [...r.issues, ...c.issues] : r.issues;
      const f = r.facts;
      let ballot: number | null = null;
      if (hasErrors(all)) rowsWithErrors++;
      else {
        ballot = ballots.length;
        ballotOf[i] = ballot;
        const dup = c.duplicateOf;
        stored.push(r);
        ballots.push({
          ref: f.ref,
          rowNo: r.rowNo,
          unitCode: f.unitCode,
          provinceCode: f.provinceCode,
          pin: f.pin,
          fullName: f.fullName,
          nameFolded: f.nameFolded,
          dob: f.dob,
          warningCount: all.length,
          issues: all.length ? JSON.stringify(all) : '[]',
          duplicateOf: dup === null ? null : 'row' in dup ? { row: ballotOf[dup.row]! } : dup,
          personId: c.personId,
          data: r.data,
        });
      }
      for (const x of all) {
        issues.push({
          rowNo: r.rowNo,
          ballot,
          unitCode: f.unitCode,
          provinceCode: f.provinceCode,
          principle: x.principle,
          severity: x.severity,
          field: x.field,
          rule: x.rule,
          messageVi: x.messageVi,
          messageEn: x.message,
          value: x.value,
        });
      }
    }
    const ids = writer.reserveIds ? await writer.reserveIds(ballots.length) : undefined;
    const ready: ReadyBatch = {
      write: {
        jobId: job.id,
        campaign: job.campaign,
        form: job.form,
        createdBy: job.createdBy,
        at: new Date().toISOString(),
        ballots,
        issues,
        rowsDone: lastRowNo - job.offset,
        skipped,
        rowsWithErrors,
        runner: job.runner,
        ...(ids ? { ids } : {}),
      },
      skipped,
      rowsWithErrors,
      inFlight: ids ? inFlightOf(stored, ids, job.id) : null,
      overlaid: inFlight !== null,
    };
    return ready;
  };

  // At most one write runs at a time, in file order (each commits the resume cursor after its rows); on PostgreSQL
  // the next batch is prepared meanwhile.
  let writing: { ready: ReadyBatch; done: Promise<BatchWritten> } | null = null;
  const settle = async (): Promise<BatchWritten> => {
    const w = writing!;
    writing = null;
    const written = await w.done;
    report({
      type: 'progress',
      rowsDone: w.ready.write.rowsDone,
      added: written.added,
      skipped: w.ready.skipped + written.conflicts,
      rowsWithErrors: w.ready.rowsWithErrors,
    });
    return written;
  };
  const step = async (b: Pending): Promise<void> => {
    let ready = await prepare(b.rows, b.lastRowNo, writing?.ready.inFlight ?? null);
    b.from.postMessage({ type: 'ack' });
    if (writing) {
      const written = await settle();
      // The batch before lost ballots to another writer: what this one was checked against may not exist.
      if (written.conflicts > 0 && ready.overlaid) ready = await prepare(b.rows, b.lastRowNo, null);
    }
    const done = writer.write(ready.write);
    done.catch(() => undefined); // awaited by settle; a failure must not go unhandled meanwhile
    writing = { ready, done };
    if (!writer.reserveIds) await settle();
  };

  // Batches come from the readers in any order; they are prepared and written in file order.
  const pending = new Map<number, Pending>();
  let next = 0;
  let total = -1;
  let readersDone = 0;
  let busy = false;
  let failed = false;
  const allRead = () => readersDone === input.readers.length && next === total;
  const finish = async () => {
    for (const p of input.readers) p.close();
    await db.destroy();
    report({ type: 'done' });
  };
  const drain = async () => {
    if (busy || failed) return;
    busy = true;
    try {
      for (;;) {
        const b = pending.get(next);
        if (b) {
          pending.delete(next);
          await step(b);
          next++;
        } else if (writing && allRead()) await settle();
        else break;
      }
      if (allRead()) await finish();
    } catch (err) {
      failed = true;
      report(errorReport(err));
      for (const p of input.readers) p.close();
      await db.destroy().catch(() => undefined);
    } finally {
      busy = false;
    }
  };
  for (const port of input.readers) {
    port.on('message', (m: ReaderMessage) => {
      if (m.type === 'batch') pending.set(m.index, { rows: rowsOf(m.batch), lastRowNo: m.lastRowNo, from: port });
      else {
        readersDone++;
        total = Math.max(total, m.batches);
      }
      void drain();
    });
  }
}

interface Pending {
  rows: PreparedRow[];
  lastRowNo: number;
  from: MessagePort;
}

run(workerData as WriterInput).catch((err: unknown) => parentPort!.postMessage(errorReport(err)));

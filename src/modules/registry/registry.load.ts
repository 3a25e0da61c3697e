// `popreg load`: streams a DC01 file straight into the registry. A worker thread reads and checks the rows by the
// same rules as any write; this thread writes them in large batches. Rows that break a rule are skipped and
// reported; a row whose PIN is already in the registry (or earlier in the file) is skipped as a duplicate, so
// loading a file twice adds nothing the second time; a row without PIN gets one allocated, and its ballot id is
// remembered so that it is not loaded twice either.
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { RequestContext } from '../../domain/context.ts';
import { yearOf } from '../../domain/dates.ts';
import { ValidationError, type Violation } from '../../domain/errors.ts';
import { composePin, randomSerial } from '../../domain/pin.ts';
import { startWorker as startModuleWorker } from '../../lib/worker.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { nextTimestamp } from './clock.ts';
import type { PersonState } from './person.model.ts';
import { projectPerson } from './person.projection.ts';
import {
  type BulkHousehold,
  type BulkMeta,
  type BulkRow,
  type BulkWriter,
  bulkRow,
  openBulkWriter,
  setBulkRowId,
} from './registry.bulk.repository.ts';
import type { LoadProblem, PreparedRow } from './registry.load.prepare.ts';
import type { WorkerInput, WorkerMessage } from './registry.load.worker.ts';
import type { RegistryService } from './registry.service.ts';

export type { LoadProblem };

export interface LoadReport {
  rows: number;
  loaded: number;
  invalid: number;
  duplicates: number;
  pinsAllocated: number;
  households: number;
  ms: number;
  /** The first problems found (at most `maxProblems`). */
  problems: LoadProblem[];
}

export interface LoadOptions {
  batchSize?: number;
  maxProblems?: number;
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
}

function startWorker(input: WorkerInput): Worker {
  return startModuleWorker(import.meta.url, './registry.load.worker', { workerData: input });
}

export async function loadBallotFile(
  svc: RegistryService,
  ctx: RequestContext,
  path: string,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  const started = Date.now();
  const env = await svc.env();
  const totalBytes = statSync(path).size;
  const writer = openBulkWriter(svc.db);
  const report: LoadReport = {
    rows: 0,
    loaded: 0,
    invalid: 0,
    duplicates: 0,
    pinsAllocated: 0,
    households: 0,
    ms: 0,
    problems: [],
  };
  const seenPins = new Set<string>();
  const seenHouseholds = new Set<string>();
  // One transaction time for the whole load: the moment it started.
  const meta: BulkMeta = {
    recordedAt: nextTimestamp(),
    recordedBy: ctx.actor.id,
    event: 'registration',
    reason: 'nạp từ tệp phiếu DC01',
  };
  const worker = startWorker({
    meta,
    path,
    reference: await svc.referenceSnapshot(),
    today: env.today,
    batchSize: opts.batchSize ?? 20_000,
    maxProblems: opts.maxProblems ?? 1000,
  });

  const write = async (prepared: PreparedRow[]) => {
    const keep: BulkRow[] = [];
    const existing = await writer.existingPins(prepared.filter((p) => p.rows).map((p) => p.rows!.pin));
    const existingBallots = await writer.loadedBallots(
      prepared.filter((p) => !p.rows && p.ballotId).map((p) => p.ballotId),
    );
    const households: BulkHousehold[] = [];
    for (const p of prepared) {
      let rows = p.rows;
      if (rows) {
        if (existing.has(rows.pin) || seenPins.has(rows.pin)) {
          report.duplicates++;
          continue;
        }
        seenPins.add(rows.pin);
      } else {
        if (existingBallots.has(p.ballotId)) {
          report.duplicates++;
          continue;
        }
        const state = p.state!;
        state.pin = await allocatePin(state, env.catalog, seenPins, writer);
        rows = bulkRow(
          projectPerson(state, env.catalog),
          p.validFrom,
          p.ballotId ? `DC01 ${p.ballotId}` : null,
          meta,
          p.ballotId || null,
        );
        report.pinsAllocated++;
      }
      if (p.household && !seenHouseholds.has(p.household.code)) {
        seenHouseholds.add(p.household.code);
        households.push({
          code: p.household.code,
          unit_code: p.household.unitCode,
          address: p.household.address,
          created_at: meta.recordedAt,
        });
      }
      keep.push(rows);
    }
    const ids = keep.length ? await writer.reserveIds(keep.length) : [];
    for (let i = 0; i < keep.length; i++) setBulkRowId(keep[i]!, ids[i]!);
    await writer.write(keep, households, meta.recordedAt);
    report.loaded += keep.length;
    report.households += households.length;
  };

  await new Promise<void>((resolve, reject) => {
    let chain = Promise.resolve();
    let finished = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'error') {
        finished = true;
        const violations = (m.violations ?? []) as Violation[];
        reject(violations.length ? new ValidationError(violations) : new Error(m.message));
        return;
      }
      chain = chain
        .then(async () => {
          if (m.type === 'batch') {
            report.rows = m.read;
            report.invalid = m.invalid;
            for (const p of m.problems) report.problems.push(p);
            await write(m.rows);
            worker.postMessage({ type: 'ack' });
            opts.onProgress?.({ rows: m.read, bytes: Math.min(m.bytes, totalBytes), totalBytes });
          } else {
            report.rows = m.read;
            report.invalid = m.invalid;
            finished = true;
            opts.onProgress?.({ rows: m.read, bytes: totalBytes, totalBytes });
            resolve();
          }
        })
        .catch((err) => {
          finished = true;
          reject(err);
        });
    });
    worker.on('error', (err) => {
      finished = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!finished) reject(new Error(`the load worker stopped unexpectedly (exit code ${code})`));
    });
  }).finally(() => worker.terminate());
  report.ms = Date.now() - started;
  return report;
}

/** A fresh PIN for a ballot without one: the birth-registration province as of the ballot's unit date. */
async function allocatePin(
  s: PersonState,
  catalog: ReferenceCatalog,
  seen: Set<string>,
  writer: BulkWriter,
): Promise<string> {
  const place = s.birthRegistrationPlace ?? s.permanentResidence;
  const unit = place ? catalog.unitOn(place.unitCode, place.unitDate) : undefined;
  const pinCode = unit && catalog.pinProvince(`0${unit.provinceCode}`) ? `0${unit.provinceCode}` : '001';
  for (;;) {
    const pin = composePin(pinCode, yearOf(s.dateOfBirth), s.sex, randomSerial());
    if (seen.has(pin) || (await writer.existingPins([pin])).size > 0) continue;
    seen.add(pin);
    return pin;
  }
}

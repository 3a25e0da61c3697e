// `popreg load`: streams a DC01 file straight into the registry. Each row is read, checked by the same rules as
// any write, and written in large batches. Rows that break a rule are skipped and reported; a row whose PIN is
// already in the registry (or earlier in the file) is skipped as a duplicate, so loading a file twice adds nothing
// the second time; a row without PIN gets one allocated.
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { RequestContext } from '../../domain/context.ts';
import { DC01_FIELDS, type Dc01Row } from '../../domain/dc01.ts';
import { yearOf } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { composePin, randomSerial } from '../../domain/pin.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { nextTimestamp } from './clock.ts';
import { ballotToState } from './dc01.mapping.ts';
import { compactState, type PersonState } from './person.model.ts';
import { projectPerson } from './person.projection.ts';
import { validatePersonState } from './person.validation.ts';
import { type BulkHousehold, type BulkPerson, openBulkWriter } from './registry.bulk.repository.ts';
import type { RegistryService } from './registry.service.ts';

export interface LoadProblem {
  row: number;
  ballotId: string;
  field: string;
  rule: string;
  message: string;
  value?: unknown;
}

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

/** Header cells may be the DC01 keys or their Vietnamese or English labels. */
const HEADER_TO_KEY = new Map<string, string>(
  DC01_FIELDS.flatMap((f) => [
    [f.key, f.key],
    [f.vi.toLowerCase(), f.key],
    [f.en.toLowerCase(), f.key],
  ]),
);

function mapHeader(cells: string[]): string[] {
  const unknown = cells.filter((c) => !HEADER_TO_KEY.has(c.trim().toLowerCase()));
  if (unknown.length > 0) {
    throw new ValidationError([
      {
        field: 'header',
        rule: 'file.unknown_header',
        message: `unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; expected: ${DC01_FIELDS.map((f) => f.key).join(', ')}`,
        value: unknown,
      },
    ]);
  }
  return cells.map((c) => HEADER_TO_KEY.get(c.trim().toLowerCase())!);
}

interface Candidate {
  row: number;
  state: PersonState;
  validFrom: string;
  ballotId: string;
}

export async function loadBallotFile(
  svc: RegistryService,
  ctx: RequestContext,
  path: string,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  const started = Date.now();
  const env = await svc.env();
  const writer = openBulkWriter(svc.db);
  const batchSize = opts.batchSize ?? 20_000;
  const maxProblems = opts.maxProblems ?? 1000;
  const totalBytes = statSync(path).size;
  const report: LoadReport = { rows: 0, loaded: 0, invalid: 0, duplicates: 0, pinsAllocated: 0, households: 0, ms: 0, problems: [] };
  const seenPins = new Set<string>();
  const seenHouseholds = new Set<string>();
  let batch: Candidate[] = [];

  const problem = (p: LoadProblem) => {
    if (report.problems.length < maxProblems) report.problems.push(p);
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const withPin = current.filter((c) => c.state.pin);
    const existing = await writer.existingPins(withPin.map((c) => c.state.pin));
    const keep: Candidate[] = [];
    for (const c of current) {
      if (c.state.pin && existing.has(c.state.pin)) {
        report.duplicates++;
        continue;
      }
      if (!c.state.pin) {
        c.state.pin = await allocate(c.state, env.catalog, seenPins, writer.existingPins);
        report.pinsAllocated++;
      }
      keep.push(c);
    }
    const firstId = await writer.reserveIds(keep.length);
    const recordedAt = nextTimestamp();
    const households: BulkHousehold[] = [];
    const persons: BulkPerson[] = keep.map((c, i) => {
      const hh = c.state.household;
      if (hh && !seenHouseholds.has(hh.code)) {
        seenHouseholds.add(hh.code);
        const r = c.state.permanentResidence;
        households.push({ code: hh.code, unit_code: r?.unitCode ?? null, address: r?.detail ?? null, created_at: recordedAt });
      }
      return {
        ...projectPerson(c.state, env.catalog),
        id: firstId + i,
        recorded_at: recordedAt,
        recorded_by: ctx.actor.id,
        valid_from: c.validFrom,
        event: 'registration',
        reason: 'loaded from a DC01 file',
        source_doc: c.ballotId ? `DC01 ${c.ballotId}` : null,
        changes: JSON.stringify(compactState(c.state)),
      };
    });
    await writer.write(persons, households);
    report.loaded += persons.length;
    report.households += households.length;
  };

  const parser = createReadStream(path).pipe(
    parse({ bom: true, columns: mapHeader, skip_empty_lines: true, relax_column_count: false, max_record_size: 1_000_000 }),
  );
  for await (const record of parser as AsyncIterable<Partial<Dc01Row>>) {
    report.rows++;
    const rowNo = report.rows + 1; // the header is line 1
    const mapped = ballotToState(record, env.today);
    const ballotId = (record.ballot_id ?? '').trim();
    const violations = mapped.violations.list;
    if (violations.length === 0) {
      const hadPin = mapped.state.pin !== '';
      if (!hadPin) mapped.state.pin = '000000000000';
      for (const x of validatePersonState(mapped.state, env).list) {
        if (!hadPin && x.field === 'pin') continue;
        violations.push(x);
      }
      if (!hadPin) mapped.state.pin = '';
    }
    if (violations.length > 0) {
      report.invalid++;
      for (const x of violations) problem({ row: rowNo, ballotId, field: x.field, rule: x.rule, message: x.message, value: x.value });
      continue;
    }
    if (mapped.state.pin) {
      if (seenPins.has(mapped.state.pin)) {
        report.duplicates++;
        continue;
      }
      seenPins.add(mapped.state.pin);
    }
    batch.push({ row: rowNo, state: mapped.state, validFrom: mapped.validFrom, ballotId });
    if (batch.length >= batchSize) {
      await flush();
      opts.onProgress?.({ rows: report.rows, bytes: parser.info?.bytes ?? 0, totalBytes });
    }
  }
  await flush();
  opts.onProgress?.({ rows: report.rows, bytes: totalBytes, totalBytes });
  report.ms = Date.now() - started;
  return report;
}

/** A fresh PIN for a ballot without one: the birth-registration province as of the ballot's unit date. */
async function allocate(
  s: PersonState,
  catalog: ReferenceCatalog,
  seen: Set<string>,
  existingPins: (pins: string[]) => Promise<Set<string>>,
): Promise<string> {
  const place = s.birthRegistrationPlace ?? s.permanentResidence;
  const unit = place ? catalog.unitOn(place.unitCode, place.unitDate) : undefined;
  const pinCode = unit && catalog.pinProvince(`0${unit.provinceCode}`) ? `0${unit.provinceCode}` : '001';
  for (;;) {
    const pin = composePin(pinCode, yearOf(s.dateOfBirth), s.sex, randomSerial());
    if (seen.has(pin) || (await existingPins([pin])).size > 0) continue;
    seen.add(pin);
    return pin;
  }
}

// Turns CSV rows of a DC01 file into rows ready to insert: mapped, validated and projected. Pure (no I/O), so it
// runs in a worker thread while the main thread writes.
import { DC01_FIELDS, type Dc01Key, type Dc01Row } from '../../domain/dc01.ts';
import { ValidationError, type Violation } from '../../domain/errors.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import { ballotToState } from './dc01.mapping.ts';
import type { PersonState } from './person.model.ts';
import { projectPerson } from './person.projection.ts';
import { validatePersonState } from './person.validation.ts';
import { type BulkMeta, type BulkRow, bulkRow } from './registry.bulk.repository.ts';

export interface LoadProblem {
  row: number;
  ballotId: string;
  field: string;
  rule: string;
  message: string;
  value?: unknown;
}

export interface PreparedRow {
  row: number;
  ballotId: string;
  validFrom: string;
  household: { code: string; unitCode: string | null; address: string | null } | null;
  /** Null when the ballot has no PIN: the writer allocates one and builds the rows from `state` then. */
  rows: BulkRow | null;
  state: PersonState | null;
}

/** Header cells may be the DC01 keys or their Vietnamese or English labels (any case). */
const HEADER_TO_KEY = new Map<string, Dc01Key>(
  DC01_FIELDS.flatMap((f) => [
    [f.key, f.key],
    [f.vi.toLowerCase(), f.key],
    [f.en.toLowerCase(), f.key],
  ]),
);

/** Maps header cells to DC01 keys; unknown columns are refused with the list of expected ones. */
export function mapHeader(cells: string[]): Dc01Key[] {
  const clean = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
  const unknown = clean.filter((c) => !HEADER_TO_KEY.has(c.toLowerCase()));
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
  return clean.map((c) => HEADER_TO_KEY.get(c.toLowerCase())!);
}

export class RowPreparer {
  constructor(
    private readonly keys: Dc01Key[],
    private readonly catalog: ReferenceCatalog,
    private readonly today: string,
    private readonly meta: BulkMeta,
  ) {}

  /** A prepared row, or the problems that keep it out (each naming the field, rule and value). */
  prepare(cells: string[], rowNo: number): PreparedRow | LoadProblem[] {
    const record: Partial<Dc01Row> = {};
    for (let i = 0; i < this.keys.length; i++) record[this.keys[i]!] = cells[i] ?? '';
    const ballotId = (record.ballot_id ?? '').trim();
    if (cells.length !== this.keys.length) {
      return [
        {
          row: rowNo,
          ballotId,
          field: 'row',
          rule: 'file.columns',
          message: `expected ${this.keys.length} columns, found ${cells.length}`,
          value: cells.length,
        },
      ];
    }
    const mapped = ballotToState(record, this.today);
    const violations: Violation[] = mapped.violations.list;
    const hasPin = mapped.state.pin !== '';
    if (violations.length === 0) {
      // A ballot without PIN is checked with a well-formed stand-in; the PIN rules then apply to the allocated one.
      if (!hasPin) mapped.state.pin = '000000000000';
      for (const x of validatePersonState(mapped.state, { catalog: this.catalog, today: this.today }).list) {
        if (hasPin || x.field !== 'pin') violations.push(x);
      }
      if (!hasPin) mapped.state.pin = '';
    }
    if (violations.length > 0) {
      return violations.map((x) => ({
        row: rowNo,
        ballotId,
        field: x.field,
        rule: x.rule,
        message: x.message,
        value: x.value,
      }));
    }
    const s = mapped.state;
    const r = s.permanentResidence;
    return {
      row: rowNo,
      ballotId,
      validFrom: mapped.validFrom,
      household: s.household
        ? { code: s.household.code, unitCode: r?.unitCode ?? null, address: r?.detail ?? null }
        : null,
      rows: hasPin
        ? bulkRow(
            projectPerson(s, this.catalog),
            mapped.validFrom,
            ballotId ? `DC01 ${ballotId}` : null,
            this.meta,
            null,
          )
        : null,
      state: hasPin ? null : s,
    };
  }
}

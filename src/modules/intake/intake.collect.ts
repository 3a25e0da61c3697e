// What every format reader does with the rows it finds, whatever the format: map the header, sample name cells for
// the legacy-font check, count rows, refuse an empty file, and (when reading) build IntakeRows in batches.

import { MojibakeProbe } from './intake.encoding.ts';
import { badFile, columnLetter } from './intake.errors.ts';
import {
  checkRequired,
  expectedColumns,
  type FormCode,
  headerKey,
  mapHeaderRow,
  NAME_COLUMNS,
} from './intake.fields.ts';
import type { IntakeRow } from './intake.types.ts';

export interface ScanSettings {
  form: FormCode;
  /** check: structure only, rows are counted but not built; read: rows from fromRowNo are built. */
  mode: 'check' | 'read';
  fromRowNo: number;
  batchSize: number;
  maxFieldBytes: number;
  /** Sees every byte of the file, in order (hash and size). */
  tap?: (chunk: Buffer) => void;
  /** Read size of text formats; tests make it tiny to cut characters, quotes and rows across chunks. */
  chunkBytes?: number;
}

/** Rows looked at by the legacy-font check, at most (it usually stops earlier, after 300 name cells). */
const SAMPLE_ROWS = 1000;

const FORM_KEY = /^[a-z][a-z0-9_]*$/;

/**
 * Builds row values as one object literal with the file's keys in file order. A literal whose keys are fixed when
 * the function is compiled gets in-object properties; adding 34 keys one by one to `{}` does not, and costs
 * most of the read time in allocation and GC on a million rows. The keys are the form's own field keys (checked
 * against FORM_KEY), never text from the file, so compiling them is safe.
 */
function valuesBuilder(keys: (string | null)[]): (cells: string[]) => Record<string, string> {
  const props: string[] = [];
  keys.forEach((k, i) => {
    if (k === null) return;
    if (!FORM_KEY.test(k)) throw new Error(`not a form key: ${k}`);
    props.push(`${k}: (c[${i}] ?? '').trim()`);
  });
  return new Function('c', `return { ${props.join(', ')} };`) as (cells: string[]) => Record<string, string>;
}

export class RowCollector {
  /** Form key per column position (null: a column with an empty header). */
  keys: (string | null)[] = [];
  /** Form keys present in the file, in file order. */
  readonly columns: string[] = [];
  headerRow = 0;
  /** Data rows holding at least one value. */
  rows = 0;
  private nameIndexes: number[] = [];
  private unnamed: number[] = [];
  private readonly probe = new MojibakeProbe();
  private sampling = true;
  private sampled = 0;
  private batch: IntakeRow[] = [];
  private ready: IntakeRow[][] = [];
  private readonly rawKeys = new Map<string, string>();
  private build: ((cells: string[]) => Record<string, string>) | undefined;

  constructor(private readonly s: ScanSettings) {}

  /** Positional formats: the header row. */
  header(cells: string[], rowNo: number): void {
    this.keys = mapHeaderRow(this.s.form, cells, rowNo);
    this.headerRow = rowNo;
    this.keys.forEach((k, i) => {
      if (k === null) this.unnamed.push(i);
      else {
        this.columns.push(k);
        if (NAME_COLUMNS.has(k)) this.nameIndexes.push(i);
      }
    });
    this.build = valuesBuilder(this.keys);
  }

  /** Whether the reader should build the cells of this row (the check pass skips most rows). */
  wantCells(rowNo: number): boolean {
    return this.sampling || this.unnamed.length > 0 || (this.s.mode === 'read' && rowNo >= this.s.fromRowNo);
  }

  /** Positional formats: a data row; cells null when wantCells said no; blank when every cell is empty. */
  row(rowNo: number, cells: string[] | null, blank: boolean): void {
    if (blank) return;
    this.rows++;
    if (!cells) return;
    for (const i of this.unnamed) {
      const v = cells[i];
      if (v !== undefined && v.trim() !== '')
        throw badFile.headers('unnamed', [`${columnLetter(i)}${rowNo}`], expectedColumns(this.s.form), this.headerRow);
    }
    if (this.sampling)
      this.sample(
        rowNo,
        this.nameIndexes.map((i) => [this.keys[i]!, cells[i] ?? '']),
      );
    if (this.s.mode === 'read' && rowNo >= this.s.fromRowNo) this.push({ rowNo, values: this.build!(cells) });
  }

  /**
   * Key-value formats (NDJSON): one object of text or null (absent), keys as written in the file. An object whose
   * keys are all field keys and has no null becomes the row itself, trimmed in place (the common case, and the cheap
   * one); otherwise a new object is built under the mapped keys.
   */
  record(rowNo: number, raw: Record<string, string | null>): void {
    let same = true;
    for (const name in raw) {
      let key = this.rawKeys.get(name);
      if (key === undefined) {
        key = headerKey(this.s.form, name);
        if (key === undefined) throw badFile.headers('unknown', [name], expectedColumns(this.s.form), rowNo);
        this.rawKeys.set(name, key);
        if (!this.columns.includes(key)) this.columns.push(key);
      }
      if (key !== name || raw[name] === null) same = false;
    }
    let values: Record<string, string>;
    if (same) values = raw as Record<string, string>;
    else {
      values = {};
      const seen = new Set<string>();
      for (const name in raw) {
        const key = this.rawKeys.get(name)!;
        if (seen.has(key)) throw badFile.headers('duplicate', [name], expectedColumns(this.s.form), rowNo);
        seen.add(key);
        const v = raw[name];
        if (v !== null && v !== undefined) values[key] = v;
      }
    }
    let blank = true;
    for (const key in values) {
      const v = values[key]!;
      const t = v.trim();
      if (t !== v) values[key] = t;
      if (t !== '') blank = false;
    }
    if (blank) return;
    this.rows++;
    if (this.sampling)
      this.sample(
        rowNo,
        [...NAME_COLUMNS].map((k) => [k, values[k] ?? '']),
      );
    if (this.s.mode === 'read' && rowNo >= this.s.fromRowNo) this.push({ rowNo, values });
  }

  /** Full batches, once the legacy-font sample has cleared the file. */
  drain(): IntakeRow[][] {
    if (this.ready.length === 0) return [];
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** End of file: refuses an empty file, settles the sample, and returns the last batches. */
  finish(): IntakeRow[][] {
    if (this.headerRow === 0 && this.rows === 0) throw badFile.empty(this.columns.length > 0);
    if (this.rows === 0) throw badFile.empty(true);
    if (this.headerRow === 0) checkRequired(this.s.form, new Set(this.columns), 1);
    this.endSample();
    if (this.batch.length > 0) this.ready.push(this.batch);
    this.batch = [];
    return this.drain();
  }

  private sample(rowNo: number, cells: [key: string, value: string][]): void {
    for (const [key, v] of cells) this.probe.add(v.trim(), rowNo, key);
    if (++this.sampled >= SAMPLE_ROWS || this.probe.done) this.endSample();
  }

  private endSample(): void {
    if (!this.sampling) return;
    this.probe.verdict();
    this.sampling = false;
    this.flushFull();
  }

  private push(row: IntakeRow): void {
    this.batch.push(row);
    if (!this.sampling && this.batch.length >= this.s.batchSize) this.flushFull();
  }

  private flushFull(): void {
    const size = this.s.batchSize;
    while (this.batch.length >= size) {
      if (this.batch.length === size) {
        this.ready.push(this.batch);
        this.batch = [];
      } else this.ready.push(this.batch.splice(0, size));
    }
  }
}

// CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, ',' or ';') read in chunks by a hand-written tokenizer
// rather than a library. csv-parse costs about 30 µs a row (ADR 0002), 30 s for a million rows before any other
// work. papaparse keeps an unfinished row in memory and re-reads it at every chunk, so one quote left open costs
// time and memory in proportion to the rest of the file: on a 60 MB file with a quote open from row 11 it took
// 111 s and 1.1 GB before reporting "Quoted field unterminated" at "row 0". This tokenizer gives up as soon as a cell
// passes the size limit (0.03 s there) and names the row where the quote opened; on good files it is faster too
// (1M DC01 rows: papaparse 7.5 s just splitting rows, this check pass 2.3 s). It scans with indexOf on the decoded
// chunk: the check pass decodes as Latin-1 (one char per byte, so lengths are byte counts and decoding is nearly
// free) after validating UTF-8; the read pass decodes UTF-8 and normalises whole chunks to NFC.
import { createReadStream } from 'node:fs';
import type { RowCollector, ScanSettings } from './intake.collect.ts';
import { Utf8Guard } from './intake.encoding.ts';
import { badFile, cutValue } from './intake.errors.ts';
import { type FormCode, headerKey } from './intake.fields.ts';
import type { IntakeRow } from './intake.types.ts';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const EQUALS = 61;
// 256 KiB: large enough to amortise per-chunk work, small enough that a chunk's rows die young (less GC, less RSS).
const CHUNK_BYTES = 1 << 18;

export interface CsvSink {
  /** A complete, non-blank-line record. cells is null unless wantCells(rowNo); blank: every field was empty. */
  record(rowNo: number, cells: string[] | null, blank: boolean): void;
  wantCells(rowNo: number): boolean;
  /** Form key of a column, for messages. */
  columnName(index: number): string | undefined;
  /** Text as the tokenizer sees it → real text (the check pass reads Latin-1). */
  decode(raw: string): string;
}

/** The cells of the first line split by one delimiter, honouring quotes (enough to recognise a header). */
function splitLine(text: string, delim: number): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted && c === delim) {
      cells.push(cell);
      cell = '';
    } else cell += text[i];
  }
  cells.push(cell);
  return cells;
}

/**
 * ',' or ';': the one that splits the header line into more known column names, then into more cells. Counting
 * delimiters alone would fail on Vietnamese labels, which contain commas ("Ngày, tháng, năm sinh") that Excel
 * leaves unquoted in a ';' file.
 */
export function detectDelimiter(headerLine: string, form: FormCode): ',' | ';' {
  const score = (d: ',' | ';') => {
    const cells = splitLine(headerLine, d.charCodeAt(0));
    return { known: cells.filter((c) => headerKey(form, c) !== undefined).length, cells: cells.length };
  };
  const comma = score(',');
  const semicolon = score(';');
  if (semicolon.known !== comma.known) return semicolon.known > comma.known ? ';' : ',';
  return semicolon.cells > comma.cells ? ';' : ',';
}

export class CsvTokenizer {
  /** Spreadsheet row number of the next record: blank lines count, as a spreadsheet shows them. */
  rowNo = 1;
  /** Columns of the header row, once read. */
  width = -1;
  private readonly delimCode: number;
  private readonly safeUnits: number;

  /**
   * @param unitBytes 1 when the text is Latin-1 decoded (a char is a byte), 3 when it is real UTF-16 text (a code
   * unit is at most 3 UTF-8 bytes), so most size checks need no byte count.
   */
  constructor(
    private readonly delim: ',' | ';',
    private readonly maxBytes: number,
    private readonly unitBytes: 1 | 3,
    private readonly sink: CsvSink,
  ) {
    this.delimCode = delim.charCodeAt(0);
    this.safeUnits = Math.floor(maxBytes / unitBytes);
  }

  /** Parses the complete records of text; returns where the unfinished last record starts (text.length if none). */
  feed(text: string, final: boolean): number {
    const len = text.length;
    const D = this.delimCode;
    const ds = this.delim;
    let p = 0;
    // Next delimiter, line feed, quote and '=' at or after p (len: none), each searched again only once passed.
    let dl = -1;
    let nl = -1;
    let qt = -1;
    let eq = -1;
    while (p < len) {
      const start = p;
      let c = text.charCodeAt(p);
      if (c === LF) {
        this.rowNo++;
        p++;
        continue;
      }
      if (c === CR && (p + 1 === len || text.charCodeAt(p + 1) === LF)) {
        if (p + 1 === len && !final) return start;
        this.rowNo++;
        p += p + 1 === len ? 1 : 2;
        continue;
      }
      const rowNo = this.rowNo;
      const want = this.width < 0 || this.sink.wantCells(rowNo);
      let cells: string[] | null = null;
      let n = 0;
      let blank = true;
      if (nl < p) nl = indexOrEnd(text, '\n', p);
      if (qt < p) qt = indexOrEnd(text, '"', p);
      if (eq < p) eq = indexOrEnd(text, '=', p);
      if (nl < len && qt > nl && eq > nl && nl - p <= this.safeUnits) {
        // Nearly every line: no quote, no formula, too short for an oversized cell; the delimiters alone split it.
        const end = text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if (want) {
          cells = text.slice(p, end).split(ds);
          n = cells.length;
        } else {
          if (dl < p) dl = indexOrEnd(text, ds, p);
          n = 1;
          while (dl < end) {
            n++;
            dl = indexOrEnd(text, ds, dl + 1);
          }
        }
        blank = end - p === n - 1;
        p = nl + 1;
        this.endRecord(text, start, p, rowNo, cells, n, blank);
        continue;
      }
      if (want) cells = [];
      let ended = false;
      while (!ended) {
        const fs = p;
        c = text.charCodeAt(p);
        if (c === QUOTE) {
          let q = p + 1;
          let escaped = false;
          let close = -1;
          for (;;) {
            const j = text.indexOf('"', q);
            if (j < 0 || (j + 1 === len && !final)) break; // at the very end it may be half of a doubled quote
            if (text.charCodeAt(j + 1) === QUOTE) {
              escaped = true;
              q = j + 2;
              continue;
            }
            close = j;
            break;
          }
          if (close < 0) {
            if (!final) {
              this.checkUnfinished(text, fs + 1, true, rowNo, n);
              return start;
            }
            throw badFile.quotes(this.place(rowNo, n), 'unclosed', this.sink.decode(text.slice(fs, fs + 400)));
          }
          if (close > fs + 1) {
            blank = false;
            if (text.charCodeAt(fs + 1) === EQUALS) this.formula(text, fs + 1, close, rowNo, n);
            if (this.tooBig(text, fs + 1, close)) this.fieldTooLarge(text, fs + 1, close, rowNo, n);
          }
          if (cells) {
            const v = text.slice(fs + 1, close);
            cells.push(escaped ? v.replaceAll('""', '"') : v);
          }
          p = close + 1;
          c = text.charCodeAt(p);
          if (c === D) p++;
          else if (c === LF) {
            p++;
            ended = true;
          } else if (c === CR && (p + 1 === len || text.charCodeAt(p + 1) === LF)) {
            if (p + 1 === len && !final) return start;
            p += p + 1 === len ? 1 : 2;
            ended = true;
          } else if (p === len) ended = true;
          else {
            const line = rowNo + countLf(text, start, p);
            let stop = p;
            while (stop < len && stop < p + 200 && !/[\n\r]/.test(text[stop]!) && text.charCodeAt(stop) !== D) stop++;
            throw badFile.quotes(this.place(rowNo, n), 'after_close', this.sink.decode(text.slice(fs, stop)), line);
          }
        } else {
          if (dl < p) {
            dl = text.indexOf(ds, p);
            if (dl < 0) dl = len;
          }
          if (nl < p) {
            nl = text.indexOf('\n', p);
            if (nl < 0) nl = len;
          }
          const atDelim = dl < nl;
          const e = atDelim ? dl : nl;
          if (e === len && !final) {
            this.checkUnfinished(text, fs, false, rowNo, n);
            return start;
          }
          const ve = !atDelim && e > fs && text.charCodeAt(e - 1) === CR ? e - 1 : e;
          if (ve > fs) {
            blank = false;
            if (c === EQUALS) this.formula(text, fs, ve, rowNo, n);
            if (this.tooBig(text, fs, ve)) this.fieldTooLarge(text, fs, ve, rowNo, n);
          }
          if (cells) cells.push(text.slice(fs, ve));
          p = e + 1;
          ended = !atDelim;
        }
        n++;
      }
      if (p > len) p = len;
      this.endRecord(text, start, p, rowNo, cells, n, blank);
    }
    return p;
  }

  private endRecord(
    text: string,
    start: number,
    end: number,
    rowNo: number,
    cells: string[] | null,
    n: number,
    blank: boolean,
  ): void {
    this.rowNo++;
    if (this.width < 0) this.width = n;
    else if (n !== this.width) {
      // A line of spaces is a blank line that an editor left behind.
      if (n === 1 && text.slice(start, end).trim() === '') return;
      const shown = this.sink.decode(text.slice(start, Math.min(end, start + 400)));
      throw badFile.columns(rowNo, n, this.width, shown.replace(/\r?\n$/, ''));
    }
    this.sink.record(rowNo, cells, blank);
  }

  private place(row: number, index: number) {
    return { row, index, column: this.width < 0 ? undefined : this.sink.columnName(index) };
  }

  private tooBig(text: string, s: number, e: number): boolean {
    const units = e - s;
    if (units <= this.safeUnits) return false;
    if (this.unitBytes === 1 || units > this.maxBytes) return true;
    return Buffer.byteLength(text.slice(s, e)) > this.maxBytes;
  }

  /** An unfinished cell at the end of a chunk may already be too large: stop now rather than buffer more. */
  /**
   * An unfinished record at the end of a chunk waits for the next one; it must not grow without bound. A cell past
   * the size limit, more cells than the header, or a header line past the limit are refused now.
   */
  private checkUnfinished(text: string, s: number, quoted: boolean, rowNo: number, index: number): void {
    if (this.width >= 0 && index >= this.width) {
      const start = text.lastIndexOf('\n', s - 1) + 1;
      throw badFile.columns(rowNo, index + 1, this.width, this.sink.decode(text.slice(start, start + 200)));
    }
    if (this.width < 0 && text.length > this.maxBytes) this.fieldTooLarge(text, 0, text.length, rowNo, 0);
    if (!this.tooBig(text, s, text.length)) return;
    // A quoted cell that runs over many lines is almost always a quote that was never closed.
    if (quoted && text.indexOf('\n', s) >= 0)
      throw badFile.quotes(this.place(rowNo, index), 'unclosed', this.sink.decode(text.slice(s - 1, s + 400)));
    this.fieldTooLarge(text, s, text.length, rowNo, index);
  }

  private fieldTooLarge(text: string, s: number, e: number, rowNo: number, index: number): never {
    const bytes = this.unitBytes === 1 ? e - s : Buffer.byteLength(text.slice(s, e));
    throw badFile.fieldTooLarge(
      this.place(rowNo, index),
      bytes,
      this.maxBytes,
      this.sink.decode(text.slice(s, s + 400)),
    );
  }

  private formula(text: string, s: number, e: number, rowNo: number, index: number): never {
    throw badFile.formula(this.place(rowNo, index), cutValue(this.sink.decode(text.slice(s, Math.min(e, s + 400)))));
  }
}

function indexOrEnd(text: string, what: string, from: number): number {
  const i = text.indexOf(what, from);
  return i < 0 ? text.length : i;
}

function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function latin1ToUtf8(raw: string): string {
  return Buffer.from(raw, 'latin1').toString('utf8');
}

const BOM_LATIN1 = '\u00ef\u00bb\u00bf';

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/** Streams a CSV file through the collector; yields batches of rows as the collector fills them. */
export async function* scanCsv(path: string, c: RowCollector, s: ScanSettings): AsyncGenerator<IntakeRow[]> {
  const guard = new Utf8Guard();
  // The check pass never needs real text except for the header and the sampled rows.
  const latin1 = s.mode === 'check';
  const decoder = new TextDecoder('utf-8');
  const decode = latin1 ? latin1ToUtf8 : (raw: string) => raw;
  const sink: CsvSink = {
    record: (rowNo, cells, blank) => {
      const real = cells && latin1 ? cells.map(latin1ToUtf8) : cells;
      if (c.headerRow === 0) c.header(real!, rowNo);
      else c.row(rowNo, real, blank);
    },
    wantCells: (rowNo) => c.wantCells(rowNo),
    columnName: (i) => c.keys[i] ?? undefined,
    decode,
  };
  let tok: CsvTokenizer | undefined;
  let carry = '';
  let started = false;
  const stream = createReadStream(path, { highWaterMark: s.chunkBytes ?? CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      s.tap?.(chunk);
      guard.check(chunk);
      let text = carry + (latin1 ? chunk.toString('latin1') : decoder.decode(chunk, { stream: true }));
      if (!started) {
        if (latin1 && text.length < 3) {
          carry = text;
          continue;
        }
        started = true;
        if (latin1 && text.startsWith(BOM_LATIN1)) text = text.slice(3);
      }
      if (!latin1) text = text.normalize('NFC');
      if (!tok) {
        // Wait for the whole header line before choosing the delimiter.
        if (text.indexOf('\n') < 0 && text.length < s.maxFieldBytes) {
          carry = text;
          continue;
        }
        tok = new CsvTokenizer(detectDelimiter(decode(firstLine(text)), s.form), s.maxFieldBytes, latin1 ? 1 : 3, sink);
      }
      const cut = tok.feed(text, false);
      carry = cut === text.length ? '' : text.slice(cut);
      yield* c.drain();
    }
    guard.end();
    let text = carry + (latin1 ? '' : decoder.decode());
    if (latin1 && !started && text.startsWith(BOM_LATIN1)) text = text.slice(3);
    if (!latin1) text = text.normalize('NFC');
    if (!tok) {
      if (text.trim() === '') throw badFile.empty(false);
      tok = new CsvTokenizer(detectDelimiter(decode(firstLine(text)), s.form), s.maxFieldBytes, latin1 ? 1 : 3, sink);
    }
    tok.feed(text, true);
  } finally {
    stream.destroy();
  }
  yield* c.finish();
}

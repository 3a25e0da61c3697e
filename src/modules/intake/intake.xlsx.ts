// XLSX through exceljs's streaming reader: the first worksheet, its first non-empty row as header, row numbers as
// Excel shows them. A formula anywhere is refused (a computed value is not a collected fact); dates become ISO
// days and numbers full decimal text. exceljs is loaded on first use, so CSV-only callers never pay for it.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { RowCollector, ScanSettings } from './intake.collect.ts';
import { BadFileError, badFile, columnLetter } from './intake.errors.ts';
import type { IntakeRow } from './intake.types.ts';
import { dateText, numberText } from './intake.values.ts';

type CellValue = unknown;

interface StreamRow {
  number: number;
  values: CellValue[] | Record<string, CellValue>;
}

function isFormula(v: CellValue): v is { formula?: string; sharedFormula?: string } {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

/** A cell value as text (not trimmed); formulas are handled before this. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

function notXlsx(err: unknown): BadFileError {
  const why = err instanceof Error ? err.message : String(err);
  return badFile.format(
    `not a readable XLSX workbook (${why}); open it in Excel and save it again as .xlsx or "CSV UTF-8"`,
    `không đọc được tệp XLSX (${why}); hãy mở bằng Excel và lưu lại thành .xlsx hoặc "CSV UTF-8"`,
  );
}

export async function* scanXlsx(path: string, c: RowCollector, s: ScanSettings): AsyncGenerator<IntakeRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const tap = s.tap;
  const input = new Transform({
    transform(chunk: Buffer, _enc, done) {
      tap?.(chunk);
      done(null, chunk);
    },
  });
  file.on('error', (err) => input.destroy(err));
  file.pipe(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      if (sheets++ > 0) break;
      for await (const raw of sheet as AsyncIterable<StreamRow>) {
        const rowNo = raw.number;
        const values = raw.values as CellValue[];
        const cells: string[] = [];
        let blank = true;
        for (let col = 1; col < values.length; col++) {
          const v = values[col];
          if (v === undefined || v === null) {
            cells.push('');
            continue;
          }
          const index = col - 1;
          const place = () => ({ row: rowNo, index, column: c.keys[index] ?? undefined });
          if (isFormula(v)) throw badFile.formula(place(), `=${v.formula || v.sharedFormula || ''}`);
          const text = cellText(v).normalize('NFC');
          if (text.trim() !== '') blank = false;
          if (Buffer.byteLength(text) > s.maxFieldBytes)
            throw badFile.fieldTooLarge(place(), Buffer.byteLength(text), s.maxFieldBytes, text);
          cells.push(text);
        }
        if (c.headerRow === 0) {
          if (!blank) c.header(cells, rowNo);
          continue;
        }
        for (let i = c.keys.length; i < cells.length; i++)
          if (cells[i]!.trim() !== '')
            throw badFile.columns(rowNo, i + 1, c.keys.length, `${columnLetter(i)}${rowNo}: ${cells[i]}`);
        c.row(rowNo, cells, blank);
        yield* c.drain();
      }
    }
  } catch (err) {
    if (err instanceof BadFileError) throw err;
    throw notXlsx(err);
  } finally {
    file.destroy();
    input.destroy();
  }
  if (sheets === 0) throw badFile.format('the workbook has no worksheet', 'tệp không có trang tính (worksheet) nào');
  yield* c.finish();
}

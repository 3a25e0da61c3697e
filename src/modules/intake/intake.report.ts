// The per-row error report an officer opens in Excel to fix a file: one line per problem, streamed, so a report of
// a million problems costs no more memory than one of ten. CSV starts with a UTF-8 byte-order mark (without it Excel
// reads Vietnamese as Windows-1252 garbage); XLSX goes through exceljs's streaming writer.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { spreadsheetLine } from '../../lib/csv.ts';
import { type FormCode, formFields } from './intake.fields.ts';

export interface IssueRow {
  rowNo: number;
  field: string;
  rule: string;
  principle: string;
  severity: 'error' | 'warning';
  messageVi: string;
  messageEn: string;
  value: string | null;
}

export const REPORT_HEADERS = [
  'Dòng / Row',
  'Trường / Field',
  'Quy tắc / Rule',
  'Nguyên tắc / Principle',
  'Mức độ / Severity',
  'Thông báo (tiếng Việt)',
  'Message (English)',
  'Giá trị / Value',
] as const;

const COLUMN_WIDTHS = [8, 40, 24, 14, 10, 60, 60, 30];

/** "full_name (Họ, chữ đệm và tên khai sinh)" for a form field; other names (row, file) as they are. */
function fieldLabel(form: FormCode): (field: string) => string {
  const labels = new Map(formFields(form).map((f) => [f.key, `${f.key} (${f.vi})`]));
  return (field) => labels.get(field) ?? field;
}

function cells(r: IssueRow, label: (f: string) => string): (string | number)[] {
  return [r.rowNo, label(r.field), r.rule, r.principle, r.severity, r.messageVi, r.messageEn, r.value ?? ''];
}

type Output = NodeJS.WritableStream & { once(event: string, fn: () => void): unknown };

async function write(out: Output, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

async function writeCsv(rows: AsyncIterable<IssueRow> | Iterable<IssueRow>, out: Output, form: FormCode) {
  const label = fieldLabel(form);
  let buffer = `\uFEFF${spreadsheetLine(REPORT_HEADERS)}\r\n`;
  let n = 0;
  for await (const r of rows) {
    buffer += `${spreadsheetLine(cells(r, label))}\r\n`;
    n++;
    if (buffer.length >= 65_536) {
      await write(out, buffer);
      buffer = '';
    }
  }
  await write(out, buffer);
  return n;
}

async function writeXlsx(
  rows: AsyncIterable<IssueRow> | Iterable<IssueRow>,
  out: string | NodeJS.WritableStream,
  form: FormCode,
): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out as import('node:stream').Writable }),
    // Styles would make the header bold at 2-3 times the cost per row; a frozen header row and widths are free.
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = wb.addWorksheet(`${form} - Lỗi`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REPORT_HEADERS.map((header, i) => ({ header, width: COLUMN_WIDTHS[i] }));
  const label = fieldLabel(form);
  let n = 0;
  for await (const r of rows) {
    sheet.addRow(cells(r, label)).commit();
    n++;
  }
  sheet.commit();
  await wb.commit();
  return n;
}

/**
 * Writes the per-row error report, streaming (CSV with UTF-8 BOM so Excel shows Vietnamese; XLSX via exceljs's
 * streaming WorkbookWriter), columns: row, field (key + Vietnamese label), rule, principle, severity, message (vi),
 * message (en), value. A path is created and closed; a stream is ended. Returns rows written.
 */
export async function writeIssueReport(
  rows: AsyncIterable<IssueRow> | Iterable<IssueRow>,
  out: string | NodeJS.WritableStream,
  format: 'csv' | 'xlsx',
  form: FormCode,
): Promise<number> {
  if (format === 'xlsx') return writeXlsx(rows, out, form);
  const stream = (typeof out === 'string' ? createWriteStream(out) : out) as Output;
  const n = await writeCsv(rows, stream, form);
  stream.end();
  await finished(stream as NodeJS.WritableStream);
  return n;
}

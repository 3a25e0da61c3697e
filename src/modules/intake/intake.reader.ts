// The public entry points: find a file's format, check its structure in one streaming pass, and stream its rows
// (one by one, or in batches for a worker thread). Memory stays flat whatever the file size.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { RowCollector, type ScanSettings } from './intake.collect.ts';
import { scanCsv } from './intake.csv.ts';
import { badFile } from './intake.errors.ts';
import type { FormCode } from './intake.fields.ts';
import { scanNdjson } from './intake.ndjson.ts';
import type { FileCheck, FileFormat, IntakeRow } from './intake.types.ts';
import { scanXlsx } from './intake.xlsx.ts';

export const DEFAULT_MAX_FIELD_BYTES = 1 << 20;
export const DEFAULT_BATCH_SIZE = 2000;

/**
 * By content first (a ZIP header is an XLSX workbook, a leading '{' is NDJSON), then by extension; CSV otherwise.
 * Legacy Excel 97-2003 files (.xls) are refused with a hint, since nothing here reads them.
 */
export function detectFormat(fileName: string, head: Buffer): FileFormat {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw badFile.format(
      'this is an Excel 97-2003 workbook (.xls); save it as .xlsx or "CSV UTF-8"',
      'đây là tệp Excel 97-2003 (.xls); hãy lưu thành .xlsx hoặc "CSV UTF-8"',
    );
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x7b) return 'ndjson';
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return 'csv';
}

async function formatOf(path: string, format: FileFormat | undefined): Promise<FileFormat> {
  if (format) return format;
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return detectFormat(path, head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

function scan(path: string, format: FileFormat, c: RowCollector, s: ScanSettings): AsyncGenerator<IntakeRow[]> {
  if (format === 'xlsx') return scanXlsx(path, c, s);
  if (format === 'ndjson') return scanNdjson(path, c, s);
  return scanCsv(path, c, s);
}

/**
 * One streaming pass over the whole file: structure only (encoding, quotes, column counts, headers, field size,
 * formulas, emptiness), plus sha256 and the row count. Throws BadFileError; never loads the file in memory.
 */
export async function checkBallotFile(
  path: string,
  opts: { form: FormCode; format?: FileFormat; maxFieldBytes?: number },
): Promise<FileCheck> {
  const format = await formatOf(path, opts.format);
  const hash = createHash('sha256');
  let bytes = 0;
  const s: ScanSettings = {
    form: opts.form,
    mode: 'check',
    fromRowNo: Number.POSITIVE_INFINITY,
    batchSize: DEFAULT_BATCH_SIZE,
    maxFieldBytes: opts.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
    tap: (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    },
  };
  const c = new RowCollector(s);
  if (format === 'xlsx') {
    // The workbook reader stops after the first worksheet, so the hash reads the file on its own, alongside.
    s.tap = undefined;
    const [digest] = await Promise.all([hashFile(path), drain(scan(path, format, c, s))]);
    return { format, rows: c.rows, bytes: digest.bytes, sha256: digest.sha256, columns: [...c.columns] };
  }
  await drain(scan(path, format, c, s));
  return { format, rows: c.rows, bytes, sha256: hash.digest('hex'), columns: [...c.columns] };
}

async function drain(batches: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of batches);
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Faster path for bulk import: batches of rows (arrays of IntakeRow), so a worker thread can post them in one
 * message. fromRowNo skips earlier rows without building them (resume after an interruption).
 */
export async function* readBallotBatches(
  path: string,
  opts: { form: FormCode; format?: FileFormat; fromRowNo?: number; batchSize?: number; maxFieldBytes?: number },
): AsyncIterable<IntakeRow[]> {
  const format = await formatOf(path, opts.format);
  const s: ScanSettings = {
    form: opts.form,
    mode: 'read',
    fromRowNo: opts.fromRowNo ?? 0,
    batchSize: Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE),
    maxFieldBytes: opts.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
  };
  yield* scan(path, format, new RowCollector(s), s);
}

/**
 * Streams data rows. rowNo is what a user sees in a spreadsheet: header = row 1, first data row = row 2 (NDJSON: the
 * line number). fromRowNo skips earlier rows cheaply (resume).
 */
export async function* readBallotFile(
  path: string,
  opts: { form: FormCode; format?: FileFormat; fromRowNo?: number },
): AsyncIterable<IntakeRow> {
  for await (const batch of readBallotBatches(path, { ...opts, batchSize: 500 })) yield* batch;
}

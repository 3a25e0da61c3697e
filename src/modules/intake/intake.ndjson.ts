// NDJSON: one JSON object per line, keys = field keys or labels, values text (numbers and booleans become text,
// null means absent). Blank lines are skipped; anything else that is not an object of scalars is refused by line.
import { createReadStream } from 'node:fs';
import type { RowCollector, ScanSettings } from './intake.collect.ts';
import { Utf8Guard } from './intake.encoding.ts';
import { badFile } from './intake.errors.ts';
import type { IntakeRow } from './intake.types.ts';
import { numberText } from './intake.values.ts';

const CHUNK_BYTES = 1 << 18;

/**
 * One line as an object of text or null, converted in place (numbers and booleans to text), so that a line whose
 * keys are already field keys can become the row as it is. The chunk text was normalised to NFC before parsing;
 * only values written with \u escapes still need it.
 */
function parseLine(line: string, lineNo: number, s: ScanSettings): Record<string, string | null> | null {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return null;
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw badFile.format(
      `not valid JSON: ${(err as Error).message}`,
      `không phải JSON hợp lệ: ${(err as Error).message}`,
      lineNo,
      text,
    );
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw badFile.format(
      'each line must be one JSON object {…}',
      'mỗi dòng phải là một đối tượng JSON {…}',
      lineNo,
      text,
    );
  const escaped = text.includes('\\u');
  const safe = Math.floor(s.maxFieldBytes / 3);
  for (const k in obj) {
    const v = obj[k];
    let value: string;
    if (v === null) continue;
    if (typeof v === 'string') value = escaped ? v.normalize('NFC') : v;
    else if (typeof v === 'number') value = numberText(v);
    else if (typeof v === 'boolean') value = String(v);
    else
      throw badFile.format(
        `the value of "${k}" must be text, a number or null`,
        `giá trị của "${k}" phải là chuỗi, số hoặc null`,
        lineNo,
        JSON.stringify(v),
      );
    if (value.length > safe && Buffer.byteLength(value) > s.maxFieldBytes)
      throw badFile.fieldTooLarge({ row: lineNo, column: k }, Buffer.byteLength(value), s.maxFieldBytes, value);
    if (value.charCodeAt(0) === 61) throw badFile.formula({ row: lineNo, column: k }, value);
    if (value !== v) obj[k] = value;
  }
  return obj as Record<string, string | null>;
}

export async function* scanNdjson(path: string, c: RowCollector, s: ScanSettings): AsyncGenerator<IntakeRow[]> {
  const guard = new Utf8Guard();
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineNo = 0;
  // One line holds at most every field at full size, plus JSON punctuation.
  const maxLine = s.maxFieldBytes * 8;
  const stream = createReadStream(path, { highWaterMark: s.chunkBytes ?? CHUNK_BYTES });
  /** Reads the complete lines of text; returns the unfinished last one. */
  const lines = (text: string, final: boolean): string => {
    let p = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', p)) {
      lineNo++;
      const obj = parseLine(text.slice(p, nl), lineNo, s);
      if (obj) c.record(lineNo, obj);
      p = nl + 1;
    }
    const rest = text.slice(p);
    if (final && rest !== '') {
      lineNo++;
      const obj = parseLine(rest, lineNo, s);
      if (obj) c.record(lineNo, obj);
      return '';
    }
    if (rest.length > maxLine)
      throw badFile.fieldTooLarge({ row: lineNo + 1 }, Buffer.byteLength(rest), maxLine, rest.slice(0, 400));
    return rest;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      s.tap?.(chunk);
      guard.check(chunk);
      carry = lines((carry + decoder.decode(chunk, { stream: true })).normalize('NFC'), false);
      yield* c.drain();
    }
    guard.end();
    lines((carry + decoder.decode()).normalize('NFC'), true);
  } finally {
    stream.destroy();
  }
  yield* c.finish();
}

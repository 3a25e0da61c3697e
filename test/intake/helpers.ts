// Fixture builders for the intake tests: DC01 tables as CSV text, files in a temporary folder, and encoders for the
// two legacy Vietnamese encodings, written out from their code tables so the fixtures are real legacy bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DC01_FIELDS } from '../../src/domain/dc01.ts';
import { BadFileError, type FileRule } from '../../src/modules/intake/intake.errors.ts';
import type { IntakeRow } from '../../src/modules/intake/intake.types.ts';

export function tempDir(): { dir: string; file: (name: string, data: string | Buffer) => string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'popreg-intake-'));
  return {
    dir,
    file: (name, data) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A few DC01 ballots with Vietnamese names, a quoted address with a comma, and a multi-line note. */
export const PEOPLE: Record<string, string>[] = [
  {
    ballot_id: 'B001',
    full_name: 'Nguyễn Thị Hà',
    date_of_birth: '1990-05-17',
    sex: 'Nữ',
    pin: '001190012345',
    permanent_address: 'Số 91, Tổ 21, Khu phố 1',
  },
  {
    ballot_id: 'B002',
    full_name: 'Đỗ Văn Trường',
    date_of_birth: '1985-09-15',
    sex: 'Nam',
    pin: '',
    permanent_address: 'Thôn Đông "Làng cũ"',
  },
  {
    ballot_id: 'B003',
    full_name: 'Lê Thị Hồng',
    date_of_birth: '2001-01-02',
    sex: 'Nữ',
    pin: '079301234567',
    permanent_address: 'Xóm 3\nxã Yên Bình',
  },
];

export const COLUMNS = ['ballot_id', 'full_name', 'date_of_birth', 'sex', 'pin', 'permanent_address'];

function quote(v: string, delimiter: string): string {
  return v.includes('"') || v.includes(delimiter) || /[\r\n]/.test(v) || v !== v.trim()
    ? `"${v.replaceAll('"', '""')}"`
    : v;
}

export interface CsvOptions {
  delimiter?: ',' | ';';
  eol?: '\n' | '\r\n';
  bom?: boolean;
  /** Header text per key (default: the key). */
  header?: (key: string) => string;
  columns?: string[];
}

export function toCsv(rows: Record<string, string>[], o: CsvOptions = {}): string {
  const d = o.delimiter ?? ',';
  const eol = o.eol ?? '\n';
  const cols = o.columns ?? COLUMNS;
  const head = cols.map((k) => quote(o.header ? o.header(k) : k, d)).join(d);
  const body = rows.map((r) => cols.map((k) => quote(r[k] ?? '', d)).join(d));
  return `${o.bom ? '\uFEFF' : ''}${[head, ...body].join(eol)}${eol}`;
}

export const viLabel = (key: string) => DC01_FIELDS.find((f) => f.key === key)!.vi;
export const enLabel = (key: string) => DC01_FIELDS.find((f) => f.key === key)!.en;

/** The values a reader should give back for a row: only the file's columns, as written. */
export function expected(rows: Record<string, string>[], cols = COLUMNS): Record<string, string>[] {
  return rows.map((r) => Object.fromEntries(cols.map((k) => [k, (r[k] ?? '').trim()])));
}

export async function collect(rows: AsyncIterable<IntakeRow>): Promise<IntakeRow[]> {
  const out: IntakeRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** Runs fn, expects a BadFileError with the rule, and returns it for more assertions. */
export async function badFile(fn: () => Promise<unknown>, rule: FileRule): Promise<BadFileError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadFileError);
    const e = err as BadFileError;
    expect(e.code).toBe('CAMPAIGN.BAD_FILE');
    expect(e.details.rule, e.message).toBe(rule);
    expect(e.message).toContain(rule);
    expect(e.details.messageVi).toContain(rule);
    return e;
  }
  throw new Error(`expected a BadFileError ${rule}, but the file was accepted`);
}

// ---- Windows-1258: base letters (with circumflex, breve, horn) are single bytes; tones are separate bytes.
const CP1258_LETTERS: Record<string, number> = {
  Ă: 0xc3,
  ă: 0xe3,
  Â: 0xc2,
  â: 0xe2,
  Ê: 0xca,
  ê: 0xea,
  Ô: 0xd4,
  ô: 0xf4,
  Ơ: 0xd5,
  ơ: 0xf5,
  Ư: 0xdd,
  ư: 0xfd,
  Đ: 0xd0,
  đ: 0xf0,
};
const CP1258_TONES: Record<string, number> = {
  '\u0300': 0xcc, // grave
  '\u0301': 0xec, // acute
  '\u0303': 0xde, // tilde
  '\u0309': 0xd2, // hook above
  '\u0323': 0xf2, // dot below
};

export function encodeCp1258(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const parts = [...ch.normalize('NFD')];
    const tones = parts.filter((p) => p in CP1258_TONES);
    const base = parts
      .filter((p) => !(p in CP1258_TONES))
      .join('')
      .normalize('NFC');
    const code = base.charCodeAt(0) < 0x80 ? base.charCodeAt(0) : CP1258_LETTERS[base];
    if (code === undefined || base.length !== 1) throw new Error(`no CP1258 byte for ${ch}`);
    out.push(code, ...tones.map((t) => CP1258_TONES[t]!));
  }
  return Buffer.from(out);
}

// ---- TCVN3 (ABC): one byte per letter; only lower-case letters carry tones (upper-case toned ones do not exist).
const TCVN3_TABLE = [
  'Ă A1 Â A2 Ê A3 Ô A4 Ơ A5 Ư A6 Đ A7 ă A8 â A9 ê AA ô AB ơ AC ư AD đ AE',
  'à B5 ả B6 ã B7 á B8 ạ B9 ằ BB ẳ BC ẵ BD ắ BE ặ C6 ầ C7 ẩ C8 ẫ C9 ấ CA ậ CB',
  'è CC ẻ CE ẽ CF é D0 ẹ D1 ề D2 ể D3 ễ D4 ế D5 ệ D6 ì D7 ỉ D8 ĩ DC í DD ị DE',
  'ò DF ỏ E1 õ E2 ó E3 ọ E4 ồ E5 ổ E6 ỗ E7 ố E8 ộ E9 ờ EA ở EB ỡ EC ớ ED ợ EE',
  'ù EF ủ F1 ũ F2 ú F3 ụ F4 ừ F5 ử F6 ữ F7 ứ F8 ự F9 ỳ FA ỷ FB ỹ FC ý FD ỵ FE',
].join(' ');
const TCVN3: Map<string, number> = (() => {
  const m = new Map<string, number>();
  const t = TCVN3_TABLE.split(' ');
  for (let i = 0; i < t.length; i += 2) m.set(t[i]!, Number.parseInt(t[i + 1]!, 16));
  return m;
})();

export function encodeTcvn3(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : TCVN3.get(ch);
    if (code === undefined) throw new Error(`no TCVN3 byte for ${ch}`);
    out.push(code);
  }
  return Buffer.from(out);
}

/** What a .VnTime user gets from "Save as CSV UTF-8": each TCVN3 byte becomes the Latin-1 letter of that code. */
export function tcvn3AsUtf8(text: string): Buffer {
  return Buffer.from(encodeTcvn3(text).toString('latin1'), 'utf8');
}

/** Reads a text file through the internal scanners with a tiny read size, to cut everything across chunks. */
export async function readInChunks(
  path: string,
  chunkBytes: number,
  mode: 'check' | 'read' = 'read',
  format: 'csv' | 'ndjson' = 'csv',
): Promise<{ rows: IntakeRow[]; count: number }> {
  const { RowCollector } = await import('../../src/modules/intake/intake.collect.ts');
  const { scanCsv } = await import('../../src/modules/intake/intake.csv.ts');
  const { scanNdjson } = await import('../../src/modules/intake/intake.ndjson.ts');
  const s = {
    form: 'DC01' as const,
    mode,
    fromRowNo: mode === 'read' ? 0 : Number.POSITIVE_INFINITY,
    batchSize: 3,
    maxFieldBytes: 1 << 20,
    chunkBytes,
  };
  const c = new RowCollector(s);
  const rows: IntakeRow[] = [];
  for await (const batch of (format === 'csv' ? scanCsv : scanNdjson)(path, c, s)) rows.push(...batch);
  return { rows, count: c.rows };
}

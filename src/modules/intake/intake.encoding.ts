// Text files must be UTF-8. Vietnamese offices still produce files in two legacy encodings, and an officer can fix
// a file only if told which one it is, so a refused file names its likely encoding:
//  - Windows-1258 (CP1258, "Vietnamese ANSI"): base letters with separate tone-mark bytes (0xCC grave, 0xEC acute,
//    0xDE tilde, 0xD2 hook, 0xF2 dot below) right after a vowel; đ = 0xF0.
//  - TCVN3 (ABC, fonts .VnTime/.VnArial): one byte per toned letter in 0xA1–0xFE, e.g. "Nguyễn" = 4E 67 75 79 D4 6E.
//  - UTF-16 (Excel's "Unicode Text"): a FF FE / FE FF byte-order mark, or NUL bytes between ASCII letters.
// TCVN3 text typed in a .VnTime font and then saved as UTF-8 is valid UTF-8 yet wrong: the letters are Latin-1
// symbols ("NguyÔn", "Hµ Néi"). MojibakeProbe catches that from a sample of name cells.
import { isUtf8 } from 'node:buffer';
import { foldName } from '../../domain/names.ts';
import { badFile } from './intake.errors.ts';

/** TCVN3 byte → the Vietnamese letter it stands for (the byte is also that Latin-1 code point). */
export const TCVN3_LETTERS: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  const put = (from: number, letters: string) => {
    for (let i = 0; i < letters.length; i++) if (letters[i] !== '_') m.set(from + i, letters[i]!);
  };
  put(0xa1, 'ĂÂÊÔƠƯĐăâêôơưđ');
  put(0xb5, 'àảãáạ_ằẳẵắ');
  put(0xc6, 'ặầẩẫấậè_ẻẽéẹềểễếệìỉ___ĩíịò_ỏõóọồổỗốộờởỡớợù_ủũúụừửữứựỳỷỹýỵ');
  return m;
})();

const UTF16_NAME = 'UTF-16 (Excel "Unicode Text")';
const CP1258_NAME = 'Windows-1258 (CP1258, Vietnamese ANSI)';
const TCVN3_NAME = 'TCVN3 (ABC, font .VnTime)';
export const TCVN3_AS_UTF8_NAME = 'TCVN3 (font .VnTime) saved as UTF-8';

const CP1258_TONES = new Set([0xcc, 0xec, 0xde, 0xd2, 0xf2]);
// Vowels a CP1258 tone mark follows: ASCII vowels and the CP1258 letters â ê ô ă ơ ư (both cases).
const CP1258_VOWELS = new Set([
  ...[...'aeiouyAEIOUY'].map((c) => c.charCodeAt(0)),
  0xe2,
  0xea,
  0xf4,
  0xe3,
  0xf5,
  0xfd,
  0xc2,
  0xca,
  0xd4,
  0xc3,
  0xd5,
  0xdd,
]);

function seqLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Length of a well-formed UTF-8 sequence at i, or 0. */
function utf8SeqAt(b: Uint8Array, i: number): number {
  const lead = b[i]!;
  if (lead < 0x80) return 1;
  if (lead < 0xc2 || lead > 0xf4) return 0;
  const n = seqLength(lead);
  if (i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return isUtf8(b.subarray(i, i + n)) ? n : 0;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array, from = 0): number {
  for (let i = from; i < b.length; ) {
    const n = utf8SeqAt(b, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/** Names the encoding of bytes that are not UTF-8, from byte statistics (see the top of this file). */
export function guessEncoding(b: Uint8Array): string {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return UTF16_NAME;
  let nul = 0;
  let cp1258 = 0;
  let tcvn3 = 0;
  let high = 0;
  let utf8 = 0;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (x === 0) nul++;
    if (x < 0x80) continue;
    const n = utf8SeqAt(b, i);
    if (n > 1) {
      // Stray invalid bytes in an otherwise UTF-8 file: do not read its multi-byte letters as legacy ones.
      utf8++;
      i += n - 1;
      continue;
    }
    high++;
    const prev = i > 0 ? b[i - 1]! : 0;
    if (CP1258_TONES.has(x)) {
      if (CP1258_VOWELS.has(prev)) cp1258++;
      // In TCVN3 these bytes are toned vowels, which follow consonants; in CP1258 a tone mark never does.
      else if (/[b-df-hj-np-tv-zđ]/i.test(String.fromCharCode(prev))) tcvn3++;
    }
    // TCVN3 letters ă â ê ô ơ ư đ à ả ã á ạ ằ ẳ ẵ ắ; in CP1258 these bytes are symbols (¨ © ª « µ ¶ · ¸ ¹ » ...).
    if (x >= 0xa1 && x <= 0xbe && TCVN3_LETTERS.has(x)) tcvn3++;
  }
  if (nul * 10 > b.length) return UTF16_NAME;
  if (nul > 0 && high === 0) return 'binary data (NUL bytes), not text';
  if (utf8 > high * 4) return 'UTF-8 with some invalid bytes (a damaged file, or text pasted from another encoding)';
  if (cp1258 > tcvn3 && cp1258 >= 1) return CP1258_NAME;
  if (tcvn3 > cp1258 && tcvn3 >= 1) return TCVN3_NAME;
  return 'an 8-bit encoding such as Windows-1252 or Windows-1258';
}

/** Counts line feeds, to name the line of a bad byte. */
function countLf(b: Uint8Array, end = b.length): number {
  let n = 0;
  for (let p = b.indexOf(10); p >= 0 && p < end; p = b.indexOf(10, p + 1)) n++;
  return n;
}

/**
 * Validates a byte stream as UTF-8 chunk by chunk (a character may straddle two chunks) without decoding it, so
 * the caller decodes as it likes. Throws BadFileError file.encoding naming the likely encoding and the line.
 */
export class Utf8Guard {
  private pending: Buffer | null = null;
  private line = 1;
  private first = true;

  check(chunk: Buffer): void {
    if (this.first) {
      this.first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
        throw badFile.encoding(UTF16_NAME, 1);
    }
    if (chunk.indexOf(0) >= 0) this.fail(chunk, chunk.indexOf(0));
    let start = 0;
    if (this.pending) {
      const need = seqLength(this.pending[0]!) - this.pending.length;
      if (chunk.length < need) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const joined = Buffer.concat([this.pending, chunk.subarray(0, need)]);
      if (!isUtf8(joined)) this.fail(joined, 0);
      this.pending = null;
      start = need;
    }
    const end = completeEnd(chunk, start);
    if (!isUtf8(chunk.subarray(start, end))) this.fail(chunk, firstInvalidUtf8(chunk, start));
    this.pending = end < chunk.length ? Buffer.from(chunk.subarray(end)) : null;
    this.line += countLf(chunk);
  }

  end(): void {
    if (this.pending) this.fail(this.pending, 0);
  }

  private fail(chunk: Buffer, at: number): never {
    const pos = Math.max(0, at);
    const sample = chunk.subarray(Math.max(0, pos - 32_768), pos + 32_768);
    const line = this.line + countLf(chunk, pos);
    const lineStart = chunk.lastIndexOf(10, pos) + 1;
    let lineEnd = chunk.indexOf(10, pos);
    if (lineEnd < 0) lineEnd = Math.min(chunk.length, pos + 200);
    const text = new TextDecoder('utf-8').decode(chunk.subarray(lineStart, Math.min(lineEnd, lineStart + 400)));
    throw badFile.encoding(guessEncoding(sample), line, text.replace(/\0/g, ''));
  }
}

/** End of the last complete UTF-8 character in b (a trailing partial one waits for the next chunk). */
function completeEnd(b: Buffer, start: number): number {
  const n = b.length;
  for (let i = n - 1; i >= Math.max(start, n - 4); i--) {
    const x = b[i]!;
    if (x < 0x80) return n;
    if (x >= 0xc0) return n - i >= seqLength(x) ? n : i;
  }
  return n;
}

// Latin-1 letters that are also Unicode Vietnamese letters: their presence alone proves nothing.
const VIETNAMESE_LATIN1 = new Set([...'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý']);
// Letters only Vietnamese uses (ă đ ơ ư and the Latin Extended Additional block): proof of real Unicode text.
const UNICODE_VIETNAMESE = /[ăđơưĂĐƠƯ\u1EA0-\u1EF9]/;
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$/;

function decodeTcvn3(s: string): string {
  let out = '';
  for (const ch of s) out += TCVN3_LETTERS.get(ch.charCodeAt(0)) ?? ch;
  return out;
}

/** True when the cell reads as .VnTime mojibake: Latin-1 tells that decode, through TCVN3, to Vietnamese syllables. */
export function looksLikeTcvn3Mojibake(cell: string): boolean {
  if (UNICODE_VIETNAMESE.test(cell)) return false;
  let tell = false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c < 0xa1 || c > 0xfe || !TCVN3_LETTERS.has(c)) continue;
    const ch = cell[i]!;
    // A letter Vietnamese never writes (µ ¸ ¹ Ö ß ...), or an upper-case one inside a lower-case word (NguyÔn).
    if (!VIETNAMESE_LATIN1.has(ch)) tell = true;
    else if (ch !== ch.toLowerCase() && i > 0 && /\p{Ll}/u.test(cell[i - 1]!)) tell = true;
  }
  if (!tell) return false;
  const words = decodeTcvn3(cell)
    .split(/[\s\-'.]+/)
    .filter(Boolean);
  return words.length > 0 && words.every((w) => SYLLABLE.test(foldName(w)));
}

/**
 * Samples name cells and decides whether the file is .VnTime mojibake: at least half of the sampled names that
 * use any non-ASCII letter look like it. Limits: it sees only the first `limit` non-empty name cells; a file whose
 * sample is all ASCII (names typed without diacritics) passes; a file mixing Unicode and mojibake names below that
 * share passes (its bad names then fail name checks row by row); names typed in the upper-case font .VnTimeH, whose
 * letters are stored as lower-case ASCII, are not recognised.
 */
export class MojibakeProbe {
  private seen = 0;
  private nonAscii = 0;
  private readonly hits: string[] = [];
  private first: { row: number; column: string } | undefined;

  constructor(private readonly limit = 300) {}

  get done(): boolean {
    return this.seen >= this.limit;
  }

  add(cell: string, row: number, column: string): void {
    if (cell === '' || this.done) return;
    this.seen++;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range test
    if (/^[\x00-\x7f]*$/.test(cell)) return;
    this.nonAscii++;
    if (looksLikeTcvn3Mojibake(cell)) {
      this.hits.push(cell);
      this.first ??= { row, column };
    }
  }

  /** Throws file.encoding when the sample says mojibake. */
  verdict(): void {
    if (this.first && this.hits.length * 2 >= this.nonAscii)
      throw badFile.mojibake(TCVN3_AS_UTF8_NAME, this.hits, this.first.row, this.first.column);
  }
}

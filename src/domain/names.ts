// Vietnamese personal names. The same person arrives typed in NFC or NFD, with or without diacritics, in any case,
// and with either of two accepted tone placements (Hòa / Hoà), so matching needs a folded key and a canonical form.
// foldName runs once per record in bulk loads, hence the lookup table instead of a per-name normalize().

export interface NameParts {
  family: string;
  middle: string;
  given: string;
}

export function normalizeName(raw: string): string {
  // Names read from files are nearly always NFC and single-spaced already; one pass over the characters proves it
  // and spares a normalize() and a regex replace per name on a million-row file.
  if (isNormalizedName(raw)) return raw;
  return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Characters that are NFC whatever surrounds them (quick-check Yes, combining class 0): everything below the
 * combining diacritics and the precomposed Latin Extended Additional block, which hold every Vietnamese letter.
 */
function isNfcStable(c: number): boolean {
  return c < 0x300 || (c >= 0x1e00 && c < 0x1f00);
}

/** True when normalizeName would return `raw` unchanged: NFC-stable letters, words apart by single plain spaces. */
function isNormalizedName(raw: string): boolean {
  const last = raw.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === last || raw.charCodeAt(i - 1) === 32) return false;
    } else if (isSpace(c) || !isNfcStable(c)) {
      return false;
    }
  }
  return true;
}

// Built from NFD at start-up so it covers every precomposed Latin letter, not just a hand-typed Vietnamese list.
const FOLD_TABLE_END = 0x1f00;
const FOLD = new Uint8Array(FOLD_TABLE_END);
for (let c = 0; c < FOLD_TABLE_END; c++) {
  const f = String.fromCharCode(c).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const a = f.length === 1 ? f.charCodeAt(0) : 0;
  if ((a >= 97 && a <= 122) || (a >= 48 && a <= 57) || a === 39 || a === 45) FOLD[c] = a;
}
// đ has no decomposition, yet everyone writes it d without diacritics.
FOLD[0x111] = 100;
FOLD[0x110] = 100;
const ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** Same set as the regex class \s, so normalizeName and foldName agree on what separates words. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function foldSlow(ch: string): string {
  // Typographic apostrophes appear in ethnic-minority names pasted from documents (H’Hen Niê).
  if (ch === '\u2019' || ch === '\u02bc') return "'";
  return ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** Matching key: lower case, no diacritics, đ→d, single spaces. Equal for every spelling variant of a name. */
export function foldName(raw: string): string {
  let out = '';
  let pendingSpace = false;
  const len = raw.length;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i);
    let piece: string;
    if (c < FOLD_TABLE_END && FOLD[c] !== 0) {
      piece = ASCII[FOLD[c]!]!;
    } else if (isSpace(c)) {
      pendingSpace = true;
      continue;
    } else if (c >= 0x300 && c <= 0x36f) {
      // Combining diacritics of NFD input: dropping them here avoids normalising the whole string first.
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      piece = foldSlow(raw.slice(i, i + 2));
      i++;
    } else {
      piece = foldSlow(raw[i]!);
    }
    if (piece.length === 0) continue;
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    out += piece;
  }
  return out;
}

const VOWEL_LETTERS = 'aăâeêioôơuưy';
/** Index = tone number: level, grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

type Letter = { base: string; tone: number; vowel: boolean };

const LETTERS = new Map<string, Letter>();
const TONED = new Map<string, string>();
for (const lower of VOWEL_LETTERS) {
  for (const base of [lower, lower.toUpperCase()]) {
    TONE_MARKS.forEach((mark, tone) => {
      const ch = (base + mark).normalize('NFC');
      LETTERS.set(ch, { base, tone, vowel: true });
      TONED.set(base + tone, ch);
    });
  }
}
for (const ch of 'bcdđfghjklmnpqrstvwxz') {
  LETTERS.set(ch, { base: ch, tone: 0, vowel: false });
  LETTERS.set(ch.toUpperCase(), { base: ch.toUpperCase(), tone: 0, vowel: false });
}
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const MODIFIED_VOWELS = 'ăâêôư';

/**
 * Where the tone mark goes in a vowel cluster. Syllables ending in a consonant and those with a modified vowel
 * have one accepted spelling; only open oa/oe/uy differ between the two schools (Hòa/Hoà, Thủy/Thuỷ, Khỏe/Khoẻ),
 * and we keep the tone on the first vowel there (Hòa, Thủy, Khỏe), as the domain notes spell Thanh Hóa, Khánh Hòa.
 */
function tonePosition(cluster: string, hasFinal: boolean): number {
  const horn = cluster.indexOf('ơ');
  if (horn >= 0) return horn;
  for (let i = 0; i < cluster.length; i++) if (MODIFIED_VOWELS.includes(cluster[i]!)) return i;
  if (hasFinal) return cluster.length - 1;
  return cluster.length === 3 ? 1 : 0;
}

/** Anything that does not parse as one Vietnamese syllable (foreign names, typos) is returned untouched. */
function canonicalSyllable(word: string): string {
  const letters: Letter[] = [];
  let tone = 0;
  for (const ch of word) {
    const l = LETTERS.get(ch);
    if (l === undefined) return word;
    if (l.tone !== 0) {
      if (tone !== 0) return word;
      tone = l.tone;
    }
    letters.push(l);
  }
  if (tone === 0) return word;
  const lower = letters.map((l) => l.base.toLowerCase());
  const n = letters.length;
  let start = 0;
  while (start < n && !letters[start]!.vowel) start++;
  // The u of qu and the i of gi belong to the initial consonant when another vowel follows.
  const next = letters[start + 1];
  if (next?.vowel && start > 0) {
    if ((lower[start - 1] === 'q' && lower[start] === 'u') || (start === 1 && lower[0] === 'g' && lower[1] === 'i'))
      start++;
  }
  let end = start;
  while (end < n && letters[end]!.vowel) end++;
  const final = lower.slice(end).join('');
  if (end === start || end - start > 3 || !FINALS.has(final)) return word;
  const target = start + tonePosition(lower.slice(start, end).join(''), final !== '');
  let out = '';
  for (let i = 0; i < n; i++) {
    const l = letters[i]!;
    out += l.vowel ? TONED.get(l.base + (i === target ? tone : 0))! : l.base;
  }
  return out;
}

/** Moves tone marks to their canonical vowel in every syllable of `word`; other characters are kept. */
export function normalizeTonePlacement(word: string): string {
  return word.normalize('NFC').replace(/[\p{L}\p{M}]+/gu, canonicalSyllable);
}

/** The stored spelling: as typed, but NFC, single-spaced and with canonical tone placement. */
export function canonicalName(raw: string): string {
  return normalizeTonePlacement(normalizeName(raw));
}

const DOUBLE_SURNAMES = new Set(['ton nu', 'ton that', 'nguyen phuc', 'au duong', 'cong ton']);

/** Family + middle + given, surname first. A double surname only counts when a given name still follows it. */
export function splitName(full: string): NameParts {
  const words = normalizeName(full).split(' ');
  if (words.length === 1) return { family: '', middle: '', given: words[0]! };
  const familyWords = words.length >= 3 && DOUBLE_SURNAMES.has(foldName(`${words[0]} ${words[1]}`)) ? 2 : 1;
  return {
    family: words.slice(0, familyWords).join(' '),
    middle: words.slice(familyWords, -1).join(' '),
    given: words[words.length - 1]!,
  };
}

function mrzPart(s: string): string {
  return foldName(s)
    .toUpperCase()
    .replace(/[\s-]+/g, '<')
    .replace(/[^A-Z<]/g, '')
    .replace(/<+/g, '<')
    .replace(/^<|<$/g, '');
}

/**
 * ICAO 9303 name field: primary identifier, `<<`, secondary identifiers separated by `<`; hyphens become `<`,
 * apostrophes vanish. Not truncated: fitting the 30-character line is the document layout's job.
 */
export function toMrzName(full: string): string {
  const { family, middle, given } = splitName(full);
  const primary = mrzPart(family);
  const secondary = [mrzPart(middle), mrzPart(given)].filter((p) => p !== '').join('<');
  if (primary === '') return secondary;
  return secondary === '' ? primary : `${primary}<<${secondary}`;
}

// Vietnamese text helpers for the generator: diacritic folding ("Nguyễn Văn An" → "Nguyen Van An") as used
// for no-diacritics duplicates and e-mail addresses. đ/Đ are letters of their own, not d plus a mark, so NFD
// leaves them alone: map them explicitly.

export function foldDiacritics(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đ]/g, 'd')
    .replace(/[ĐÐ]/g, 'D');
  // Split and join to hand back a flat string (replace builds a rope; see flatJoin).
  return folded.split(' ').join(' ');
}

const asciiCache = new Map<string, string>();

/** Lower-case ASCII form of one name word, for e-mail addresses; cached because few distinct words exist. */
export function asciiWord(word: string): string {
  let s = asciiCache.get(word);
  if (s === undefined) {
    s = foldDiacritics(word)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    asciiCache.set(word, s);
  }
  return s;
}

/**
 * "a b" as a flat string. Concatenation gives V8 ropes (cons strings), and reading a rope character by
 * character is several times slower than a flat string, which matters when millions of names are encoded
 * into the output file; Array.prototype.join builds a flat string directly.
 */
export function flatJoin(a: string, b: string): string {
  return [a, b].join(' ');
}

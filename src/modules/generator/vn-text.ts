// Vietnamese text helpers for the generator: diacritic folding ("Nguyễn Văn An" → "Nguyen Van An") as used
// for no-diacritics duplicates and e-mail addresses. đ/Đ are letters of their own, not d plus a mark, so NFD
// leaves them alone: map them explicitly.

export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đ]/g, 'd')
    .replace(/[ĐÐ]/g, 'D');
}

const asciiCache = new Map<string, string>();

/** Lower-case ASCII form of one name word, for e-mail addresses; cached because few distinct words exist. */
export function asciiWord(word: string): string {
  let s = asciiCache.get(word);
  if (s === undefined) {
    s = foldDiacritics(word).toLowerCase().replace(/[^a-z0-9]/g, '');
    asciiCache.set(word, s);
  }
  return s;
}

// Phonetic and variant keys for blocking and for the "variant" comparison level.
//
// Blocking needs a key that survives the commonest typos (a wrong vowel, a doubled letter, c/k, m/n), so that a
// true pair misspelt in the surname still meets in some block. American Soundex does that in a dozen lines and is
// language-neutral enough for folded Vietnamese syllables; its weakness (the first letter must be right) is covered
// by the other blocking rules of the union.
//
// Vietnamese names have regional spellings of one name (Hoàng in the north, Huỳnh in the south after a naming
// taboo; Vũ/Võ; Phúc/Phước) and the i/y spelling reform (Lý/Lí, Mỹ/Mĩ). Those are the same name to a clerk, so
// variantKey maps each folded syllable to one representative of its group.

const SOUNDEX_CODE: Record<string, string> = {};
for (const [letters, code] of [
  ['bfpv', '1'],
  ['cgjkqsxz', '2'],
  ['dt', '3'],
  ['l', '4'],
  ['mn', '5'],
  ['r', '6'],
] as const) {
  for (const ch of letters) SOUNDEX_CODE[ch] = code;
}

/** Soundex of a folded (lower-case ASCII) string; spaces and other non-letters are skipped. '' when no letter. */
export function soundex(folded: string): string {
  let out = '';
  let last = '';
  for (const ch of folded) {
    if (ch < 'a' || ch > 'z') continue;
    const code = SOUNDEX_CODE[ch] ?? '';
    if (out === '') {
      out = ch.toUpperCase();
      last = code;
      continue;
    }
    // h and w do not separate two equal codes; vowels do.
    if (ch === 'h' || ch === 'w') continue;
    if (code !== '' && code !== last) out += code;
    last = code;
    if (out.length === 4) break;
  }
  return out === '' ? '' : out.padEnd(4, '0');
}

/** Groups of folded syllables that spell one Vietnamese name; the first of each group represents it. */
export const VARIANT_GROUPS: readonly (readonly string[])[] = [
  ['hoang', 'huynh'],
  ['vu', 'vo'],
  ['phuc', 'phuoc'],
  ['ly', 'li'],
  ['ky', 'ki'],
  ['my', 'mi'],
  ['sy', 'si'],
];

const VARIANT = new Map<string, string>();
for (const group of VARIANT_GROUPS) for (const s of group) VARIANT.set(s, group[0]!);

/** A folded name with each syllable replaced by its group representative: "huynh thi vo" → "hoang thi vu". */
export function variantKey(folded: string): string {
  if (folded === '') return '';
  const parts = folded.split(' ');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const v = VARIANT.get(parts[i]!);
    if (v !== undefined) {
      parts[i] = v;
      changed = true;
    }
  }
  return changed ? parts.join(' ') : folded;
}

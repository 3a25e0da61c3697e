// Comparing Vietnamese place names across sources. Sources disagree on where the tone mark sits in a syllable
// ("Hòa" vs "Hoà", "Thủy" vs "Thuỷ"): both spellings are in use and mean the same name, so the comparison keeps
// each syllable's letters and its tone but not the tone's position.

// Combining marks that carry a tone (grave, acute, tilde, hook above, dot below). Circumflex, breve and horn
// are part of the letter and stay.
const TONE_MARKS: Record<string, string> = {
  '\u0300': 'f',
  '\u0301': 's',
  '\u0303': 'x',
  '\u0309': 'r',
  '\u0323': 'j',
};

function syllableKey(syllable: string): string {
  let tone = '';
  let letters = '';
  for (const ch of syllable.normalize('NFD')) {
    const t = TONE_MARKS[ch];
    if (t) tone = t;
    else letters += ch;
  }
  return letters.normalize('NFC') + tone;
}

/** A key equal for two spellings that differ only in tone placement, Unicode form, case or spacing. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase().split(/\s+/).map(syllableKey).join(' ');
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** Plain ASCII: drops every diacritic and maps đ/Đ to d/D. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

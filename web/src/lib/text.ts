// Diacritic-insensitive matching for pick lists (typing "ha noi" finds "Hà Nội"), with the registry's own
// folding rule so the web and the server agree on what matches.
import { foldName } from '../../../src/domain/names.ts';

export function matchesFolded(input: string, label: string): boolean {
  const q = foldName(input);
  return q === '' || foldName(label).includes(q);
}

// The search lives in the address bar (?name=&birth=&unit=) so that Back from a person returns to the same
// results, and a search can be bookmarked. This turns it into the API query, or says what is missing.
import type { Query } from '../../api/client.ts';
import { parseBirthInput } from '../../lib/format.ts';

export interface SearchForm {
  name?: string;
  birth?: string;
  unit?: string | null;
}

export function formFromParams(p: URLSearchParams): SearchForm {
  return { name: p.get('name') ?? '', birth: p.get('birth') ?? '', unit: p.get('unit') };
}

export function paramsFromForm(f: SearchForm): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.name?.trim()) out.name = f.name.trim();
  if (f.birth?.trim()) out.birth = f.birth.trim();
  if (f.unit) out.unit = f.unit;
  return out;
}

export type Problem = 'search.needCriteria' | 'search.yearNeedsMore' | 'search.birthInvalid';

/** The API query for a search form, or the problem that prevents sending it. */
export function apiQuery(f: SearchForm): { query: Query } | { problem: Problem } | null {
  const name = f.name?.trim() ?? '';
  const birthText = f.birth?.trim() ?? '';
  if (!name && !birthText && !f.unit) return null;
  const birth = birthText ? parseBirthInput(birthText) : undefined;
  if (birth === null) return { problem: 'search.birthInvalid' };
  // The API needs a name, a birth date or a unit; a bare year would list a whole generation.
  if (!name && !f.unit && birth && 'year' in birth) return { problem: 'search.yearNeedsMore' };
  return { query: { name: name || undefined, ...birth, unit: f.unit ?? undefined } };
}

// Reference data (administrative units, code lists): read once and kept for the whole session, because it
// changes only with a reorganisation and every page needs names for codes.
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { AdminUnit, CodeItem, UnitView } from './types.ts';

const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY, retry: 1 } as const;

/** Current provinces (the API lists provinces when given no parent). */
export function useProvinces() {
  return useQuery({
    queryKey: ['units', 'provinces'],
    queryFn: ({ signal }) => api.get<{ items: AdminUnit[] }>('/units', undefined, signal).then((r) => r.items),
    ...forever,
  });
}

function communesQuery(province: string) {
  return {
    queryKey: ['units', 'children', province],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<{ items: AdminUnit[] }>('/units', { parent: province }, signal).then((r) => r.items),
    ...forever,
  };
}

/** Today's communes of a province (the 2025 reform removed districts, so they are its direct children). */
export function useCommunes(province: string | undefined) {
  return useQuery({ ...communesQuery(province ?? ''), enabled: Boolean(province) });
}

/** Names of current units by code, for the provinces given (search results show many rows of few provinces). */
export function useUnitNames(provinces: readonly string[]): Map<string, AdminUnit> {
  const results = useQueries({ queries: [...new Set(provinces)].map((p) => communesQuery(p)) });
  const { data: all } = useProvinces();
  const map = new Map<string, AdminUnit>();
  for (const p of all ?? []) map.set(p.code, p);
  for (const r of results) for (const u of r.data ?? []) map.set(u.code, u);
  return map;
}

/** One unit as valid on a day (an address's code means the unit of its own date). */
export function useUnit(code: string | null | undefined, on?: string | null) {
  return useQuery({
    queryKey: ['unit', code, on ?? null],
    queryFn: ({ signal }) =>
      api.get<UnitView>(`/units/${encodeURIComponent(code ?? '')}`, on ? { on } : undefined, signal),
    enabled: Boolean(code),
    ...forever,
    retry: false,
  });
}

export type CodeListName = 'ethnicities' | 'religions' | 'nationalities';

export function useCodeList(list: CodeListName) {
  return useQuery({
    queryKey: ['codes', list],
    queryFn: ({ signal }) =>
      api
        .get<{ items: CodeItem[] }>(`/codes/${list}`, undefined, signal)
        .then((r) => new Map(r.items.map((i) => [i.code, i]))),
    ...forever,
  });
}

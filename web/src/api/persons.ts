// Reads of one person: the state (now, or as of a valid date) and the list of recorded changes.
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { HistoryView, PersonView } from './types.ts';

export function usePerson(pin: string, asOf: string | null) {
  return useQuery({
    queryKey: ['person', pin, asOf],
    queryFn: ({ signal }) =>
      api.get<PersonView>(`/persons/${encodeURIComponent(pin)}`, asOf ? { asOf } : undefined, signal),
    // Keep showing the previous date's state while another date loads, instead of flashing a spinner.
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[1] === pin ? prev : undefined),
  });
}

export function useHistory(pin: string, enabled: boolean) {
  return useQuery({
    queryKey: ['person', pin, 'history'],
    queryFn: ({ signal }) => api.get<HistoryView>(`/persons/${encodeURIComponent(pin)}/history`, undefined, signal),
    enabled,
  });
}

// The identity card API: applications and their decisions, cards and their life, production batches, the list
// of persons due for a card and the dashboard. Application and card shapes come straight from the server's
// schemas.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ApplicationList as ApplicationListSchema,
  ApplicationView as ApplicationViewSchema,
  ApplyBody as ApplyBodySchema,
  CardList as CardListSchema,
  CardView as CardViewSchema,
  RevokeBody as RevokeBodySchema,
} from '../../../src/modules/card/card.schemas.ts';
import type {
  BatchList as BatchListSchema,
  BatchView as BatchViewSchema,
  Dashboard as DashboardSchema,
  DueList as DueListSchema,
  DueMonths as DueMonthsSchema,
  ImportSummary as ImportSummarySchema,
} from '../../../src/modules/card/production/card.production.schemas.ts';
import { ApiError, api, type Query, withQuery } from './client.ts';

export type ApplicationView = Static<typeof ApplicationViewSchema>;
export type ApplicationList = Static<typeof ApplicationListSchema>;
export type ApplyBody = Static<typeof ApplyBodySchema>;
export type CardView = Static<typeof CardViewSchema>;
export type CardList = Static<typeof CardListSchema>;
export type RevokeBody = Static<typeof RevokeBodySchema>;
export type PrintedCard = CardView['printed'];

export type CardEvent = NonNullable<CardView['events']>[number];

export type BatchView = Static<typeof BatchViewSchema>;
export type BatchList = Static<typeof BatchListSchema>;
export type ImportSummary = Static<typeof ImportSummarySchema>;
export type DueList = Static<typeof DueListSchema>;
export type DueItem = DueList['items'][number];
export type DueMonths = Static<typeof DueMonthsSchema>;
export type CardDashboard = Static<typeof DashboardSchema>;

export type CardAction = 'deliver' | 'issue' | 'lost' | 'lock' | 'unlock' | 'revoke' | 'retain' | 'return';

const PAGE = 50;

export function useApplications(query: Query) {
  return useInfiniteQuery({
    queryKey: ['cards', 'applications', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<ApplicationList>('/cards/applications', { ...query, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useApplication(id: number) {
  return useQuery({
    queryKey: ['cards', 'application', id],
    queryFn: ({ signal }) => api.get<ApplicationView>(`/cards/applications/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCard(id: number) {
  return useQuery({
    queryKey: ['cards', 'card', id],
    queryFn: ({ signal }) => api.get<CardView>(`/cards/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCardsOf(pin: string | null) {
  return useQuery({
    queryKey: ['cards', 'of', pin],
    queryFn: ({ signal }) => api.get<CardList>('/cards', { pin }, signal),
    enabled: Boolean(pin && /^\d{12}$/.test(pin)),
  });
}

/** Every change here moves lists, counts and the card itself: the whole card cache is read again. */
function useCardMutation<A, R>(fn: (args: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cards'] }),
  });
}

export const useApply = () =>
  useCardMutation((body: ApplyBody) => api.post<ApplicationView>('/cards/applications', body));

export const useDecideApplication = () =>
  useCardMutation(
    ({ id, decision, reason }: { id: number; decision: 'approve' | 'refuse' | 'cancel'; reason?: string }) =>
      api.post<ApplicationView>(`/cards/applications/${id}/${decision}`, decision === 'approve' ? {} : { reason }),
  );

export const useCardAction = (id: number) =>
  useCardMutation(({ action, body }: { action: CardAction; body?: Record<string, unknown> }) =>
    api.post<CardView>(`/cards/${id}/${action}`, body ?? {}),
  );

export function useBatches() {
  return useQuery({
    queryKey: ['cards', 'batches'],
    queryFn: ({ signal }) => api.get<BatchList>('/cards/batches', undefined, signal).then((r) => r.items),
  });
}

export const useBuildBatch = () =>
  useCardMutation((body: { provinceCode?: string; limit?: number }) => api.post<BatchView>('/cards/batches', body));

/**
 * Sends the production centre's result file: a JSON array goes as JSON, anything else (the centre's CSV) as
 * text/csv. Plain fetch, because the shared client only speaks JSON.
 */
export async function uploadBatchResults(id: number, file: File, csrfToken: string | null): Promise<ImportSummary> {
  const text = await file.text();
  const isJson = /^\s*[[{]/.test(text);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': isJson ? 'application/json' : 'text/csv',
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1/cards/batches/${id}/results`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: text,
  });
  const data = (await res.json().catch(() => null)) as
    | (ImportSummary & { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
    | null;
  if (!res.ok) {
    const err = data?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? res.statusText,
      err?.details ?? {},
    );
  }
  return data as ImportSummary;
}

export function useDue(query: Query) {
  return useQuery({
    queryKey: ['cards', 'due', query],
    queryFn: ({ signal }) => api.get<DueList>('/cards/due', { ...query, format: 'json', limit: 500 }, signal),
  });
}

export function useDueMonths(query: Query) {
  return useQuery({
    queryKey: ['cards', 'due-months', query],
    queryFn: ({ signal }) => api.get<DueMonths>('/cards/due/months', query, signal).then((r) => r.months),
  });
}

export function useCardDashboard(province: string | null) {
  return useQuery({
    queryKey: ['cards', 'dashboard', province],
    queryFn: ({ signal }) => api.get<CardDashboard>('/cards/dashboard', { province }, signal),
  });
}

/** Where the browser downloads a file the API serves (the batch export, the due list as CSV). */
export const cardFileUrl = (path: string, query?: Query) => withQuery(`/api/v1${path}`, query);

// The duplicate review API: the queue (by cursor), one pair side by side, decisions, merges and their undoing,
// and the precision per band. Shapes come straight from the server's schemas.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  DecisionBody,
  DecisionResult as DecisionResultSchema,
  LatestRun as LatestRunSchema,
  MergeView as MergeViewSchema,
  PairDetail as PairDetailSchema,
  PairList as PairListSchema,
  PrecisionView as PrecisionViewSchema,
} from '../../../src/modules/dedup/dedup.schemas.ts';
import { api, type Query } from './client.ts';

export type PairList = Static<typeof PairListSchema>;
export type PairSummary = PairList['items'][number];
/** One of the officer's persons with a possible duplicate referred to a higher level (no other detail). */
export type ReferredPerson = PairList['referred'][number];
export type PairDetail = Static<typeof PairDetailSchema>;
export type PairSide = PairDetail['left'];
export type Evidence = PairDetail['evidence'][number];
export type MergeView = Static<typeof MergeViewSchema>;
export type DecisionResult = Static<typeof DecisionResultSchema>;
export type Decision = Static<typeof DecisionBody>;
export type PrecisionView = Static<typeof PrecisionViewSchema>;
export type LatestRun = Static<typeof LatestRunSchema>;

const PAGE = 50;

export function usePairs(query: Query) {
  return useInfiniteQuery({
    queryKey: ['dedup', 'pairs', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<PairList>('/dedup/pairs', { ...query, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function usePair(id: number) {
  return useQuery({
    queryKey: ['dedup', 'pair', id],
    queryFn: ({ signal }) => api.get<PairDetail>(`/dedup/pairs/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function usePrecision() {
  return useQuery({
    queryKey: ['dedup', 'precision'],
    queryFn: ({ signal }) => api.get<PrecisionView>('/dedup/precision', undefined, signal),
  });
}

export function useDedupStatus() {
  return useQuery({
    queryKey: ['dedup', 'status'],
    queryFn: ({ signal }) => api.get<LatestRun>('/dedup/status', undefined, signal),
  });
}

/** A decision (and a merge with it) changes the queue, the pair and the precision: all are read again. */
export function useDecide(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Decision) => api.post<DecisionResult>(`/dedup/pairs/${id}/decision`, body),
    onSuccess: (r) => {
      client.setQueryData(['dedup', 'pair', id], r.pair);
      void client.invalidateQueries({ queryKey: ['dedup'] });
      void client.invalidateQueries({ queryKey: ['person'] });
    },
  });
}

export function useUndoMerge(pairId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: number) => api.post<MergeView>(`/dedup/merges/${mergeId}/undo`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['dedup'] });
      void client.invalidateQueries({ queryKey: ['dedup', 'pair', pairId] });
      void client.invalidateQueries({ queryKey: ['person'] });
    },
  });
}

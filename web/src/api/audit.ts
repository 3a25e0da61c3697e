// The audit trail (auditors and national administrators): filtered pages by cursor, and chain verification.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api, type Query } from './client.ts';
import type { AuditPage, AuditVerify } from './types.ts';

export function useAuditSearch(query: Query) {
  return useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditPage>('/audit', { ...query, limit: 100, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The trail grows while the auditor looks: a new search shows new entries.
    staleTime: 0,
  });
}

/** A mutation rather than a query: verification is an action the auditor starts and it reads the whole chain. */
export function useAuditVerify() {
  return useMutation({ mutationFn: () => api.get<AuditVerify>('/audit/verify') });
}

// The collection campaign: progress per unit, ballots for review and their detail, review actions (one ballot or
// a whole job/unit), single-ballot entry and file upload with its import job. Response types come straight from
// the server's TypeBox schemas.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  BallotDetail as BallotDetailSchema,
  BallotList as BallotListSchema,
  BulkReport as BulkReportSchema,
  CampaignList as CampaignListSchema,
  ProgressReport as ProgressReportSchema,
} from '../../../src/modules/campaign/campaign.schemas.ts';
import { useSession } from '../auth/session.tsx';
import { ApiError, api, type Query } from './client.ts';

export type ProgressReport = Static<typeof ProgressReportSchema>;
export type UnitProgress = ProgressReport['rows'][number];
export type BallotList = Static<typeof BallotListSchema>;
export type BallotItem = BallotList['items'][number];
export type BallotDetail = Static<typeof BallotDetailSchema>;
export type BulkReport = Static<typeof BulkReportSchema>;
export type CampaignItem = Static<typeof CampaignListSchema>['items'][number];

export const DEFAULT_CAMPAIGN = 'DA896';
export const REVIEW_ACTIONS = ['check', 'verify', 'approve', 'return', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const BALLOT_STATUSES = ['collected', 'checked', 'verified', 'approved', 'returned', 'rejected'] as const;

/** An import job as the intake API reports it. */
export interface ImportJob {
  id: number;
  form: string;
  fileName: string;
  status: string;
  rowsTotal: number | null;
  rowsDone: number;
  ballotsAdded: number;
  ballotsSkipped: number;
  rowsWithErrors: number;
  progress: number;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

export function useCampaigns() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: ({ signal }) => api.get<{ items: CampaignItem[] }>('/campaigns', undefined, signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useProgress(code: string, by: string | undefined, unit: string | undefined) {
  return useQuery({
    queryKey: ['campaign', code, 'progress', by ?? null, unit ?? null],
    queryFn: ({ signal }) =>
      api.get<ProgressReport>(`/campaigns/${encodeURIComponent(code)}/progress`, { by, unit }, signal),
  });
}

export function useBallots(code: string, query: Query) {
  return useInfiniteQuery({
    queryKey: ['campaign', code, 'ballots', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<BallotList>(
        `/campaigns/${encodeURIComponent(code)}/ballots`,
        { ...query, limit: 50, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useBallotDetail(code: string, id: number | null) {
  return useQuery({
    queryKey: ['campaign', code, 'ballot', id],
    queryFn: ({ signal }) =>
      api.get<BallotDetail>(`/campaigns/${encodeURIComponent(code)}/ballots/${id}/review`, undefined, signal),
    enabled: id !== null,
  });
}

/** One transition; the ballot's version is sent as If-Match so that a ballot changed meanwhile is not overwritten. */
export function useTransition(code: string) {
  const qc = useQueryClient();
  const csrf = useSession().data?.csrfToken ?? null;
  return useMutation({
    mutationFn: (v: {
      id: number;
      version: number;
      action: ReviewAction;
      reason?: string;
      /** approve: the reviewer's answer to a possible match. */
      match?: { decision: 'confirm'; pin: string } | { decision: 'reject' };
      /** approve: the officer confirms a change of name, birth date, sex or PIN. */
      confirmIdentityChange?: boolean;
    }) =>
      requestWithIfMatch<BallotDetail>(
        'POST',
        `/campaigns/${encodeURIComponent(code)}/ballots/${v.id}/transitions`,
        {
          action: v.action,
          ...(v.reason ? { reason: v.reason } : {}),
          ...(v.match ? { match: v.match } : {}),
          ...(v.confirmIdentityChange ? { confirmIdentityChange: true } : {}),
        },
        v.version,
        csrf,
      ),
    onSuccess: (d) => {
      qc.setQueryData(['campaign', code, 'ballot', d.ballot.id], d);
      void qc.invalidateQueries({ queryKey: ['campaign', code, 'ballots'] });
      void qc.invalidateQueries({ queryKey: ['campaign', code, 'progress'] });
    },
  });
}

export function useBulkReview(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      action: ReviewAction;
      filter: { jobId?: number; unitCode?: string; ids?: number[] };
      reason?: string;
    }) => api.post<BulkReport>(`/campaigns/${encodeURIComponent(code)}/review`, v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['campaign', code] }),
  });
}

/** One DC01/DC02 ballot typed in the entry form (the intake API validates it and answers with its issues). */
export function useSubmitBallot(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { form: 'DC01' | 'DC02'; values: Record<string, string> }) =>
      api.post<{ id: number; status: string; issues: { field: string; rule: string; message?: string }[] }>(
        `/campaigns/${encodeURIComponent(code)}/ballots`,
        v,
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['campaign', code] }),
  });
}

export function useImportJob(code: string, id: number | null) {
  return useQuery({
    queryKey: ['campaign', code, 'import', id],
    queryFn: ({ signal }) =>
      api
        .get<{ job: ImportJob } | ImportJob>(`/campaigns/${encodeURIComponent(code)}/imports/${id}`, undefined, signal)
        .then((r) => ('job' in r ? r.job : r)),
    enabled: id !== null,
    // Polled while the job runs.
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === 'done' || s === 'failed' ? false : 1000;
    },
  });
}

/** A JSON write with If-Match (the shared client has no header option); same error shape as the client's. */
async function requestWithIfMatch<T>(
  method: string,
  path: string,
  body: unknown,
  version: number,
  csrfToken: string | null,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'if-match': `"${version}"`,
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? res.statusText,
      err?.details ?? {},
    );
  }
  return data as T;
}

/**
 * Sends a file with XMLHttpRequest (fetch cannot report upload progress), with the session cookie and CSRF token.
 * Resolves with the job the server opened (202), or rejects with an ApiError.
 */
export function uploadBallotFile(
  code: string,
  form: 'DC01' | 'DC02',
  file: File,
  csrfToken: string | null,
  onProgress: (fraction: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/campaigns/${encodeURIComponent(code)}/imports?form=${form}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload did not reach the server'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // reported by status below
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const d = data as { job?: ImportJob } & ImportJob;
        resolve(d.job ?? d);
        return;
      }
      const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
        ?.error;
      reject(
        new ApiError(xhr.status, err?.code ?? `HTTP_${xhr.status}`, err?.message ?? xhr.statusText, err?.details ?? {}),
      );
    };
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

// Data-quality scores per locality: the report from the last computation (scoped by the server to the officer's
// jurisdiction) and the recomputation, which replaces every cached report when it is done. Shapes come from the
// server's TypeBox schemas (types only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  QualityReport as QualityReportSchema,
  RefreshResult as RefreshResultSchema,
} from '../../../src/modules/quality/quality.schemas.ts';
import { api } from './client.ts';

export type QualityReport = Static<typeof QualityReportSchema>;
export type SnapshotInfo = Static<typeof RefreshResultSchema>;
export type UnitScore = QualityReport['items'][number];
export type QualityLevel = UnitScore['level'];
export type Principle = QualityReport['overallOf'][number];

export interface QualityQuery {
  unit?: string;
  by?: 'province' | 'commune';
}

export function useQualityReport(query: QualityQuery) {
  return useQuery({
    queryKey: ['quality', query],
    queryFn: ({ signal }) => api.get<QualityReport>('/quality', { ...query }, signal),
  });
}

export function useQualityRefresh() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<SnapshotInfo>('/quality/refresh'),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['quality'] }),
  });
}

// The JSON shape of a batch in answers and on the command line.
import type { BatchRow } from './card.production.repository.ts';

export interface BatchView {
  id: number;
  status: 'built' | 'exported' | 'closed';
  createdAt: string;
  createdBy: string;
  provinceCode: string | null;
  cards: number;
  produced: number;
  failed: number;
  signerId: string | null;
  exportedAt: string | null;
  closedAt: string | null;
}

export function batchView(r: BatchRow): BatchView {
  return {
    id: Number(r.id),
    status: r.status,
    createdAt: r.created_at,
    createdBy: r.created_by,
    provinceCode: r.province_code,
    cards: Number(r.cards),
    produced: Number(r.produced),
    failed: Number(r.failed),
    signerId: r.signer_id,
    exportedAt: r.exported_at,
    closedAt: r.closed_at,
  };
}

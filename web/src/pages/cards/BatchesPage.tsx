// Production batches: build one from the approved applications (of one province or of the whole area), download
// its export for the production centre, import the centre's results file, follow produced and failed counts.

import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, InputNumber, Progress, Select, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BatchView, cardFileUrl, uploadBatchResults, useBatches, useBuildBatch } from '../../api/cards.ts';
import { useProvinces } from '../../api/reference.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { describeError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { BATCH_COLORS } from './cardLook.ts';

function ResultsUpload({ batch }: { batch: BatchView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      accept=".json,.csv,.ndjson,.txt"
      showUploadList={false}
      beforeUpload={(file) => {
        setBusy(true);
        uploadBatchResults(batch.id, file, session?.csrfToken ?? null)
          .then(() => {
            void message.success(t('cards.batches.uploaded', { id: batch.id }));
            void client.invalidateQueries({ queryKey: ['cards'] });
          })
          .catch((e: unknown) => void message.error(describeError(t, e).title))
          .finally(() => setBusy(false));
        return false;
      }}
    >
      <Button
        size="small"
        loading={busy}
        title={t('cards.batches.resultsHint')}
        data-testid={`batch-results-${batch.id}`}
      >
        {t('cards.batches.uploadResults')}
      </Button>
    </Upload>
  );
}

export function BatchesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const batches = useBatches();
  const build = useBuildBatch();
  const provinces = useProvinces();
  const [province, setProvince] = useState<string | undefined>(undefined);
  const [limit, setLimit] = useState<number | null>(null);

  const columns: ColumnsType<BatchView> = [
    { title: t('cards.batches.id'), dataIndex: 'id', width: 70, render: (id: number) => `#${id}` },
    {
      title: t('cards.batches.status'),
      dataIndex: 'status',
      width: 150,
      render: (s: BatchView['status'], b) => (
        <Tag color={BATCH_COLORS[s]} data-testid={`batch-status-${b.id}`}>
          {t(`cards.batchStatus.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('cards.batches.province'),
      dataIndex: 'provinceCode',
      render: (c: string | null) =>
        c ? (provinces.data?.find((p) => p.code === c)?.fullName ?? c) : t('cards.batches.allProvinces'),
    },
    { title: t('cards.batches.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: t('cards.batches.createdBy'), dataIndex: 'createdBy' },
    { title: t('cards.batches.cards'), dataIndex: 'cards', width: 90 },
    {
      title: t('cards.batches.progress'),
      key: 'progress',
      width: 220,
      render: (_, b) => (
        <div data-testid={`batch-progress-${b.id}`}>
          <Progress
            percent={b.cards ? Math.round((100 * (b.produced + b.failed)) / b.cards) : 0}
            success={{ percent: b.cards ? Math.round((100 * b.produced) / b.cards) : 0 }}
            size="small"
          />
          <Typography.Text type="secondary">
            {t('cards.batches.produced')}: {b.produced} · {t('cards.batches.failed')}: {b.failed}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, b) => (
        <Flex gap={8} wrap>
          <Button size="small" href={cardFileUrl(`/cards/batches/${b.id}/export`)} data-testid={`batch-export-${b.id}`}>
            {t('cards.batches.export')}
          </Button>
          {b.status !== 'closed' && <ResultsUpload batch={b} />}
        </Flex>
      ),
    },
  ];

  const submit = () =>
    build.mutate(
      { ...(province ? { provinceCode: province } : {}), ...(limit ? { limit } : {}) },
      { onSuccess: (b) => void message.success(t('cards.batches.built', { id: b.id, cards: b.cards })) },
    );

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cards.batches.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('cards.batches.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Select
            allowClear
            style={{ width: 260 }}
            placeholder={t('cards.batches.allProvinces')}
            value={province}
            onChange={(v?: string) => setProvince(v)}
            options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.fullName }))}
            data-testid="batch-province"
          />
          <InputNumber min={1} max={10000} placeholder={t('cards.batches.limit')} value={limit} onChange={setLimit} />
          <Button type="primary" onClick={submit} loading={build.isPending} data-testid="batch-build">
            {t('cards.batches.build')}
          </Button>
        </Flex>
        {build.isError && (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={build.error} />
          </div>
        )}
      </Card>
      <Card>
        {batches.isError ? (
          <ErrorAlert error={batches.error} onRetry={() => void batches.refetch()} />
        ) : (
          <Table<BatchView>
            data-testid="batches-table"
            rowKey="id"
            size="middle"
            loading={batches.isPending}
            columns={columns}
            dataSource={batches.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('cards.batches.empty')} /> }}
          />
        )}
      </Card>
    </Flex>
  );
}

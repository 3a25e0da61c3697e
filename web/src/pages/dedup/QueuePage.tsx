// The duplicate review queue: pairs of records that may be one person, most probable first, filtered by status,
// probability band and area (within the officer's jurisdiction, which the server applies), loaded by cursor; with
// the running precision per band from the decisions already taken. Filters live in the address. A pair is listed
// only when the officer's jurisdiction holds both persons; the officer's persons whose possible duplicates live
// elsewhere are listed apart, with the level the pair was referred to and nothing of the other person.
import { Button, Card, Col, Empty, Flex, Row, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type PairSummary, type ReferredPerson, useDedupStatus, usePairs } from '../../api/dedup.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PrecisionCard } from './PrecisionCard.tsx';
import { BANDS, probabilityColor, STATUS_COLORS } from './pairLook.ts';

const STATUSES = ['open', 'same', 'different', 'merged', 'closed', 'all'] as const;

function PersonCell({ p }: { p: Pick<PairSummary['left'], 'fullName' | 'pin' | 'dateOfBirth' | 'sex'> }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{p.fullName}</Typography.Text>
      <div>
        <Typography.Text code>{p.pin}</Typography.Text>{' '}
        <Typography.Text type="secondary">
          {formatDate(p.dateOfBirth)} · {t(`sex.${p.sex === 'F' ? 'F' : 'M'}`)}
        </Typography.Text>
      </div>
    </div>
  );
}

/** The officer's persons with a possible duplicate referred to the province or the nation (first page only). */
function ReferredCard({ referred }: { referred: ReferredPerson[] }) {
  const { t } = useTranslation();
  if (referred.length === 0) return null;
  const columns: ColumnsType<ReferredPerson> = [
    { title: t('dedup.referred.person'), key: 'person', render: (_, r) => <PersonCell p={r} /> },
    {
      title: t('dedup.queue.unit'),
      dataIndex: 'unit',
      width: 120,
      render: (u: string | null) => <Typography.Text type="secondary">{u ?? t('common.none')}</Typography.Text>,
    },
    {
      title: t('dedup.referred.level'),
      dataIndex: 'referredTo',
      width: 160,
      render: (l: string) => (
        <Tag color={l === 'national' ? 'purple' : 'blue'}>
          {t(`dedup.referred.${l === 'national' ? 'national' : 'province'}`)}
        </Tag>
      ),
    },
    { title: t('dedup.referred.pairs'), dataIndex: 'pairs', width: 140 },
  ];
  return (
    <Card title={t('dedup.referred.title')} style={{ marginTop: 16 }} data-testid="dedup-referred">
      <Typography.Paragraph type="secondary">{t('dedup.referred.hint')}</Typography.Paragraph>
      <Table<ReferredPerson>
        rowKey={(r) => `${r.personId}-${r.referredTo}`}
        size="small"
        columns={columns}
        dataSource={referred}
        pagination={referred.length > 20 ? { pageSize: 20 } : false}
      />
    </Card>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const band = params.get('band') ?? '';
  const unit = params.get('unit') ?? '';
  const pairs = usePairs({ status, band, unit });
  const run = useDedupStatus();
  const rows = pairs.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: ColumnsType<PairSummary> = [
    {
      title: t('dedup.queue.probability'),
      dataIndex: 'probability',
      width: 120,
      render: (p: number) => (
        <Tag color={probabilityColor(p)} data-testid="pair-probability">
          {(100 * p).toFixed(1)}%
        </Tag>
      ),
    },
    { title: t('dedup.queue.first'), key: 'left', render: (_, r) => <PersonCell p={r.left} /> },
    { title: t('dedup.queue.second'), key: 'right', render: (_, r) => <PersonCell p={r.right} /> },
    {
      title: t('dedup.queue.unit'),
      key: 'units',
      width: 120,
      render: (_, r) => (
        <Typography.Text type="secondary">
          {[...new Set([r.left.unit, r.right.unit].filter(Boolean))].join(' / ') || t('common.none')}
        </Typography.Text>
      ),
    },
    {
      title: t('dedup.queue.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(`dedup.status.${s as 'open'}`)}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'open',
      width: 110,
      render: (_, r) => (
        <Link to={`/dedup/${r.id}`} data-testid={`open-pair-${r.id}`}>
          {t('dedup.queue.open')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('dedup.queue.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('dedup.queue.subtitle')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" data-testid="dedup-last-run">
        {run.data?.run?.finishedAt
          ? t('dedup.queue.lastRun', {
              at: formatDateTime(run.data.run.finishedAt),
              persons: run.data.run.persons.toLocaleString('vi-VN'),
              pairs: run.data.run.pairs.toLocaleString('vi-VN'),
            })
          : run.data
            ? t('dedup.queue.never')
            : ''}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 8]}>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('dedup.queue.status')}</Typography.Text>
            <Select
              data-testid="status-filter"
              style={{ width: '100%' }}
              value={status}
              options={STATUSES.map((s) => ({ value: s, label: t(`dedup.status.${s}`) }))}
              onChange={(v: string) => set('status', v === 'open' ? null : v)}
            />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('dedup.queue.band')}</Typography.Text>
            <Select
              data-testid="band-filter"
              style={{ width: '100%' }}
              value={band}
              options={[
                { value: '', label: t('dedup.queue.allBands') },
                ...BANDS.map((b) => ({ value: b, label: b.replace('-', ' – ') })),
              ]}
              onChange={(v: string) => set('band', v || null)}
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('dedup.queue.unit')}</Typography.Text>
            <UnitPicker
              value={unit || null}
              onChange={(c) => set('unit', c)}
              provincePlaceholder={t('dedup.queue.provincePlaceholder')}
              communePlaceholder={t('dedup.queue.communePlaceholder')}
            />
          </Col>
        </Row>
      </Card>

      <Card>
        {pairs.isError && !pairs.data ? (
          <ErrorAlert error={pairs.error} onRetry={() => void pairs.refetch()} />
        ) : (
          <>
            <Table<PairSummary>
              data-testid="dedup-queue"
              rowKey="id"
              size="middle"
              loading={pairs.isPending}
              columns={columns}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: <Empty description={t('dedup.queue.empty')} /> }}
            />
            <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t('dedup.queue.shown', { count: rows.length })}</Typography.Text>
              {pairs.hasNextPage && (
                <Button onClick={() => void pairs.fetchNextPage()} loading={pairs.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              )}
            </Flex>
          </>
        )}
      </Card>
      <ReferredCard referred={pairs.data?.pages[0]?.referred ?? []} />
      <PrecisionCard />
    </>
  );
}

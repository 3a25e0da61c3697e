// The reviewer's queue: ballots of the jurisdiction filtered by status, area, import job and warnings; a drawer
// with one ballot; bulk actions for the selected ballots or for everything eligible in an area or an import job.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  BALLOT_STATUSES,
  type BallotItem,
  type BulkReport,
  DEFAULT_CAMPAIGN,
  REVIEW_ACTIONS,
  type ReviewAction,
  useBallots,
  useBulkReview,
} from '../../api/campaign.ts';
import { hasPermission, useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { lookup } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';
import { BallotDrawer } from './BallotDrawer.tsx';
import { STATUS_COLORS } from './statusColors.ts';

const PERMISSION: Record<ReviewAction, 'ballot.check' | 'ballot.verify' | 'ballot.approve'> = {
  check: 'ballot.check',
  verify: 'ballot.verify',
  approve: 'ballot.approve',
  return: 'ballot.check',
  reject: 'ballot.check',
};

export function ReviewPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { data: session } = useSession();
  const status = params.get('status') ?? undefined;
  const unit = params.get('unit') ?? undefined;
  const job = params.get('job') ? Number(params.get('job')) : undefined;
  const hasWarnings = params.get('warnings') === '1' ? true : undefined;
  const ballots = useBallots(DEFAULT_CAMPAIGN, { status, unit, job, hasWarnings: hasWarnings ? 'true' : undefined });
  const rows = ballots.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, setOpen] = useState<number | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p);
    setSelected([]);
  };
  const actions = REVIEW_ACTIONS.filter((a) => hasPermission(session?.user, PERMISSION[a]));

  const columns: ColumnsType<BallotItem> = [
    {
      title: t('campaign.review.ballot'),
      dataIndex: 'ballotRef',
      render: (ref: string, b) => (
        <Typography.Link onClick={() => setOpen(b.id)} data-testid={`ballot-${b.id}`}>
          {ref}
        </Typography.Link>
      ),
    },
    { title: t('campaign.review.form'), dataIndex: 'form', width: 70 },
    { title: t('campaign.review.person'), dataIndex: 'fullName' },
    {
      title: t('campaign.review.dob'),
      dataIndex: 'dateOfBirth',
      width: 110,
      render: (d: string | null) => formatDate(d),
    },
    {
      title: t('search.pin'),
      dataIndex: 'pin',
      width: 140,
      render: (p: string | null) => (p ? <Typography.Text code>{p}</Typography.Text> : '—'),
    },
    { title: t('campaign.review.unit'), dataIndex: 'unitCode', width: 90 },
    {
      title: t('campaign.review.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(`campaign.status.${s as 'collected'}`)}</Tag>,
    },
    {
      title: t('campaign.review.warnings'),
      dataIndex: 'warningCount',
      width: 100,
      align: 'right',
      render: (n: number, b) =>
        n > 0 ? (
          <Tag color="orange" title={b.issues.map((i) => i.rule).join(', ')}>
            {n}
          </Tag>
        ) : (
          ''
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('campaign.review.title')}
      </Typography.Title>
      <Card size="small">
        <Row gutter={[16, 8]} align="bottom">
          <Col xs={24} md={5}>
            <Form.Item label={t('campaign.review.status')} style={{ margin: 0 }} layout="vertical">
              <Select
                data-testid="status-filter"
                allowClear
                placeholder={t('campaign.review.allStatuses')}
                value={status}
                onChange={(v?: string) => set('status', v)}
                options={BALLOT_STATUSES.map((s) => ({ value: s, label: t(`campaign.status.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item label={t('campaign.review.unit')} style={{ margin: 0 }} layout="vertical">
              <UnitPicker
                value={unit ?? null}
                onChange={(c) => set('unit', c ?? undefined)}
                provincePlaceholder={t('search.province')}
                communePlaceholder={t('search.commune')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label={t('campaign.review.job')} style={{ margin: 0 }} layout="vertical">
              <InputNumber
                min={1}
                style={{ width: '100%' }}
                value={job ?? null}
                onChange={(v) => set('job', v ? String(v) : undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Checkbox
              checked={hasWarnings ?? false}
              onChange={(e) => set('warnings', e.target.checked ? '1' : undefined)}
            >
              {t('campaign.review.hasWarnings')}
            </Checkbox>
          </Col>
        </Row>
      </Card>
      {actions.length > 0 && <BulkBar actions={actions} selected={selected} unit={unit} job={job} />}
      {ballots.isError && <ErrorAlert error={ballots.error} onRetry={() => void ballots.refetch()} />}
      <Table<BallotItem>
        data-testid="ballot-table"
        rowKey="id"
        size="small"
        loading={ballots.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('campaign.review.empty') }}
        rowSelection={
          actions.length ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined
        }
      />
      {ballots.hasNextPage && (
        <Button onClick={() => void ballots.fetchNextPage()} loading={ballots.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <BallotDrawer id={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}

/** One action for the selected ballots, or for every eligible ballot of the area or import job shown. */
function BulkBar({
  actions,
  selected,
  unit,
  job,
}: {
  actions: ReviewAction[];
  selected: number[];
  unit?: string;
  job?: number;
}) {
  const { t } = useTranslation();
  const bulk = useBulkReview(DEFAULT_CAMPAIGN);
  const [action, setAction] = useState<ReviewAction>(actions[0]!);
  const [reason, setReason] = useState('');
  const needsReason = action === 'return' || action === 'reject';
  const filter = selected.length ? { ids: selected } : job ? { jobId: job } : unit ? { unitCode: unit } : null;
  const scope = selected.length
    ? t('campaign.review.bulkScopeSelected', { count: selected.length })
    : job
      ? t('campaign.review.bulkScopeJob', { job })
      : unit
        ? t('campaign.review.bulkScopeUnit', { unit })
        : null;
  return (
    <Card size="small" title={t('campaign.review.bulkTitle')} data-testid="bulk-bar">
      <Flex gap={8} wrap align="center">
        <Select
          data-testid="bulk-action"
          style={{ width: 160 }}
          value={action}
          onChange={setAction}
          options={actions.map((a) => ({ value: a, label: t(`campaign.action.${a}`) }))}
        />
        {needsReason && (
          <Input
            style={{ width: 280 }}
            placeholder={t('campaign.review.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
        <Button
          type="primary"
          data-testid="bulk-apply"
          disabled={!filter || (needsReason && !reason.trim())}
          loading={bulk.isPending}
          onClick={() => filter && bulk.mutate({ action, filter, ...(needsReason ? { reason: reason.trim() } : {}) })}
        >
          {t(`campaign.action.${action}`)}
        </Button>
        <Typography.Text type="secondary">
          {scope ? t('campaign.review.bulkHint', { scope }) : t('campaign.review.bulkNeedsScope')}
        </Typography.Text>
      </Flex>
      {bulk.isError && <ErrorAlert error={bulk.error} />}
      {bulk.data && <BulkResult r={bulk.data} />}
    </Card>
  );
}

function BulkResult({ r }: { r: BulkReport }) {
  const { t } = useTranslation();
  const skipped = Object.entries(r.skipped)
    .map(([k, n]) => `${lookup(t, `campaign.review.skipReasons.${k}`) ?? k} ${n}`)
    .join(', ');
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={r.done > 0 ? 'success' : 'warning'}
      showIcon
      data-testid="bulk-result"
      title={t('campaign.review.bulkDone', {
        action: t(`campaign.action.${r.action as ReviewAction}`),
        done: r.done,
        matched: r.matched,
      })}
      description={skipped ? t('campaign.review.bulkSkipped', { list: skipped }) : undefined}
    />
  );
}

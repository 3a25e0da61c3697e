// Identity card applications in the officer's area, newest first, filtered by status, area and PIN (filters in
// the address); receiving a new one; approving or refusing those received, for officers who may decide.
import { App, Button, Card, Col, Empty, Flex, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type ApplicationView, useApplications, useDecideApplication } from '../../api/cards.ts';
import { hasPermission, useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitName } from '../../components/UnitName.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { describeError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ApplyModal } from './ApplyModal.tsx';
import { APPLICATION_COLORS, APPLICATION_STATUSES, type ApplicationStatus } from './cardLook.ts';

function Decision({ app }: { app: ApplicationView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideApplication();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const run = (decision: 'approve' | 'refuse') =>
    decide.mutate(
      { id: app.id, decision, reason: decision === 'refuse' ? reason.trim() : undefined },
      {
        onSuccess: () => {
          setRefusing(false);
          void message.success(
            t(decision === 'approve' ? 'cards.applications.approved' : 'cards.applications.refused'),
          );
        },
        onError: (e) => void message.error(describeError(t, e).title),
      },
    );
  return (
    <Flex gap={8}>
      <Button
        size="small"
        type="primary"
        loading={decide.isPending}
        onClick={() => run('approve')}
        data-testid={`approve-${app.id}`}
      >
        {t('cards.applications.approve')}
      </Button>
      <Button size="small" danger onClick={() => setRefusing(true)} data-testid={`refuse-${app.id}`}>
        {t('cards.applications.refuse')}
      </Button>
      <Modal
        open={refusing}
        title={t('cards.applications.refuseTitle', { name: app.fullName })}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
        okText={t('cards.applications.refuse')}
        onOk={() => run('refuse')}
        onCancel={() => setRefusing(false)}
      >
        <Typography.Text>{t('cards.applications.refuseReason')}</Typography.Text>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        {decide.isError && <ErrorAlert error={decide.error} />}
      </Modal>
    </Flex>
  );
}

export function ApplicationsPage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const canApply = hasPermission(session?.user, 'card.apply');
  const canDecide = hasPermission(session?.user, 'card.approve');
  const [params, setParams] = useSearchParams();
  const [applying, setApplying] = useState(false);
  const status = params.get('status') ?? '';
  const unit = params.get('unit') ?? '';
  const pin = params.get('pin') ?? '';
  const apps = useApplications({ status, unit, pin: /^\d{12}$/.test(pin) ? pin : undefined });
  const rows = apps.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const columns: ColumnsType<ApplicationView> = [
    { title: '#', dataIndex: 'id', width: 70 },
    {
      title: t('cards.applications.fullName'),
      key: 'person',
      render: (_, a) => (
        <div>
          <Typography.Text strong>{a.fullName}</Typography.Text>
          <div>
            <Typography.Text code>{a.pin}</Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('cards.applications.reason'),
      dataIndex: 'reason',
      render: (r: string) => t(`cards.reason.${r as 'first'}`),
    },
    {
      title: t('cards.applications.receivedUnit'),
      dataIndex: 'receivedUnit',
      render: (c: string) => <UnitName code={c} />,
    },
    {
      title: t('cards.applications.receivedAt'),
      dataIndex: 'receivedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('cards.applications.status'),
      dataIndex: 'status',
      width: 170,
      render: (s: string, a) => (
        <Tag color={APPLICATION_COLORS[s]} title={a.statusReason ?? undefined} data-testid={`app-status-${a.id}`}>
          {t(`cards.appStatus.${s as ApplicationStatus}`)}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, a) =>
        a.cardId ? (
          <Link to={`/cards/${a.cardId}`} data-testid={`open-card-${a.id}`}>
            {t('cards.applications.openCard')}
          </Link>
        ) : a.status === 'received' && canDecide ? (
          <Decision app={a} />
        ) : null,
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('cards.applications.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('cards.applications.subtitle')}</Typography.Paragraph>
        </div>
        {canApply && (
          <Button type="primary" onClick={() => setApplying(true)} data-testid="new-application">
            {t('cards.applications.new')}
          </Button>
        )}
      </Flex>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 8]}>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('cards.applications.status')}</Typography.Text>
            <Select
              data-testid="app-status-filter"
              style={{ width: '100%' }}
              value={status}
              options={[
                { value: '', label: t('cards.applications.allStatuses') },
                ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`cards.appStatus.${s}`) })),
              ]}
              onChange={(v: string) => set('status', v || null)}
            />
          </Col>
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('cards.applications.pin')}</Typography.Text>
            <Input.Search
              allowClear
              defaultValue={pin}
              maxLength={12}
              onSearch={(v) => set('pin', v.trim() || null)}
              data-testid="app-pin-filter"
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('cards.applications.unit')}</Typography.Text>
            <UnitPicker
              value={unit || null}
              onChange={(c) => set('unit', c)}
              provincePlaceholder={t('cards.applications.provincePlaceholder')}
              communePlaceholder={t('cards.applications.communePlaceholder')}
            />
          </Col>
        </Row>
      </Card>
      <Card>
        {apps.isError && !apps.data ? (
          <ErrorAlert error={apps.error} onRetry={() => void apps.refetch()} />
        ) : (
          <>
            <Table<ApplicationView>
              data-testid="applications-table"
              rowKey="id"
              size="middle"
              loading={apps.isPending}
              columns={columns}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: <Empty description={t('cards.applications.empty')} /> }}
            />
            <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">
                {t('cards.applications.shown', { count: rows.length })}
              </Typography.Text>
              {apps.hasNextPage && (
                <Button onClick={() => void apps.fetchNextPage()} loading={apps.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              )}
            </Flex>
          </>
        )}
      </Card>
      <ApplyModal open={applying} onClose={() => setApplying(false)} />
    </>
  );
}

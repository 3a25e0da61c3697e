// Who needs a card soon: a first card at 14, or a renewal at 25, 40 and 60 (domain.md §4.3). Counts per month
// as a chart, counts per commune, the persons themselves, and the whole list as CSV for the commune police.
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { cardFileUrl, type DueItem, useDue, useDueMonths } from '../../api/cards.ts';
import { EChart } from '../../components/EChart.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitName } from '../../components/UnitName.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formatDate, isoDay } from '../../lib/format.ts';

export function DuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const by = params.get('by') ?? '';
  const unit = params.get('unit') ?? '';
  const query = { by, unit };
  const due = useDue(query);
  const months = useDueMonths(query);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const items = due.data?.items ?? [];
  const perCommune = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.unitCode ?? '', (counts.get(i.unitCode ?? '') ?? 0) + 1);
    return [...counts].map(([code, n]) => ({ code, n })).sort((a, b) => b.n - a.n);
  }, [items]);
  // Everyone who should already hold a card (adults never issued one) is due in a month long past: those months
  // are summed into one "overdue" bar so the chart shows the months ahead rather than decades of backlog.
  const chart = useMemo(() => {
    const thisMonth = dayjs().format('YYYY-MM');
    const rows = months.data ?? [];
    const overdue = rows.filter((m) => m.month < thisMonth).reduce((sum, m) => sum + m.n, 0);
    const ahead = rows.filter((m) => m.month >= thisMonth);
    const labels = [...(overdue ? [t('cards.due.overdue')] : []), ...ahead.map((m) => m.month)];
    const values = [
      ...(overdue ? [{ value: overdue, itemStyle: { color: '#f5222d' } }] : []),
      ...ahead.map((m) => m.n),
    ];
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 48, name: t('cards.due.count'), data: values, color: '#1677ff' }],
    };
  }, [months.data, t]);

  const columns: ColumnsType<DueItem> = [
    { title: t('cards.due.pin'), dataIndex: 'pin', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
    { title: t('cards.due.fullName'), dataIndex: 'fullName' },
    { title: t('cards.due.dateOfBirth'), dataIndex: 'dateOfBirth', render: (d: string) => formatDate(d) },
    {
      title: t('cards.due.commune'),
      dataIndex: 'unitCode',
      render: (c: string | null) => (c ? <UnitName code={c} /> : ''),
    },
    { title: t('cards.due.dueOn'), dataIndex: 'dueOn', render: (d: string) => formatDate(d) },
    { title: t('cards.due.cause'), dataIndex: 'cause', render: (c: string) => t(`cards.cause.${c as 'first'}`) },
  ];

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cards.due.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('cards.due.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Row gutter={[16, 8]} align="bottom">
          <Col xs={24} md={6}>
            <Typography.Text type="secondary">{t('cards.due.by')}</Typography.Text>
            <DatePicker
              style={{ width: '100%' }}
              format="DD/MM/YYYY"
              value={by ? dayjs(by) : null}
              onChange={(d) => set('by', d ? isoDay(d) : null)}
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('cards.due.unit')}</Typography.Text>
            <UnitPicker
              value={unit || null}
              onChange={(c) => set('unit', c)}
              provincePlaceholder={t('cards.applications.provincePlaceholder')}
              communePlaceholder={t('cards.applications.communePlaceholder')}
            />
          </Col>
          <Col xs={24} md={6}>
            <Button href={cardFileUrl('/cards/due', { ...query, format: 'csv' })} data-testid="due-csv" block>
              {t('cards.due.csv')}
            </Button>
          </Col>
        </Row>
      </Card>
      {due.isError ? (
        <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('cards.due.chart')}>
                {months.isError ? (
                  <ErrorAlert error={months.error} />
                ) : (
                  <EChart option={chart} height={260} testId="due-chart" />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('cards.due.perCommune')}>
                <Table
                  rowKey="code"
                  size="small"
                  loading={due.isPending}
                  dataSource={perCommune}
                  pagination={perCommune.length > 8 ? { pageSize: 8 } : false}
                  data-testid="due-per-commune"
                  columns={[
                    {
                      title: t('cards.due.commune'),
                      dataIndex: 'code',
                      render: (c: string) => (c ? <UnitName code={c} /> : ''),
                    },
                    { title: t('cards.due.count'), dataIndex: 'n', width: 100 },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            extra={<Typography.Text type="secondary">{t('cards.due.total', { count: items.length })}</Typography.Text>}
          >
            <Table<DueItem>
              rowKey="pin"
              size="small"
              loading={due.isPending}
              columns={columns}
              dataSource={items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('cards.due.empty')} /> }}
              data-testid="due-table"
            />
          </Card>
        </>
      )}
    </Flex>
  );
}

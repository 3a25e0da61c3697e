// Campaign progress for the steering committee and the police: a chart per province (or per commune of one
// province), the sortable table, and the totals of what the reader's jurisdiction covers.
import { Button, Card, Col, Flex, Progress, Row, Segmented, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DEFAULT_CAMPAIGN, useProgress } from '../../api/campaign.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDate } from '../../lib/format.ts';
import { ProgressChart } from './ProgressChart.tsx';
import { ProgressTable } from './ProgressTable.tsx';

export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const by = params.get('by') ?? undefined;
  const progress = useProgress(DEFAULT_CAMPAIGN, by, unit);
  if (progress.isPending) return <FullPageSpin />;
  if (progress.isError) return <ErrorAlert error={progress.error} onRetry={() => void progress.refetch()} />;
  const r = progress.data;
  const total = r.total;
  const chartRows = r.rows.filter((u) => u.expected > 0 || u.collected > 0);
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('campaign.dashboard.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('campaign.dashboard.subtitle', { name: r.campaign.name, date: formatDate(r.asOf) })}
          </Typography.Text>
        </div>
        <Flex gap={8} align="center">
          {unit && (
            <Button onClick={() => set({ unit: undefined, by: undefined })} data-testid="progress-back">
              {t('campaign.dashboard.back')}
            </Button>
          )}
          <Segmented
            value={r.by}
            options={[
              { value: 'province', label: t('campaign.dashboard.byProvince') },
              { value: 'commune', label: t('campaign.dashboard.byCommune') },
            ]}
            onChange={(v) => set({ by: String(v) })}
          />
        </Flex>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('campaign.columns.expected')} value={total.expected} groupSeparator="." />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('campaign.columns.collected')} value={total.collected} groupSeparator="." />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('campaign.columns.approved')} value={total.approved} groupSeparator="." />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic
              title={t('campaign.columns.errorRate')}
              value={total.errorRate === null ? '—' : `${(total.errorRate * 100).toFixed(1)}%`}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={`${t('campaign.columns.percent')} — ${total.name}`} data-testid="progress-summary">
            <Progress percent={total.percentComplete ?? 0} status={total.completedOn ? 'success' : 'active'} />
            <Typography.Text type="secondary">
              {total.completedOn
                ? `${t('campaign.columns.completedOn')}: ${formatDate(total.completedOn)}`
                : total.rank
                  ? t('campaign.dashboard.earlyRank', { rank: total.rank })
                  : ''}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('campaign.dashboard.chartTitle')}>
        <ProgressChart rows={chartRows} />
      </Card>
      <ProgressTable rows={r.rows} total={total} onOpen={(u) => set({ unit: u.code, by: 'commune' })} />
    </Flex>
  );
}

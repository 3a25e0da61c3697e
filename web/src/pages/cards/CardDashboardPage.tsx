// The card programme at a glance: applications by status, the approved backlog waiting for production and the
// cards handed over per province, for the reader's jurisdiction (or one province of it).
import { Card, Col, Flex, Row, Select, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCardDashboard } from '../../api/cards.ts';
import { useProvinces } from '../../api/reference.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { EChart } from '../../components/EChart.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { APPLICATION_STATUSES, type ApplicationStatus, STATUS_CHART_COLORS } from './cardLook.ts';

export function CardDashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const province = params.get('province');
  const dash = useCardDashboard(province);
  const provinces = useProvinces();

  const byStatus = useMemo(() => {
    const counts = new Map((dash.data?.applications ?? []).map((a) => [a.status, a.n]));
    const statuses = APPLICATION_STATUSES.filter((s) => counts.has(s));
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 150, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: statuses.map((s) => t(`cards.appStatus.${s as ApplicationStatus}`)) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 36,
          data: statuses.map((s) => ({ value: counts.get(s) ?? 0, itemStyle: { color: STATUS_CHART_COLORS[s] } })),
        },
      ],
    };
  }, [dash.data, t]);
  const issued = useMemo(() => {
    const rows = [...(dash.data?.issued ?? [])].sort((a, b) => b.n - a.n);
    const nameOf = (code: string | null) =>
      code ? (provinces.data?.find((p) => p.code === code)?.fullName ?? code) : t('cards.dashboard.unknownProvince');
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => nameOf(r.provinceCode)), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 48, data: rows.map((r) => r.n), color: '#52c41a' }],
    };
  }, [dash.data, provinces.data, t]);

  if (dash.isPending) return <FullPageSpin />;
  if (dash.isError) return <ErrorAlert error={dash.error} onRetry={() => void dash.refetch()} />;
  const d = dash.data;
  const total = d.applications.reduce((s, a) => s + a.n, 0);
  const issuedTotal = d.issued.reduce((s, a) => s + a.n, 0);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cards.dashboard.title')}
        </Typography.Title>
        <Select
          allowClear
          style={{ width: 260 }}
          placeholder={t('cards.dashboard.province')}
          value={province ?? undefined}
          onChange={(v?: string) => setParams(v ? { province: v } : {})}
          options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.fullName }))}
        />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('cards.dashboard.applications')} value={total} data-testid="dash-applications" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('cards.dashboard.backlog')} value={d.backlog} data-testid="dash-backlog" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('cards.dashboard.issuedTotal')} value={issuedTotal} data-testid="dash-issued" />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cards.dashboard.byStatus')}>
            <EChart option={byStatus} height={300} testId="dash-status-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('cards.dashboard.issued')}>
            <EChart option={issued} height={300} testId="dash-issued-chart" />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

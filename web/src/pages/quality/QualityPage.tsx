// Data-quality scores per locality ("đúng, đủ, sạch, sống"): the officer's jurisdiction by default, provinces for
// the country, communes for a province; a heat map, a sortable table, the trend across computations, and plain
// statements of what cannot be measured yet (deduplication not run, no identity-card data).
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Segmented, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type QualityQuery, type QualityReport, useQualityRefresh, useQualityReport } from '../../api/quality.ts';
import { useProvinces } from '../../api/reference.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { QualityHeatmap } from './QualityHeatmap.tsx';
import { QualityTable } from './QualityTable.tsx';
import { QualityTrend } from './QualityTrend.tsx';
import { COLUMNS, colorOf, formatNumber, formatShare } from './scores.ts';

function queryFrom(params: URLSearchParams): QualityQuery {
  const by = params.get('by');
  return {
    unit: params.get('unit') ?? undefined,
    by: by === 'province' || by === 'commune' ? by : undefined,
  };
}

function Summary({ report }: { report: QualityReport }) {
  const { t, i18n } = useTranslation();
  const s = report.summary;
  if (!s) return null;
  const dedupRan = report.availability.clean.available;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="quality-summary">
      {COLUMNS.map((c) => {
        const v = s[c];
        return (
          <Col xs={12} md={4} key={c}>
            <Card size="small" title={t(`quality.principles.${c}`)}>
              <Statistic
                value={
                  v === null ? (c === 'clean' && !dedupRan ? t('quality.notRun') : '—') : formatShare(v, i18n.language)
                }
                styles={{ content: { color: v === null ? '#8c8c8c' : colorOf(v), fontSize: 22 } }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c === 'clean' && s.details.pairsPer1000 !== null
                  ? t('quality.pairs', { value: formatNumber(s.details.pairsPer1000, i18n.language, 2) })
                  : t(`quality.explain.${c}`)}
              </Typography.Text>
            </Card>
          </Col>
        );
      })}
      <Col xs={12} md={4}>
        <Card size="small" title={t('quality.over110')}>
          <Statistic
            value={formatNumber(s.details.over110, i18n.language)}
            styles={{ content: { color: s.details.over110 > 0 ? '#d4380d' : undefined, fontSize: 22 } }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('quality.personsCount', { count: s.persons })}
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}

export function QualityPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const report = useQualityReport(query);
  const refresh = useQualityRefresh();
  const { data: session } = useSession();
  const { data: provinces } = useProvinces();
  const user = session?.user;
  const mayRefresh = report.data?.mayRefresh ?? false;
  const national = user?.jurisdiction === null;

  const drill = (code: string) => setParams({ unit: code });
  const doRefresh = () =>
    refresh.mutate(undefined, {
      onSuccess: (s) =>
        void message.success(
          t('quality.refreshed', {
            persons: formatNumber(s.persons, i18n.language),
            seconds: formatNumber(s.durationMs / 1000, i18n.language, 1),
          }),
        ),
    });

  const r = report.data;
  const scope = r?.scope;
  const provinceCode =
    scope?.level === 'commune' ? r?.summary?.provinceCode : scope?.level === 'province' ? scope.code : null;
  const provinceName = provinces?.find((p) => p.code === provinceCode)?.fullName ?? provinceCode;
  const crumbs: ({ title: ReactNode } | null)[] = [
    national
      ? { title: scope?.level === 'nation' ? t('quality.nation') : <Link to="/quality">{t('quality.nation')}</Link> }
      : null,
    provinceCode && scope?.level !== 'province' && (national || user?.jurisdiction === provinceCode)
      ? { title: <Link to={`/quality?unit=${provinceCode}`}>{provinceName}</Link> }
      : provinceCode && scope?.level === 'province'
        ? { title: provinceName }
        : null,
    scope?.level === 'commune' ? { title: scope.name } : null,
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('quality.title')}
          </Typography.Title>
          {crumbs.some((c) => c !== null) && (
            <Breadcrumb
              items={crumbs.filter((c) => c !== null)}
              style={{ marginTop: 4 }}
              data-testid="quality-breadcrumb"
            />
          )}
        </div>
        {mayRefresh && (
          <Button type="primary" onClick={doRefresh} loading={refresh.isPending} data-testid="quality-refresh">
            {refresh.isPending ? t('quality.refreshing') : t('quality.refresh')}
          </Button>
        )}
      </Flex>
      {refresh.isError && <ErrorAlert error={refresh.error} />}
      {report.isError && <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
      {report.isPending && <FullPageSpin />}
      {r && !r.snapshot && (
        <Card>
          <Empty
            description={
              <>
                <div>{t('quality.never')}</div>
                <Typography.Text type="secondary">
                  {mayRefresh ? t('quality.neverHint') : t('quality.neverNoRight')}
                </Typography.Text>
              </>
            }
          />
        </Card>
      )}
      {r?.snapshot && r.summary && (
        <>
          <Typography.Paragraph type="secondary" data-testid="quality-computed">
            {t('quality.subtitle', { name: r.scope.name })} ·{' '}
            {t('quality.computedAt', {
              at: formatDateTime(r.snapshot.computedAt),
              persons: formatNumber(r.snapshot.persons, i18n.language),
              today: formatDate(r.snapshot.today),
            })}
          </Typography.Paragraph>
          <Flex vertical gap={8} style={{ marginBottom: 16 }}>
            {r.availability.clean.available ? (
              <Typography.Text type="secondary">
                {t('quality.dedupRanAt', { at: formatDateTime(r.snapshot.dedupFinishedAt) })}
              </Typography.Text>
            ) : (
              <Alert
                type="warning"
                showIcon
                data-testid="quality-dedup-not-run"
                title={t('quality.dedupNotRun')}
                description={t('quality.dedupNotRunText')}
              />
            )}
            <Alert
              type="info"
              showIcon
              data-testid="quality-cards-na"
              title={t('quality.cardsNa')}
              description={t('quality.cardsNaText')}
            />
          </Flex>
          <Summary report={r} />
          <Card
            title={t('quality.chartTitle')}
            style={{ marginBottom: 16 }}
            extra={
              r.scope.level === 'nation' ? (
                <Segmented
                  value={r.by}
                  onChange={(v) => setParams(v === 'commune' ? { by: 'commune' } : {})}
                  options={[
                    { value: 'province', label: t('quality.byProvince') },
                    { value: 'commune', label: t('quality.byCommune') },
                  ]}
                />
              ) : undefined
            }
          >
            <QualityHeatmap
              items={r.items}
              onDrill={r.by === 'province' && r.scope.level === 'nation' ? drill : undefined}
            />
          </Card>
          <Card style={{ marginBottom: 16 }}>
            <QualityTable
              items={r.items}
              dedupRan={r.availability.clean.available}
              onDrill={r.scope.level === 'nation' ? drill : undefined}
            />
            {r.unplaced > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('quality.unplaced', { count: r.unplaced })}
              </Typography.Paragraph>
            )}
          </Card>
          {r.trend.length > 1 && (
            <Card title={t('quality.trendTitle')}>
              <QualityTrend trend={r.trend} />
            </Card>
          )}
        </>
      )}
    </>
  );
}

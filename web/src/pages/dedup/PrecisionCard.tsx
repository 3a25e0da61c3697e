// The running estimate of precision per probability band from the decisions officers have taken.
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PrecisionView, usePrecision } from '../../api/dedup.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

type Band = PrecisionView['bands'][number];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function PrecisionCard() {
  const { t } = useTranslation();
  const precision = usePrecision();
  return (
    <Card size="small" style={{ marginTop: 16 }} title={t('dedup.precision.title')}>
      {precision.isError ? (
        <ErrorAlert error={precision.error} />
      ) : (
        <Table<Band>
          data-testid="precision-table"
          rowKey="band"
          size="small"
          pagination={false}
          loading={precision.isPending}
          dataSource={precision.data?.bands ?? []}
          columns={[
            { title: t('dedup.precision.band'), dataIndex: 'band', render: (b: string) => b.replace('-', ' – ') },
            { title: t('dedup.precision.decided'), dataIndex: 'decided', align: 'right' },
            { title: t('dedup.precision.same'), dataIndex: 'same', align: 'right' },
            { title: t('dedup.precision.different'), dataIndex: 'different', align: 'right' },
            {
              title: t('dedup.precision.precision'),
              dataIndex: 'precision',
              align: 'right',
              render: (p: number | null) =>
                p === null ? <Typography.Text type="secondary">{t('dedup.precision.none')}</Typography.Text> : pct(p),
            },
            {
              title: t('dedup.precision.interval'),
              dataIndex: 'interval',
              align: 'right',
              render: (i: Band['interval']) => (i ? `${pct(i.low)} – ${pct(i.high)}` : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}

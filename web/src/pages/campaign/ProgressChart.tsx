// A stacked bar per unit: ballots by the level they stand at (approved, awaiting approval, awaiting verification,
// awaiting check, returned, rejected), with the expected residents as a line of markers to compare with.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitProgress } from '../../api/campaign.ts';
import { EChart } from '../../components/EChart.tsx';

const SERIES = [
  { key: 'approved', color: '#389e0d' },
  { key: 'verified', color: '#1677ff' },
  { key: 'checked', color: '#69b1ff' },
  { key: 'collected', color: '#bfbfbf' },
  { key: 'returned', color: '#fa8c16' },
  { key: 'rejected', color: '#cf1322' },
] as const;

/** Unit names without their type ("Thành phố Hà Nội" → "Hà Nội"), so that 34 labels fit under the bars. */
function shortName(name: string): string {
  return name.replace(/^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+/u, '');
}

export function ProgressChart({ rows }: { rows: UnitProgress[] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 90 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => shortName(r.name)),
        axisLabel: { rotate: 55, interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value' },
      series: [
        ...SERIES.map((s) => ({
          name: t(`campaign.series.${s.key}`),
          type: 'bar' as const,
          stack: 'ballots',
          itemStyle: { color: s.color },
          emphasis: { focus: 'series' as const },
          data: rows.map((r) => r.byStatus[s.key]),
        })),
        {
          name: t('campaign.series.expected'),
          type: 'line' as const,
          symbol: 'diamond',
          symbolSize: 9,
          lineStyle: { opacity: 0 },
          itemStyle: { color: '#262626' },
          data: rows.map((r) => r.expected),
        },
      ],
    }),
    [rows, t],
  );

  return <EChart option={option} height={380} testId="progress-chart" />;
}

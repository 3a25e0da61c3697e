// The unit's scores across computations, one line per principle (gaps where a principle was not available).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityReport } from '../../api/quality.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { COLUMNS, formatShare } from './scores.ts';

const COLORS = { correct: '#1677ff', complete: '#722ed1', clean: '#13c2c2', alive: '#52c41a', overall: '#262626' };

export function QualityTrend({ trend }: { trend: QualityReport['trend'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : formatShare(v / 100, lang)),
      },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: trend.map((p) => formatDateTime(p.computedAt)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: COLUMNS.map((c) => ({
        name: t(`quality.principles.${c}`),
        type: 'line',
        connectNulls: false,
        lineStyle: c === 'overall' ? { width: 3 } : { width: 1.5 },
        itemStyle: { color: COLORS[c] },
        data: trend.map((p) => (p[c] === null ? null : Math.round(p[c] * 1000) / 10)),
      })),
    }),
    [trend, t, lang],
  );
  return <EChart testId="quality-trend" option={option} height={240} />;
}

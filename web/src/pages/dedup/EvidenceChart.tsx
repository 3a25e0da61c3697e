// The per-field evidence of a pair as horizontal bars: bits for (green) or against (red) the same person.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evidence } from '../../api/dedup.ts';
import { EChart } from '../../components/EChart.tsx';
import { comparisonLabel, levelLabel } from './pairLook.ts';

export function EvidenceChart({ evidence }: { evidence: Evidence[] }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const rows = [...evidence].reverse();
    return {
      animation: false,
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const e = rows[p.dataIndex]!;
          return `${comparisonLabel(t, e.comparison)}: ${levelLabel(t, e.level)} (${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)} bit)`;
        },
      },
      xAxis: { type: 'value', name: 'bit', nameLocation: 'end' },
      yAxis: { type: 'category', data: rows.map((e) => comparisonLabel(t, e.comparison)) },
      series: [
        {
          type: 'bar',
          data: rows.map((e) => ({
            value: Math.round(e.weight * 10) / 10,
            itemStyle: { color: e.weight > 0 ? '#52c41a' : e.weight < 0 ? '#f5222d' : '#bfbfbf' },
          })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(1) },
        },
      ],
    };
  }, [evidence, t]);

  return <EChart option={option} height={40 + 28 * evidence.length} testId="evidence-chart" />;
}

// The four principles and the overall score of each unit as a heat map, coloured by the same bands as the table;
// "clean" is grey with "not run" while deduplication has not run. Clicking a province opens its communes.
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitScore } from '../../api/quality.ts';
import { type ChartClick, type ChartOption, EChart } from '../../components/EChart.tsx';
import { BANDS, COLUMNS, formatShare, NOT_RUN_COLOR, scoreOf } from './scores.ts';

const MAX_ROWS = 40;
const NOT_RUN = -1;

export function QualityHeatmap({ items, onDrill }: { items: UnitScore[]; onDrill?: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const withPersons = useMemo(() => items.filter((i) => i.persons > 0), [items]);
  // Too many rows to read: the units that need attention most.
  const rows = useMemo(() => {
    const list = [...withPersons];
    if (list.length > MAX_ROWS) list.sort((a, b) => (a.overall ?? 1) - (b.overall ?? 1)).splice(MAX_ROWS);
    return list.reverse(); // the first unit at the top
  }, [withPersons]);
  const option = useMemo<ChartOption>(() => {
    const names = rows.map((r) => r.name);
    const data = rows.flatMap((r, y) =>
      COLUMNS.map((c, x) => {
        const v = scoreOf(r, c);
        return [x, y, v === null ? NOT_RUN : Math.round(v * 1000) / 10];
      }),
    );
    const notRun = t('quality.notRun');
    return {
      tooltip: {
        formatter: (p: { value: [number, number, number] }) => {
          const [x, y, v] = p.value;
          const label = v === NOT_RUN ? notRun : formatShare(v / 100, lang);
          return `${names[y]}<br/>${t(`quality.principles.${COLUMNS[x]!}`)}: <b>${label}</b>`;
        },
      },
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      xAxis: {
        type: 'category',
        data: COLUMNS.map((c) => t(`quality.principles.${c}`)),
        position: 'top',
        splitArea: { show: true },
      },
      yAxis: { type: 'category', data: names, splitArea: { show: true } },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 8,
        pieces: [
          ...BANDS.map((b, i) => ({
            min: b.min,
            ...(i > 0 ? { max: BANDS[i - 1]!.min } : { max: 100 }),
            color: b.color,
            label: i > 0 ? `${b.min}–${BANDS[i - 1]!.min}%` : `≥ ${b.min}%`,
          })),
          { value: NOT_RUN, color: NOT_RUN_COLOR, label: notRun },
        ],
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: {
            show: true,
            color: '#fff',
            formatter: (p: { value: [number, number, number] }) =>
              p.value[2] === NOT_RUN ? notRun : `${formatShare(p.value[2] / 100, lang)}`,
          },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    };
  }, [rows, t, lang]);
  const onClick = useMemo<ChartClick | undefined>(
    () =>
      onDrill
        ? (e) => {
            const y = (e.value as [number, number, number] | undefined)?.[1];
            const unit = y === undefined ? undefined : rows[y];
            if (unit?.level === 'province') onDrill(unit.code);
          }
        : undefined,
    [onDrill, rows],
  );
  if (rows.length === 0) return null;
  return (
    <>
      {withPersons.length > MAX_ROWS && (
        <Typography.Text type="secondary">{t('quality.chartLowest', { count: MAX_ROWS })}</Typography.Text>
      )}
      <EChart testId="quality-chart" option={option} height={rows.length * 30 + 110} onClick={onClick} />
    </>
  );
}

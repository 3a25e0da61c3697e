// Every unit of the report with its persons, the four principles, persons over 110 and the overall score;
// sortable by any column, a province opens its communes, and a row unfolds into the rules broken and the
// fields missing most often.
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { UnitScore } from '../../api/quality.ts';
import { lookup } from '../../i18n/lookup.ts';
import { type Column, colorOf, formatNumber, formatShare, NOT_RUN_COLOR } from './scores.ts';

function Score({ value, notRun }: { value: number | null; notRun?: boolean }) {
  const { t, i18n } = useTranslation();
  if (value === null) {
    return notRun ? (
      <Tag color={NOT_RUN_COLOR}>{t('quality.notRun')}</Tag>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  }
  return (
    <Tag color={colorOf(value)} style={{ minWidth: 64, textAlign: 'right' }}>
      {formatShare(value, i18n.language)}
    </Tag>
  );
}

/** null sorts below every number, so "no data" stays at the end of an ascending sort. */
const byScore = (c: Column) => (a: UnitScore, b: UnitScore) => (a[c] ?? -1) - (b[c] ?? -1);

function Details({ unit }: { unit: UnitScore }) {
  const { t } = useTranslation();
  const fieldLabel = (f: string) => lookup(t, `quality.fields.${f}`) ?? lookup(t, `fields.${f}`) ?? f;
  const list = (items: { key: string; label: string; persons: number }[]) =>
    items.length === 0 ? (
      <Typography.Text type="secondary">{t('quality.none')}</Typography.Text>
    ) : (
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {items.map((i) => (
          <li key={i.key}>
            {i.label}: {t('quality.personsCount', { count: i.persons })}
          </li>
        ))}
      </ul>
    );
  return (
    <Space align="start" size={48} wrap>
      <div>
        <Typography.Text strong>{t('quality.violations')}</Typography.Text>
        {list(
          unit.details.violations.map((v) => {
            const label = lookup(t, `quality.rules.${v.rule}`) ?? lookup(t, `rules.${v.rule}`);
            return { key: v.rule, label: label ? `${label} (${v.rule})` : v.rule, persons: v.persons };
          }),
        )}
      </div>
      <div>
        <Typography.Text strong>{t('quality.missing')}</Typography.Text>
        {list(unit.details.missing.map((m) => ({ key: m.field, label: fieldLabel(m.field), persons: m.persons })))}
      </div>
    </Space>
  );
}

export function QualityTable({
  items,
  dedupRan,
  onDrill,
}: {
  items: UnitScore[];
  dedupRan: boolean;
  onDrill?: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const score = (c: Column) => ({
    title: <Tooltip title={t(`quality.explain.${c}`)}>{t(`quality.principles.${c}`)}</Tooltip>,
    key: c,
    width: c === 'clean' ? 170 : 110,
    align: 'right' as const,
    sorter: byScore(c),
    render: (_: unknown, u: UnitScore) =>
      c === 'clean' && dedupRan && u.details.pairsPer1000 !== null ? (
        <Tooltip title={t('quality.pairs', { value: formatNumber(u.details.pairsPer1000, lang, 2) })}>
          <span>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 6 }}>
              {formatNumber(u.details.pairsPer1000, lang, 2)}‰
            </Typography.Text>
            <Score value={u.clean} />
          </span>
        </Tooltip>
      ) : (
        <Score value={u[c]} notRun={c === 'clean' && !dedupRan && u.persons > 0} />
      ),
  });
  const columns: ColumnsType<UnitScore> = [
    { title: t('quality.code'), dataIndex: 'code', width: 80, sorter: (a, b) => (a.code < b.code ? -1 : 1) },
    {
      title: t('quality.unit'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (name: string, u) =>
        onDrill && u.level === 'province' ? (
          <Button type="link" style={{ padding: 0 }} onClick={() => onDrill(u.code)} title={t('quality.drill')}>
            {name}
          </Button>
        ) : (
          name
        ),
    },
    {
      title: t('quality.persons'),
      dataIndex: 'persons',
      align: 'right',
      width: 110,
      sorter: (a, b) => a.persons - b.persons,
      render: (n: number) =>
        n > 0 ? formatNumber(n, lang) : <Typography.Text type="secondary">{t('quality.noData')}</Typography.Text>,
    },
    score('correct'),
    score('complete'),
    score('clean'),
    score('alive'),
    {
      title: <Tooltip title={t('quality.over110Hint')}>{t('quality.over110')}</Tooltip>,
      key: 'over110',
      align: 'right',
      width: 100,
      sorter: (a, b) => a.details.over110 - b.details.over110,
      render: (_: unknown, u) =>
        u.details.over110 > 0 ? (
          <Tag color="volcano">{formatNumber(u.details.over110, lang)}</Tag>
        ) : u.persons > 0 ? (
          '0'
        ) : (
          ''
        ),
    },
    { ...score('overall'), defaultSortOrder: undefined },
  ];
  return (
    <Table<UnitScore>
      data-testid="quality-table"
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      expandable={{
        expandedRowRender: (u) => <Details unit={u} />,
        rowExpandable: (u) => u.persons > 0,
      }}
    />
  );
}

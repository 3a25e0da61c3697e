// The progress table: one row per unit with expected residents, ballots per review level, errors, completion
// and rank; every column sorts. Province names lead to their communes.
import { Progress, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { UnitProgress } from '../../api/campaign.ts';
import { formatDate } from '../../lib/format.ts';

const num = (n: number) => n.toLocaleString('vi-VN');
const byNumber = (k: keyof UnitProgress) => (a: UnitProgress, b: UnitProgress) =>
  ((a[k] as number | null) ?? -1) - ((b[k] as number | null) ?? -1);

export function ProgressTable({
  rows,
  total,
  onOpen,
}: {
  rows: UnitProgress[];
  total: UnitProgress;
  onOpen?: (u: UnitProgress) => void;
}) {
  const { t } = useTranslation();
  const count = (k: keyof UnitProgress, title: string) => ({
    title,
    dataIndex: k,
    align: 'right' as const,
    sorter: byNumber(k),
    render: (n: number) => num(n),
  });
  const columns: ColumnsType<UnitProgress> = [
    {
      title: t('campaign.columns.unit'),
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (name: string, u) =>
        onOpen && u.level === 'province' ? (
          <Typography.Link onClick={() => onOpen(u)} data-testid={`open-${u.code}`}>
            {name}
          </Typography.Link>
        ) : (
          name
        ),
    },
    {
      ...count('expected', t('campaign.columns.expected')),
      render: (n: number, u) => <span title={t(`campaign.source.${u.expectedSource as 'target'}`)}>{num(n)}</span>,
    },
    count('collected', t('campaign.columns.collected')),
    count('checked', t('campaign.columns.checked')),
    count('verified', t('campaign.columns.verified')),
    count('approved', t('campaign.columns.approved')),
    count('returned', t('campaign.columns.returned')),
    count('rejected', t('campaign.columns.rejected')),
    count('rowsWithErrors', t('campaign.columns.rowsWithErrors')),
    {
      title: t('campaign.columns.errorRate'),
      dataIndex: 'errorRate',
      align: 'right',
      sorter: byNumber('errorRate'),
      render: (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`),
    },
    {
      title: t('campaign.columns.percent'),
      dataIndex: 'percentComplete',
      width: 150,
      sorter: byNumber('percentComplete'),
      render: (p: number | null) =>
        p === null ? (
          '—'
        ) : (
          <Progress percent={p} size="small" status={p >= 100 ? 'success' : 'active'} format={(v) => `${v}%`} />
        ),
    },
    {
      title: t('campaign.columns.completedOn'),
      dataIndex: 'completedOn',
      sorter: (a, b) => (a.completedOn ?? '9999').localeCompare(b.completedOn ?? '9999'),
      render: (d: string | null) => (d ? <Tag color="green">{formatDate(d)}</Tag> : '—'),
    },
    {
      title: t('campaign.columns.rank'),
      dataIndex: 'rank',
      align: 'right',
      sorter: (a, b) => (a.rank ?? 999) - (b.rank ?? 999),
      defaultSortOrder: rows.some((r) => r.rank !== null) ? 'ascend' : undefined,
      render: (r: number | null) => r ?? '',
    },
  ];
  return (
    <Table<UnitProgress>
      data-testid="progress-table"
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 1300 }}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row data-testid="progress-total">
            <Table.Summary.Cell index={0}>
              <strong>
                {t('campaign.dashboard.total')}: {total.name}
              </strong>
            </Table.Summary.Cell>
            {(
              [
                'expected',
                'collected',
                'checked',
                'verified',
                'approved',
                'returned',
                'rejected',
                'rowsWithErrors',
              ] as const
            ).map((k, i) => (
              <Table.Summary.Cell key={k} index={i + 1} align="right">
                <strong>{num(total[k])}</strong>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={9} align="right">
              {total.errorRate === null ? '—' : `${(total.errorRate * 100).toFixed(1)}%`}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={10}>
              {total.percentComplete === null ? '—' : <Progress percent={total.percentComplete} size="small" />}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={11}>
              {total.completedOn ? formatDate(total.completedOn) : '—'}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={12} align="right">
              {total.rank ?? ''}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

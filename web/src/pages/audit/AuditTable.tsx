// Audit entries, newest first as the API gives them, 100 at a time.
import { Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuditSearch } from '../../api/audit.ts';
import type { Query } from '../../api/client.ts';
import type { AuditEntry } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { labelOf, lookup } from '../../i18n/lookup.ts';
import { formatDateTime } from '../../lib/format.ts';
import { auditDetails } from './auditDetails.ts';

const OUTCOME_COLOR: Record<string, string> = {
  ok: 'green',
  denied: 'red',
  failed: 'volcano',
};

export function AuditTable({ query }: { query: Query }) {
  const { t } = useTranslation();
  const audit = useAuditSearch(query);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 70 },
    { title: t('audit.at'), dataIndex: 'at', width: 160, render: formatDateTime },
    {
      title: t('audit.actor'),
      dataIndex: 'actor',
      render: (actor: string, e) => (
        <span>
          <Typography.Text code>{actor}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {(e.roles ?? []).map((r) => labelOf(t, 'roles', r)).join(', ')}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => <span title={a}>{lookup(t, `audit.actions.${a}`) ?? a}</span>,
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 120,
      render: (o: string) => <Tag color={OUTCOME_COLOR[o]}>{labelOf(t, 'audit.outcomes', o)}</Tag>,
    },
    {
      title: t('audit.pin'),
      dataIndex: 'pin',
      width: 130,
      render: (pin: string | null) => (pin ? <Link to={`/persons/${pin}`}>{pin}</Link> : ''),
    },
    {
      title: t('audit.fields'),
      dataIndex: 'fields',
      render: (fields: string[] | null) => <FieldList fields={fields ?? []} />,
    },
    { title: t('audit.details'), dataIndex: 'details', render: (d: unknown) => auditDetails(t, d) },
    { title: t('audit.purpose'), dataIndex: 'purpose', render: (p: string | null) => p ?? '' },
    { title: t('audit.client'), dataIndex: 'client', width: 120, render: (c: string | null) => c ?? '' },
  ];
  return (
    <Card>
      {audit.isError && <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />}
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={audit.isPending}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">
          {rows.length > 0 && t('common.shown', { count: rows.length })}
        </Typography.Text>
        {audit.hasNextPage && (
          <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}

/** A read lists every field shown (often thirty): the first few, the rest on hover. */
function FieldList({ fields }: { fields: string[] }) {
  const { t } = useTranslation();
  const labels = fields.map((f) => lookup(t, `fields.${f}`) ?? f);
  if (labels.length <= 3) return <>{labels.join(', ')}</>;
  return (
    <Tooltip title={labels.join(', ')}>
      <span>
        {labels.slice(0, 3).join(', ')}
        <Typography.Text type="secondary"> +{labels.length - 3}</Typography.Text>
      </span>
    </Tooltip>
  );
}

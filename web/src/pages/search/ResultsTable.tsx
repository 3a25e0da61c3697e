// Search results, 50 at a time, with "load more" following the API's cursor.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Query } from '../../api/client.ts';
import { useUnitNames } from '../../api/reference.ts';
import type { PersonSummary, SearchResult } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { labelOf } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';

const PAGE = 50;

export const STATUS_COLOR: Record<string, string> = { alive: 'green', dead: 'default', missing: 'orange' };

export function ResultsTable({ query }: { query: Query }) {
  const { t } = useTranslation();
  const results = useInfiniteQuery({
    queryKey: ['persons', 'search', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<SearchResult>('/persons', { ...query, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = results.data?.pages.flatMap((p) => p.items) ?? [];
  const units = useUnitNames(rows.map((r) => r.residenceProvince).filter((p): p is string => Boolean(p)));

  if (results.isError && !results.data)
    return <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />;

  const columns: ColumnsType<PersonSummary> = [
    {
      title: t('search.pin'),
      dataIndex: 'pin',
      width: 140,
      render: (pin: string) => (
        <Link to={`/persons/${pin}`}>
          <Typography.Text code>{pin}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('search.fullName'),
      dataIndex: 'fullName',
      render: (name: string, r) => (
        <Link to={`/persons/${r.pin}`} style={{ fontWeight: 600 }}>
          {name}
        </Link>
      ),
    },
    { title: t('search.dateOfBirth'), dataIndex: 'dateOfBirth', width: 120, render: formatDate },
    { title: t('search.sex'), dataIndex: 'sex', width: 96, render: (s: string) => labelOf(t, 'sex', s) },
    {
      title: t('search.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <Tag color={STATUS_COLOR[s]}>{labelOf(t, 'status', s)}</Tag>,
    },
    {
      title: t('search.residence'),
      key: 'residence',
      render: (_, r) => {
        const commune = r.residenceUnit ? units.get(r.residenceUnit) : undefined;
        const province = r.residenceProvince ? units.get(r.residenceProvince) : undefined;
        const parts = [commune?.fullName ?? r.residenceUnit, province?.fullName ?? r.residenceProvince];
        return parts.filter(Boolean).join(', ') || t('common.none');
      },
    },
    { title: t('search.household'), dataIndex: 'householdCode', width: 130, render: (c: string | null) => c ?? '' },
  ];

  return (
    <>
      <Table<PersonSummary>
        data-testid="search-results"
        rowKey="pin"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={results.isPending}
        pagination={false}
        locale={{ emptyText: t('search.empty') }}
      />
      {results.isError && <ErrorAlert error={results.error} />}
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">
          {rows.length > 0 && t('common.shown', { count: rows.length })}
        </Typography.Text>
        {results.hasNextPage && (
          <Button onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Flex>
    </>
  );
}

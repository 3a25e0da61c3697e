// The list of accounts. Disabling asks for confirmation because it ends the officer's access at once.
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { UserItem } from '../../api/types.ts';
import { useUpdateUser, useUsers } from '../../api/users.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { JurisdictionName } from '../../components/UnitName.tsx';
import { labelOf } from '../../i18n/lookup.ts';
import { errorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';

export function UsersTable({ onEdit }: { onEdit: (u: UserItem) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useUsers();
  const update = useUpdateUser();

  const toggle = (u: UserItem) =>
    update.mutate(
      { username: u.username, changes: { disabled: !u.disabled } },
      {
        onSuccess: () => void message.success(t('users.saved')),
        onError: (e) => void message.error(errorText(t, e)),
      },
    );

  const columns: ColumnsType<UserItem> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (u: string) => <Typography.Text code>{u}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: string[]) => (
        <Space size={[0, 4]} wrap>
          {roles.map((r) => (
            <Tag key={r}>{labelOf(t, 'roles', r)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.jurisdiction'),
      dataIndex: 'jurisdiction',
      render: (j: string | null) => <JurisdictionName code={j} />,
    },
    {
      title: t('users.state'),
      key: 'state',
      render: (_, u) => {
        if (u.disabled) return <Tag color="red">{t('users.disabled')}</Tag>;
        if (u.lockedUntil && new Date(u.lockedUntil) > new Date())
          return <Tag color="orange">{t('users.lockedUntil', { until: formatDateTime(u.lockedUntil) })}</Tag>;
        return <Tag color="green">{t('users.active')}</Tag>;
      },
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (at: string | null) => (at ? formatDateTime(at) : t('users.never')),
    },
    {
      title: t('users.totp'),
      dataIndex: 'totpEnabled',
      render: (on: boolean) => (on ? t('users.totpOn') : t('users.totpOff')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space>
          <Button size="small" onClick={() => onEdit(u)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={
              u.disabled
                ? t('users.confirmEnable', { username: u.username })
                : t('users.confirmDisable', { username: u.username })
            }
            okText={t('common.yes')}
            cancelText={t('common.no')}
            onConfirm={() => toggle(u)}
          >
            <Button size="small" danger={!u.disabled}>
              {u.disabled ? t('users.enable') : t('users.disable')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  if (users.isError) return <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />;
  return (
    <Card>
      <Table<UserItem>
        data-testid="users-table"
        rowKey="username"
        size="middle"
        columns={columns}
        dataSource={users.data}
        loading={users.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('users.empty') }}
      />
    </Card>
  );
}

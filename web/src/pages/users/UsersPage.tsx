// User administration: every officer account with roles, jurisdiction and state; create, edit, re-scope,
// disable and enable.
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedUser, UserItem } from '../../api/types.ts';
import { CreatedSecrets } from './CreatedSecrets.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { UsersTable } from './UsersTable.tsx';

export function UsersPage() {
  const { t } = useTranslation();
  // null: closed; 'new': creating; a user: editing that user.
  const [editing, setEditing] = useState<UserItem | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="user-create">
          {t('users.create')}
        </Button>
      </Flex>
      <UsersTable onEdit={setEditing} />
      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(u) => {
            setEditing(null);
            if (u.totp || u.password) setCreated(u);
          }}
        />
      )}
      {created && <CreatedSecrets created={created} onClose={() => setCreated(null)} />}
    </>
  );
}

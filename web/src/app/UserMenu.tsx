// Who is signed in, as what and where, plus the language switch and sign-out, at the right of the header.
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SessionUser } from '../api/types.ts';
import { rolesOf, useSignOut } from '../auth/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { JurisdictionName } from '../components/UnitName.tsx';

export function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Space size={12} style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="user-menu">
      <span style={{ lineHeight: 1.25, display: 'inline-flex', flexDirection: 'column', textAlign: 'right' }}>
        <Typography.Text strong style={{ color: '#fff' }} data-testid="user-name">
          {user.displayName || user.username}
        </Typography.Text>
        <span style={{ fontSize: 12, color: 'rgba(255,255,255,0.85)' }} data-testid="user-scope">
          {rolesOf(user)
            .map((r) => t(`roles.${r}`))
            .join(', ')}
          {' · '}
          <JurisdictionName code={user.jurisdiction} />
        </span>
      </span>
      <LanguageSwitch />
      <Button
        size="small"
        ghost
        loading={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}
      >
        {t('header.signOut')}
      </Button>
    </Space>
  );
}

// Session and permission guards. The server enforces access on every request; these only decide what to show.
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { Permission } from '../../../src/domain/roles.ts';
import { hasPermission, useSession } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { homeItemFor } from './nav.ts';

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '50vh' }}>
      <Spin size="large" description={t('common.loading')}>
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <div style={{ maxWidth: 560, margin: '80px auto' }}>
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  // Such a session has no rights until TOTP is on: every other page would only show refusals.
  if (session.data.mustEnrollTotp) return <Navigate to="/enrol-totp" replace />;
  return children;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { data } = useSession();
  if (hasPermission(data?.user, permission)) return children;
  return (
    <Result
      status="403"
      title={t('noAccess.title')}
      subTitle={t('noAccess.text')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

/** The start page is the first one the officer's roles allow. */
export function HomeRedirect() {
  const { data } = useSession();
  const first = homeItemFor(data?.user);
  if (!first) return <RequirePermission permission="person.read">{null}</RequirePermission>;
  return <Navigate to={first.path} replace />;
}

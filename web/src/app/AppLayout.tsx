// The frame of every signed-in page: a header with the officer, their role and jurisdiction, the language
// switch and sign-out; the navigation in a side menu, which has room for every module an officer may use.
import { Layout, Menu } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { FullPageSpin } from './guards.tsx';
import { navItemsFor } from './nav.ts';
import { UserMenu } from './UserMenu.tsx';

export function AppLayout() {
  const { t } = useTranslation();
  const { data } = useSession();
  const location = useLocation();
  const items = navItemsFor(data?.user);
  const selected = items.find((i) => location.pathname.startsWith(i.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 20 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Link>
        <div style={{ flex: 1 }} />
        {data && <UserMenu user={data.user} />}
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.labelKey)}</Link> }))}
            style={{ height: '100%', borderInlineEnd: 'none' }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: '20px 24px', maxWidth: 1360, width: '100%', margin: '0 auto' }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

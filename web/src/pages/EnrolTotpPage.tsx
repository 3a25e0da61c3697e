// A national administrator without TOTP may do nothing but enrol it: create a secret, scan it, confirm a code.
// The session stays restricted afterwards, so the officer signs in again with the code.
import { Alert, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { useConfirmTotp, useEnrolTotp } from '../api/totp.ts';
import { FullPageSpin } from '../app/guards.tsx';
import { useSession, useSignOut } from '../auth/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { errorText } from '../lib/errors.ts';

export function EnrolTotpPage() {
  const { data, isPending } = useSession();
  if (isPending) return <FullPageSpin />;
  if (!data) return <Navigate to="/sign-in" replace />;
  if (!data.mustEnrollTotp) return <Navigate to="/" replace />;
  return <Enrol username={data.user.username} />;
}

function Enrol({ username }: { username: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const enrol = useEnrolTotp(username);
  const confirm = useConfirmTotp(username);
  const signOut = useSignOut();
  const finish = () =>
    signOut.mutate(undefined, {
      onSettled: () => void navigate('/sign-in?enrolled=1', { replace: true }),
    });
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f8', padding: 16 }}>
      <div style={{ position: 'fixed', top: 16, right: 20 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 460, maxWidth: '100%' }} title={t('enrol.title')}>
        <Typography.Paragraph>{t('enrol.intro')}</Typography.Paragraph>
        {enrol.error ? (
          <Alert type="error" showIcon title={errorText(t, enrol.error)} style={{ marginBottom: 12 }} />
        ) : null}
        {!enrol.data ? (
          <Space>
            <Button type="primary" onClick={() => enrol.mutate()} loading={enrol.isPending}>
              {t('enrol.start')}
            </Button>
            <Button onClick={finish}>{t('header.signOut')}</Button>
          </Space>
        ) : (
          <>
            <Typography.Paragraph>{t('enrol.scan')}</Typography.Paragraph>
            <Space orientation="vertical" align="center" style={{ width: '100%', marginBottom: 12 }}>
              <QRCode value={enrol.data.otpauthUri} size={200} />
              <Typography.Text code copyable>
                {enrol.data.secret}
              </Typography.Text>
            </Space>
            {confirm.error ? (
              <Alert type="error" showIcon title={errorText(t, confirm.error)} style={{ marginBottom: 12 }} />
            ) : null}
            <Form
              layout="vertical"
              onFinish={(v: { code: string }) => confirm.mutate(v.code.trim(), { onSuccess: finish })}
            >
              <Form.Item
                name="code"
                label={t('enrol.code')}
                rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('signIn.totpFormat') }]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={confirm.isPending || signOut.isPending}>
                {t('enrol.confirm')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}

// Sign-in: username and password; the code field appears when the server says the account needs TOTP.
// A locked account is told until when.
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { type SignInInput, useSession, useSessionExpired, useSignIn } from '../auth/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { errorText } from '../lib/errors.ts';
import { formatDateTime } from '../lib/format.ts';

/** Only paths inside this app: a `next` parameter must not send the officer to another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInInput>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [needTotp, setNeedTotp] = useState(false);
  const expired = useSessionExpired();

  if (session.data) {
    return <Navigate to={session.data.mustEnrollTotp ? '/enrol-totp' : safeNext(params.get('next'))} replace />;
  }

  const onFinish = (values: SignInInput) => {
    const body: SignInInput = { username: values.username.trim(), password: values.password };
    if (needTotp && values.totp) body.totp = values.totp.trim();
    signIn.mutate(body, {
      onSuccess: (s) =>
        void navigate(s.mustEnrollTotp ? '/enrol-totp' : safeNext(params.get('next')), { replace: true }),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'AUTH.TOTP_REQUIRED') {
          setNeedTotp(true);
          setTimeout(() => form.getFieldInstance('totp')?.focus?.(), 0);
        }
      },
    });
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f8', padding: 16 }}>
      <div style={{ position: 'fixed', top: 16, right: 20 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 400, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('signIn.title')} — {t('signIn.subtitle')}
        </Typography.Paragraph>
        {expired && !signIn.error && (
          <Alert type="warning" showIcon title={t('signIn.sessionExpired')} style={{ marginBottom: 16 }} />
        )}
        {params.get('enrolled') && !signIn.error && (
          <Alert type="success" showIcon title={t('enrol.done')} style={{ marginBottom: 16 }} />
        )}
        <SignInMessage error={signIn.error} sentTotp={Boolean(signIn.variables?.totp)} />
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={signIn.isPending}>
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
          >
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          {needTotp && (
            <Form.Item
              name="totp"
              label={t('signIn.totp')}
              extra={t('signIn.totpHint')}
              rules={[
                { required: true, message: t('signIn.totpRequired') },
                { pattern: /^\s*\d{6}\s*$/, message: t('signIn.totpFormat') },
              ]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('signIn.notice')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

function SignInMessage({ error, sentTotp }: { error: unknown; sentTotp: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text: string;
  let type: 'error' | 'info' = 'error';
  if (error instanceof ApiError && error.code === 'AUTH.LOCKED') {
    const until = typeof error.details.until === 'string' ? error.details.until : null;
    text = until ? t('signIn.locked', { until: formatDateTime(until) }) : t('signIn.lockedNoTime');
  } else if (error instanceof ApiError && error.code === 'AUTH.TOTP_REQUIRED') {
    // The first answer only asks for the code; asking again after a code was sent means it was not accepted.
    text = sentTotp ? t('errors.AUTH.TOTP_INVALID') : t('errors.AUTH.TOTP_REQUIRED');
    type = sentTotp ? 'error' : 'info';
  } else {
    text = errorText(t, error);
  }
  return (
    <Alert type={type} showIcon title={text} role="alert" style={{ marginBottom: 16 }} data-testid="sign-in-error" />
  );
}

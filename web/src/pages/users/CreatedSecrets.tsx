// What the server shows only once after creating an account: a generated password and, for a national
// administrator, the TOTP secret (as a QR code for the authenticator app and as text).
import { Alert, Descriptions, Modal, QRCode, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreatedUser } from '../../api/types.ts';

export function CreatedSecrets({ created, onClose }: { created: CreatedUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { user, password, totp } = created;
  return (
    <Modal
      open
      title={t('users.generatedTitle', { username: user.username })}
      onOk={onClose}
      onCancel={onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={560}
    >
      <Alert type="warning" showIcon title={t('users.generatedText')} style={{ marginBottom: 12 }} />
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'u', label: t('users.username'), children: <Typography.Text code>{user.username}</Typography.Text> },
          ...(password
            ? [
                {
                  key: 'p',
                  label: t('users.generatedPassword'),
                  children: (
                    <Typography.Text code copyable data-testid="generated-password">
                      {password}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
          ...(totp
            ? [
                {
                  key: 't',
                  label: t('users.totpSecret'),
                  children: (
                    <Typography.Text code copyable data-testid="totp-secret">
                      {totp.secret}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
      {totp && (
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <Typography.Paragraph>{t('users.totpText')}</Typography.Paragraph>
          <QRCode value={totp.otpauthUri} size={200} style={{ margin: '0 auto' }} />
        </div>
      )}
    </Modal>
  );
}

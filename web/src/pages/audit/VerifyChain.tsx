// "Verify chain": asks the server to recompute the audit hash chain and says plainly whether it is intact.
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuditVerify } from '../../api/audit.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { labelOf } from '../../i18n/lookup.ts';

export function VerifyChain() {
  const { t } = useTranslation();
  const verify = useAuditVerify();
  const r = verify.data;
  return (
    <Space align="start" wrap data-testid="audit-verify">
      {r && (
        <Alert
          type={r.ok ? 'success' : 'error'}
          showIcon
          data-testid="audit-verify-result"
          title={
            r.ok
              ? t('audit.verifyOk', { count: r.entries })
              : t('audit.verifyBad', {
                  seq: r.firstBad?.seq ?? '?',
                  reason: r.firstBad ? labelOf(t, 'audit.breaks', r.firstBad.reason) : '',
                  count: r.entries,
                })
          }
        />
      )}
      {verify.isError && <ErrorAlert error={verify.error} />}
      <Button onClick={() => verify.mutate()} loading={verify.isPending}>
        {verify.isPending ? t('audit.verifying') : t('audit.verify')}
      </Button>
    </Space>
  );
}

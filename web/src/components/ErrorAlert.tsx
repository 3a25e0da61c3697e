// An API error shown in the current language, with the rule-by-rule list for invalid input.
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/errors.ts';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { title, lines } = describeError(t, error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={
        lines.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

// Sensitive values (ethnicity, religion…) come masked, as null or "***", for roles that may not see them.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export const MASK = '***';

export function isMasked(value: unknown): boolean {
  return value === MASK;
}

export function HiddenValue() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('common.hiddenHint')}>
      <Tag data-testid="hidden-value">{t('common.hidden')}</Tag>
    </Tooltip>
  );
}

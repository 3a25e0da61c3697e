// The "as of" date: empty means today's data; a past date reloads the person as the registry says it was then.
import { Button, DatePicker, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isoDay } from '../../lib/format.ts';

export function AsOfControl({ asOf, onChange }: { asOf: string | null; onChange: (d: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="as-of">
      <Typography.Text>{t('person.asOf')}</Typography.Text>
      <DatePicker
        data-testid="as-of-picker"
        format={['DD/MM/YYYY', 'D/M/YYYY', 'YYYY-MM-DD']}
        placeholder={t('person.asOfPlaceholder')}
        value={asOf ? dayjs(asOf) : null}
        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        onChange={(d) => onChange(d ? isoDay(d) : null)}
        allowClear
      />
      {asOf && (
        <Button onClick={() => onChange(null)} data-testid="as-of-reset">
          {t('person.backToCurrent')}
        </Button>
      )}
    </Space>
  );
}

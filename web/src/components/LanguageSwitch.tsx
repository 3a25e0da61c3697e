// Vietnamese / English switch; antd's own texts and date formats follow through LocaleProvider.
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, setLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('lang.label')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(v) => setLanguage(v)}
      options={[
        { value: 'vi', label: 'VI', title: t('lang.vi') },
        { value: 'en', label: 'EN', title: t('lang.en') },
      ]}
    />
  );
}

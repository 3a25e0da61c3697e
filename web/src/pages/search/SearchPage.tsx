// Person search: name with or without diacritics, birth date or year, place; results load by cursor.
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ResultsTable } from './ResultsTable.tsx';
import { SearchFormCard } from './SearchFormCard.tsx';
import { apiQuery, formFromParams, paramsFromForm } from './searchParams.ts';

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const form = formFromParams(params);
  const planned = apiQuery(form);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('search.title')}
      </Typography.Title>
      <SearchFormCard initial={form} onSearch={(f) => setParams(paramsFromForm(f))} />
      <Card style={{ marginTop: 16 }}>
        {planned === null ? (
          <Typography.Text type="secondary">{t('search.intro')}</Typography.Text>
        ) : 'problem' in planned ? (
          <Typography.Text type="warning">{t(planned.problem)}</Typography.Text>
        ) : (
          <ResultsTable query={planned.query} />
        )}
      </Card>
    </>
  );
}

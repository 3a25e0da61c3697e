// What an officer sees instead of a record: a refusal (out of jurisdiction or role), a PIN with no record,
// a date before the record existed, or another error.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDate } from '../../lib/format.ts';

interface Props {
  error: unknown;
  pin: string;
  asOf: string | null;
  onBackToCurrent: () => void;
}

export function Refusal({ error, pin, asOf, onBackToCurrent }: Props) {
  const { t } = useTranslation();
  const back = (
    <Link to="/persons">
      <Button type="primary">{t('common.backToSearch')}</Button>
    </Link>
  );
  if (error instanceof ApiError && (error.status === 403 || error.code === 'AUTH.FORBIDDEN')) {
    return (
      <Result
        status="403"
        title={t('person.forbiddenTitle')}
        subTitle={t('person.forbiddenText')}
        extra={back}
        data-testid="person-refused"
      />
    );
  }
  if (error instanceof ApiError && error.code === 'REGISTRY.NO_STATE_AT_DATE') {
    return (
      <Result
        status="info"
        title={t('person.noStateTitle')}
        subTitle={t('person.noStateText', { date: formatDate(asOf) })}
        extra={<Button onClick={onBackToCurrent}>{t('person.backToCurrent')}</Button>}
        data-testid="person-no-state"
      />
    );
  }
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('person.notFoundTitle')}
        subTitle={t('person.notFoundText', { pin })}
        extra={back}
        data-testid="person-refused"
      />
    );
  }
  return <ErrorAlert error={error} />;
}

// Names for administrative-unit codes. A code in an address means the unit valid on the address's own date,
// so the unit is read "as on" that date, with its parent, and with today's unit when it has since ended.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnit } from '../api/reference.ts';
import type { UnitView } from '../api/types.ts';

export function unitLabel(u: Pick<UnitView, 'fullName' | 'parent'>): string {
  return u.parent ? `${u.fullName}, ${u.parent.fullName}` : u.fullName;
}

export function UnitName({ code, on }: { code: string; on?: string | null }) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useUnit(code, on);
  if (isPending) return <Typography.Text type="secondary">{code}</Typography.Text>;
  if (isError || !data) return <Typography.Text type="warning">{t('person.unitUnknown', { code })}</Typography.Text>;
  const now = data.validTo && data.current?.units.length ? data.current.units.map((u) => u.fullName).join('; ') : null;
  return (
    <span>
      {unitLabel(data)}
      {now && <Typography.Text type="secondary"> ({t('person.unitNow', { name: now })})</Typography.Text>}
    </span>
  );
}

/** An officer's jurisdiction: a current unit, or the whole country. */
export function JurisdictionName({ code }: { code: string | null }) {
  const { t } = useTranslation();
  const { data } = useUnit(code);
  if (!code) return <>{t('header.wholeCountry')}</>;
  return <>{data ? unitLabel(data) : code}</>;
}

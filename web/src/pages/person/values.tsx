// How each kind of person field is shown, in the sections and in the timeline alike: codes become names,
// addresses get their unit names as of the address's date, relatives link to their own records.
import { Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CodeListName, useCodeList } from '../../api/reference.ts';
import type { Address, Related, Residence } from '../../api/types.ts';
import { HiddenValue, isMasked } from '../../components/Hidden.tsx';
import { UnitName } from '../../components/UnitName.tsx';
import { labelOf } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';

/** Fields the server emptied because this officer's role may not see them (PersonView.masked). */
export const MaskedFields = createContext<ReadonlySet<string>>(new Set());

export function Empty() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
}

export function AddressValue({ value }: { value: Address | Residence }) {
  const { t } = useTranslation();
  const r = value as Partial<Residence>;
  const period = [
    r.since ? t('person.since', { date: formatDate(r.since) }) : '',
    r.until ? t('person.until', { date: formatDate(r.until) }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Space orientation="vertical" size={0}>
      {value.detail && <span>{value.detail}</span>}
      <UnitName code={value.unitCode} on={value.unitDate} />
      {period && <Typography.Text type="secondary">{period}</Typography.Text>}
    </Space>
  );
}

export function RelatedValue({ value }: { value: Related }) {
  return (
    <span>
      {value.name}
      {value.pin && (
        <>
          {' · '}
          <Link to={`/persons/${value.pin}`} data-testid="relative-link">
            {value.pin}
          </Link>
        </>
      )}
      {!value.pin && value.oldIdNumber && <Typography.Text type="secondary"> · {value.oldIdNumber}</Typography.Text>}
    </span>
  );
}

export function CodeValue({ list, code }: { list: CodeListName; code: string | null | undefined }) {
  const { i18n } = useTranslation();
  const { data } = useCodeList(list);
  if (code === null || code === undefined || isMasked(code)) return <HiddenValue />;
  if (code === '') return <Empty />;
  const item = data?.get(code);
  return <>{item ? (i18n.language === 'en' ? item.nameEn : item.nameVi) : code}</>;
}

function list(items: ReactNode[]): ReactNode {
  if (items.length === 0) return <Empty />;
  return (
    <Space orientation="vertical" size={2}>
      {items}
    </Space>
  );
}

/** Any field of the person state, by name. Used for the timeline's old → new values. */
export function FieldValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const masked = useContext(MaskedFields);
  if (isMasked(value)) return <HiddenValue />;
  if (value === null || value === undefined || value === '') {
    // Ethnicity and religion are always recorded, so null there also means "hidden from this role".
    const hidden = masked.has(field) || field === 'ethnicity' || field === 'religion';
    return hidden ? <HiddenValue /> : <Empty />;
  }
  switch (field) {
    case 'ethnicity':
      return <CodeValue list="ethnicities" code={value as string} />;
    case 'religion':
      return <CodeValue list="religions" code={value as string} />;
    case 'nationalities':
      return list((value as string[]).map((c) => <CodeValue key={c} list="nationalities" code={c} />));
    case 'dateOfBirth':
      return <>{formatDate(value as string)}</>;
    case 'placeOfBirth':
    case 'birthRegistrationPlace':
    case 'hometown':
    case 'permanentResidence':
    case 'temporaryResidence':
    case 'currentResidence':
      return <AddressValue value={value as Address} />;
    case 'father':
    case 'mother':
    case 'spouse':
    case 'legalRepresentative':
      return <RelatedValue value={value as Related} />;
    case 'children':
    case 'representedPersons':
      return list((value as Related[]).map((r) => <RelatedValue key={r.pin ?? r.name} value={r} />));
    case 'otherNames':
      return (value as string[]).length ? (value as string[]).join(', ') : <Empty />;
    default:
      return <>{plainValue(t, field, value)}</>;
  }
}

/** Fields whose values are short codes or small objects, as text. */
export function plainValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined) return t('common.none');
  switch (field) {
    case 'sex':
      return labelOf(t, 'sex', String(value));
    case 'maritalStatus':
      return labelOf(t, 'marital', String(value));
    case 'household': {
      const h = value as { code: string; relationToHead: string };
      return `${h.code} (${labelOf(t, 'relation', h.relationToHead)})`;
    }
    case 'death': {
      const d = value as { kind: string; date: string };
      return `${labelOf(t, 'person.kind', d.kind)} · ${formatDate(d.date)}`;
    }
    case 'temporaryAbsence': {
      const a = value as { from: string; to: string | null; destination: string | null };
      return [t('person.absence', { from: formatDate(a.from) }), a.to && formatDate(a.to), a.destination]
        .filter(Boolean)
        .join(' · ');
    }
    default:
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
  }
}

// The person's data, grouped the way the DC01 ballot and Law 26/2023 Art 9 group it.
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '../../api/types.ts';
import { labelOf } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';
import { type Row, Section } from './Section.tsx';
import { Empty, FieldValue, plainValue } from './values.tsx';

export function PersonSections({ view }: { view: PersonView }) {
  const { t } = useTranslation();
  const s = view.state;
  const field = (name: keyof typeof s, wide = false): Row => ({
    key: name,
    label: t(`fields.${name}`),
    value: <FieldValue field={name} value={s[name]} />,
    wide,
  });
  const relatives: Row[] = (
    ['father', 'mother', 'spouse', 'children', 'legalRepresentative', 'representedPersons'] as const
  )
    .filter((f) => {
      const v = s[f];
      return Array.isArray(v) ? v.length > 0 : v !== null;
    })
    .map((f) => field(f, true));
  return (
    <>
      <Section
        testId="section-identity"
        title={t('person.sections.identity')}
        rows={[
          field('fullName'),
          field('otherNames'),
          field('dateOfBirth'),
          field('sex'),
          field('nationalities'),
          field('oldIdNumber'),
          field('bloodGroup'),
          { key: 'pin', label: t('fields.pin'), value: <Typography.Text copyable>{view.pin}</Typography.Text> },
        ]}
      />
      <Section
        testId="section-birth"
        title={`${t('person.sections.birth')} · ${t('person.sections.origin')}`}
        rows={[field('placeOfBirth', true), field('birthRegistrationPlace', true), field('hometown', true)]}
      />
      <Section
        testId="section-ethnicity"
        title={t('person.sections.ethnicityReligion')}
        rows={[field('ethnicity'), field('religion')]}
      />
      <Section
        testId="section-relations"
        title={t('person.sections.relations')}
        rows={relatives.length ? relatives : [{ key: 'none', label: '', value: <Empty />, wide: true }]}
      />
      <Section
        testId="section-household"
        title={t('person.sections.household')}
        rows={
          s.household
            ? [
                { key: 'code', label: t('fields.householdCode'), value: s.household.code },
                {
                  key: 'relation',
                  label: t('fields.relationToHead'),
                  value: labelOf(t, 'relation', s.household.relationToHead),
                },
              ]
            : [{ key: 'none', label: t('fields.household'), value: t('person.noHousehold'), wide: true }]
        }
      />
      <Section
        testId="section-residence"
        title={t('person.sections.residence')}
        rows={[
          field('permanentResidence', true),
          field('temporaryResidence', true),
          field('currentResidence', true),
          ...(s.temporaryAbsence
            ? [
                {
                  key: 'absence',
                  label: t('fields.temporaryAbsence'),
                  value: plainValue(t, 'temporaryAbsence', s.temporaryAbsence),
                  wide: true,
                },
              ]
            : []),
          ...(s.residenceFileNumber ? [field('residenceFileNumber')] : []),
        ]}
      />
      <Section
        testId="section-civil"
        title={`${t('person.sections.marital')} · ${t('person.sections.death')}`}
        rows={[
          field('maritalStatus'),
          {
            key: 'death',
            wide: true,
            label: t('fields.death'),
            value: s.death ? (
              <Tag color={s.death.kind === 'dead' ? 'default' : 'orange'}>
                {labelOf(t, 'person.kind', s.death.kind)} · {formatDate(s.death.date)}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('person.alive')}</Typography.Text>
            ),
          },
        ]}
      />
      <Section testId="section-contact" title={t('person.sections.contact')} rows={[field('phone'), field('email')]} />
      <PinsSection view={view} />
    </>
  );
}

function PinsSection({ view }: { view: PersonView }) {
  const { t } = useTranslation();
  if (view.pins.length <= 1) return null;
  return (
    <Section
      testId="section-pins"
      title={t('person.sections.pins')}
      rows={view.pins.map((p) => ({
        key: p.pin,
        label: <Typography.Text code>{p.pin}</Typography.Text>,
        wide: true,
        value: [
          p.status === 'active' ? t('person.pinActive') : t('person.pinCancelled'),
          t('person.issuedAt', { date: formatDate(p.issuedAt) }),
          p.cancelledAt && t('person.cancelledAt', { date: formatDate(p.cancelledAt) }),
          p.cancelReason,
          p.replacedBy && t('person.replacedBy', { pin: p.replacedBy }),
        ]
          .filter(Boolean)
          .join(' · '),
      }))}
    />
  );
}

// Entering one DC01 ballot by hand (a ballot collected door to door): the form's fields with their Vietnamese
// labels, unit pickers for the places, and every rule the intake breaks shown at its field.
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MARITAL_STATUS, RELATION_TO_HEAD } from '../../../../src/domain/dc01.ts';
import { DEFAULT_CAMPAIGN, useSubmitBallot } from '../../api/campaign.ts';
import { ApiError } from '../../api/client.ts';
import { useCodeList } from '../../api/reference.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { isoDay } from '../../lib/format.ts';

type Values = Record<string, string | Dayjs | null | undefined>;

const SECTIONS: { key: 'person' | 'origin' | 'residence' | 'family' | 'contact'; fields: string[] }[] = [
  {
    key: 'person',
    fields: [
      'full_name',
      'other_names',
      'date_of_birth',
      'sex',
      'pin',
      'old_id_number',
      'blood_group',
      'marital_status',
    ],
  },
  {
    key: 'origin',
    fields: ['place_of_birth', 'birth_registration_place', 'hometown', 'ethnicity', 'religion', 'nationality'],
  },
  {
    key: 'residence',
    fields: ['permanent_unit', 'permanent_address', 'permanent_since', 'current_unit', 'current_address'],
  },
  {
    key: 'family',
    fields: [
      'household_code',
      'relation_to_head',
      'head_name',
      'head_pin',
      'father_name',
      'father_pin',
      'mother_name',
      'mother_pin',
      'spouse_name',
      'spouse_pin',
    ],
  },
  { key: 'contact', fields: ['phone', 'email', 'collected_on', 'ballot_id'] },
];
const UNITS = new Set(['place_of_birth', 'birth_registration_place', 'hometown', 'permanent_unit', 'current_unit']);
const DATES = new Set(['date_of_birth', 'permanent_since', 'collected_on']);
const REQUIRED = new Set([
  'full_name',
  'date_of_birth',
  'sex',
  'permanent_unit',
  'birth_registration_place',
  'ethnicity',
]);

export function BallotEntryPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitBallot(DEFAULT_CAMPAIGN);
  const ethnicities = useCodeList('ethnicities');
  const religions = useCodeList('religions');
  const [saved, setSaved] = useState<{ id: number; status: string; warnings: number } | null>(null);

  const input = (key: string) => {
    if (UNITS.has(key))
      return <UnitPicker provincePlaceholder={t('search.province')} communePlaceholder={t('search.commune')} />;
    if (DATES.has(key)) return <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" />;
    if (key === 'sex')
      return (
        <Select
          options={[
            { value: 'Nam', label: t('sex.M') },
            { value: 'Nữ', label: t('sex.F') },
          ]}
        />
      );
    if (key === 'marital_status')
      return <Select allowClear options={Object.entries(MARITAL_STATUS).map(([value, label]) => ({ value, label }))} />;
    if (key === 'relation_to_head')
      return (
        <Select allowClear options={Object.entries(RELATION_TO_HEAD).map(([value, label]) => ({ value, label }))} />
      );
    if (key === 'ethnicity' || key === 'religion') {
      const list = key === 'ethnicity' ? ethnicities.data : religions.data;
      return (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          options={[...(list?.values() ?? [])].map((c) => ({ value: c.code, label: `${c.code} — ${c.nameVi}` }))}
        />
      );
    }
    return <Input allowClear />;
  };

  const onFinish = (v: Values) => {
    setSaved(null);
    const values: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined || x === '') continue;
      values[k] = typeof x === 'string' ? x.trim() : isoDay(x);
    }
    submit.mutate(
      { form: 'DC01', values },
      {
        onSuccess: (b) => {
          setSaved({ id: b.id, status: b.status, warnings: b.issues?.length ?? 0 });
          form.resetFields();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.violations.length) {
            const byField = new Map<string, string[]>();
            for (const x of e.violations) {
              const key = x.field.split('.')[0]!;
              byField.set(key, [...(byField.get(key) ?? []), `${x.message} [${x.rule}]`]);
            }
            form.setFields(
              [...byField]
                .filter(([k]) => k in form.getFieldsValue(true) || SECTIONS.some((s) => s.fields.includes(k)))
                .map(([name, errors]) => ({ name, errors })),
            );
          }
        },
      },
    );
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('campaign.entry.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('campaign.entry.subtitle')}</Typography.Text>
      </div>
      {saved && (
        <Alert
          type="success"
          showIcon
          data-testid="entry-saved"
          title={t('campaign.entry.saved', {
            id: saved.id,
            status: t(`campaign.status.${saved.status as 'collected'}`),
          })}
          description={saved.warnings ? t('campaign.entry.savedWarnings', { count: saved.warnings }) : undefined}
        />
      )}
      {submit.isError && (
        <>
          <Alert type="error" showIcon title={t('campaign.entry.invalid')} />
          <ErrorAlert error={submit.error} />
        </>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="ballot-form"
        initialValues={{ nationality: 'VN' }}
      >
        {SECTIONS.map((s) => (
          <Card key={s.key} size="small" title={t(`campaign.entry.sections.${s.key}`)} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              {s.fields.map((key) => (
                <Col key={key} xs={24} md={UNITS.has(key) ? 12 : 8}>
                  <Form.Item
                    name={key}
                    label={t(`campaign.dc01.${key}`)}
                    rules={REQUIRED.has(key) ? [{ required: true, message: t('campaign.entry.required') }] : []}
                  >
                    {input(key)}
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
        ))}
        <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="entry-submit">
          {t('campaign.entry.submit')}
        </Button>
      </Form>
    </Flex>
  );
}

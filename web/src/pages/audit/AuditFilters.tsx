// The audit filter form: PIN, actor, action, outcome and a period.
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../i18n/lookup.ts';
import { isoDay } from '../../lib/format.ts';
import type { AuditFilters as Filters } from './auditParams.ts';

export type AuditFilterValues = Filters;

interface FormValues {
  pin?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

const ACTIONS = [
  'person.read',
  'person.history',
  'person.search',
  'person.update',
  'person.event',
  'person.create',
  'auth.login',
  'auth.logout',
  'user.created',
  'user.updated',
  'audit.search',
  'audit.verify',
];
const OUTCOMES = ['ok', 'denied', 'failed'];

function toForm(f: Filters): FormValues {
  return {
    pin: f.pin,
    actor: f.actor,
    action: f.action,
    outcome: f.outcome,
    period: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null,
  };
}

export function AuditFilters({ initial, onSearch }: { initial: Filters; onSearch: (f: Filters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const key = JSON.stringify(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `initial` by value
  useEffect(() => form.setFieldsValue(toForm(initial)), [key, form]);
  const submit = (v: FormValues) =>
    onSearch({
      pin: v.pin,
      actor: v.actor,
      action: v.action,
      outcome: v.outcome,
      from: v.period?.[0] ? isoDay(v.period[0]) : undefined,
      to: v.period?.[1] ? isoDay(v.period[1]) : undefined,
    });
  return (
    <Card style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={toForm(initial)} onFinish={submit} data-testid="audit-form">
        <Row gutter={16}>
          <Col xs={24} md={5}>
            <Form.Item name="pin" label={t('audit.pin')}>
              <Input allowClear maxLength={12} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="action" label={t('audit.action')}>
              {/* Known actions are offered; any other action code can be typed. */}
              <Select
                allowClear
                showSearch
                mode={undefined}
                options={ACTIONS.map((a) => ({ value: a, label: labelOf(t, 'audit.actions', a) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="outcome" label={t('audit.outcome')}>
              <Select
                allowClear
                placeholder={t('audit.anyOutcome')}
                options={OUTCOMES.map((o) => ({ value: o, label: labelOf(t, 'audit.outcomes', o) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="period" label={t('audit.period')}>
              <DatePicker.RangePicker
                format="DD/MM/YYYY"
                allowEmpty={[true, true]}
                placeholder={[t('audit.from'), t('audit.to')]}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue({
                pin: undefined,
                actor: undefined,
                action: undefined,
                outcome: undefined,
                period: null,
              });
              onSearch({});
            }}
          >
            {t('common.clear')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

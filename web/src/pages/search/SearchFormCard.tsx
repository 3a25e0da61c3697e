// The search form. Checks locally what the API would refuse anyway, so the officer gets the hint at once.
import { Button, Card, Col, Form, Input, Row, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { parseBirthInput } from '../../lib/format.ts';
import type { SearchForm } from './searchParams.ts';

export function SearchFormCard({ initial, onSearch }: { initial: SearchForm; onSearch: (f: SearchForm) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SearchForm>();
  // Back/forward changes the address; the form follows it.
  const key = JSON.stringify(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `initial` by value
  useEffect(() => form.setFieldsValue(initial), [key, form]);
  return (
    <Card>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={onSearch}
        requiredMark={false}
        data-testid="search-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('search.name')} extra={t('search.nameHelp')}>
              <Input placeholder={t('search.namePlaceholder')} allowClear autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item
              name="birth"
              label={t('search.birth')}
              rules={[
                {
                  validator: (_, v?: string) =>
                    !v?.trim() || parseBirthInput(v) ? Promise.resolve() : Promise.reject(t('search.birthInvalid')),
                },
              ]}
            >
              <Input placeholder={t('search.birthPlaceholder')} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={11}>
            <Form.Item name="unit" label={`${t('search.province')} / ${t('search.commune')}`}>
              <UnitPicker provincePlaceholder={t('search.anyProvince')} communePlaceholder={t('search.anyCommune')} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ name: '', birth: '', unit: null });
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

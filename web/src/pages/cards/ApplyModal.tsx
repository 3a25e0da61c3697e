// Receiving an application: the applicant's PIN, the request, the place of receipt, the legal representative
// for a child under 14 and an optional face photo (sent as base64 JPEG).
import { App, Button, Collapse, Form, Input, Modal, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApplyBody, useApply } from '../../api/cards.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { APPLICATION_REASONS } from './cardLook.ts';

interface Values {
  pin: string;
  reason: ApplyBody['reason'];
  receivedUnit: string | null;
  repName?: string;
  repPin?: string;
  repRelation?: string;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ApplyModal({ open, onClose }: { open: boolean; onClose: (createdId?: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [photo, setPhoto] = useState<File | null>(null);
  const apply = useApply();

  const submit = async (v: Values) => {
    const body: ApplyBody = { pin: v.pin.trim(), reason: v.reason, receivedUnit: v.receivedUnit ?? '' };
    if (v.repName?.trim()) {
      body.representative = {
        name: v.repName.trim(),
        ...(v.repPin?.trim() ? { pin: v.repPin.trim() } : {}),
        ...(v.repRelation?.trim() ? { relation: v.repRelation.trim() } : {}),
      };
    }
    if (photo) body.photo = await base64Of(photo);
    const created = await apply.mutateAsync(body);
    void message.success(t('cards.apply.created', { id: created.id }));
    form.resetFields();
    setPhoto(null);
    onClose(created.id);
  };

  return (
    <Modal
      open={open}
      title={t('cards.apply.title')}
      onCancel={() => onClose()}
      footer={null}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ reason: 'first', receivedUnit: null }}
        onFinish={(v) => void submit(v).catch(() => undefined)}
        data-testid="apply-form"
      >
        <Form.Item
          name="pin"
          label={t('cards.apply.pin')}
          rules={[{ required: true, pattern: /^\s*\d{12}\s*$/, message: t('cards.apply.pinInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={14} data-testid="apply-pin" />
        </Form.Item>
        <Form.Item name="reason" label={t('cards.apply.reason')} rules={[{ required: true }]}>
          <Select
            data-testid="apply-reason"
            options={APPLICATION_REASONS.map((r) => ({ value: r, label: t(`cards.reason.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="receivedUnit"
          label={t('cards.apply.receivedUnit')}
          rules={[{ required: true, pattern: /^\d{5}$/, message: t('cards.apply.receivedUnit') }]}
        >
          <UnitPicker
            provincePlaceholder={t('cards.applications.provincePlaceholder')}
            communePlaceholder={t('cards.applications.communePlaceholder')}
          />
        </Form.Item>
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'rep',
              label: t('cards.apply.representative'),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('cards.apply.representativeHint')}</Typography.Paragraph>
                  <Form.Item name="repName" label={t('cards.apply.repName')}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item
                    name="repPin"
                    label={t('cards.apply.repPin')}
                    rules={[{ pattern: /^\s*(\d{12})?\s*$/, message: t('cards.apply.pinInvalid') }]}
                  >
                    <Input inputMode="numeric" maxLength={14} />
                  </Form.Item>
                  <Form.Item name="repRelation" label={t('cards.apply.repRelation')}>
                    <Input maxLength={40} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        <Form.Item label={t('cards.apply.photo')} extra={t('cards.apply.photoHint')}>
          <Upload
            maxCount={1}
            accept="image/jpeg"
            beforeUpload={(f) => {
              setPhoto(f);
              return false;
            }}
            onRemove={() => setPhoto(null)}
          >
            <Button>{t('cards.apply.photoChoose')}</Button>
          </Upload>
        </Form.Item>
        {apply.isError && <ErrorAlert error={apply.error} />}
        <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit" block>
          {t('cards.apply.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

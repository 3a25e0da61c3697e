// Create an account, or edit one (display name, roles, jurisdiction, new password). Rule violations from the
// server are shown on the field they name.
import { Alert, App, Checkbox, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../src/domain/roles.ts';
import { ApiError } from '../../api/client.ts';
import type { CreatedUser, UserItem } from '../../api/types.ts';
import { useCreateUser, useUpdateUser } from '../../api/users.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { describeViolation, errorText, violationField } from '../../lib/errors.ts';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  roles: string[];
  jurisdiction: string | null;
}

const FORM_FIELDS = ['username', 'displayName', 'password', 'roles', 'jurisdiction'];

interface Props {
  user: UserItem | null;
  onClose: () => void;
  onCreated: (u: CreatedUser) => void;
}

export function UserFormModal({ user, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const showError = (e: unknown) => {
    // Violations naming a form field go next to it; the rest stay in the alert at the top.
    if (e instanceof ApiError) {
      const fields = e.violations
        .filter((v) => FORM_FIELDS.includes(violationField(v).split('.')[0] ?? ''))
        .map((v) => ({ name: violationField(v).split('.')[0] as keyof Values, errors: [describeViolation(t, v)] }));
      form.setFields(fields);
    }
  };

  const onFinish = (v: Values) => {
    const jurisdiction = v.jurisdiction ?? null;
    if (user) {
      update.mutate(
        {
          username: user.username,
          changes: {
            displayName: v.displayName.trim(),
            roles: v.roles,
            jurisdiction,
            ...(v.password ? { password: v.password } : {}),
          },
        },
        {
          onSuccess: () => {
            void message.success(t('users.saved'));
            onClose();
          },
          onError: showError,
        },
      );
    } else {
      const input = {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        // Without a password the server generates one and returns it once.
        ...(v.password ? { password: v.password } : {}),
        roles: v.roles,
        jurisdiction,
      };
      create.mutate(input, {
        onSuccess: (created) => {
          void message.success(t('users.created', { username: input.username }));
          onCreated(created);
        },
        onError: showError,
      });
    }
  };

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={pending}
      destroyOnHidden
      width={620}
    >
      {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        requiredMark={false}
        data-testid="user-form"
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                roles: user.roles,
                jurisdiction: user.jurisdiction,
              }
            : { roles: [], jurisdiction: null }
        }
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('users.required', { field: t('users.username').toLowerCase() }) },
            { pattern: /^[a-z0-9._-]{3,40}$/, message: t('users.usernameFormat') },
          ]}
        >
          <Input disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('users.required', { field: t('users.displayName').toLowerCase() }),
            },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('users.newPassword') : t('users.password')}
          extra={user ? t('users.newPasswordHelp') : t('users.passwordHelp')}
          rules={[{ min: 12, message: t('users.passwordLength') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, message: t('users.rolesRequired') }]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="jurisdiction" label={t('users.jurisdiction')} extra={t('users.jurisdictionHelp')}>
          <UnitPicker provincePlaceholder={t('header.wholeCountry')} communePlaceholder={t('users.wholeProvince')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

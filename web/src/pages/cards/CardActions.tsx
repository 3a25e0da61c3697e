// The life of a card after production, one button per step its status allows: delivery to the place of
// receipt, hand-over, loss report, lock and unlock, retention and its end, revocation on one of the legal grounds.
// The server checks the officer's rights and the transition again; these buttons only hide the impossible.
import { App, Button, Flex, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CardAction, type CardView, useCardAction } from '../../api/cards.ts';
import { hasPermission, useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { REVOKE_GROUNDS } from './cardLook.ts';

/** Which steps follow from which status, and the permission each needs. */
const STEPS: Record<string, CardAction[]> = {
  produced: ['deliver'],
  delivered: ['issue'],
  active: ['lost', 'lock', 'retain', 'revoke'],
  locked: ['unlock', 'revoke'],
  retained: ['return', 'revoke'],
};
const NEEDS: Record<CardAction, 'card.apply' | 'card.approve'> = {
  deliver: 'card.apply',
  issue: 'card.apply',
  lost: 'card.apply',
  lock: 'card.apply',
  unlock: 'card.apply',
  revoke: 'card.approve',
  retain: 'card.approve',
  return: 'card.approve',
};
const DANGER: ReadonlySet<CardAction> = new Set(['lost', 'lock', 'revoke', 'retain']);

export function CardActions({ card }: { card: CardView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const act = useCardAction(card.id);
  const [open, setOpen] = useState<CardAction | null>(null);
  const [reason, setReason] = useState('');
  const [ground, setGround] = useState<string | undefined>(undefined);
  const steps = (STEPS[card.status] ?? []).filter((a) => hasPermission(session?.user, NEEDS[a]));
  if (steps.length === 0) return null;

  const close = () => {
    setOpen(null);
    setReason('');
    setGround(undefined);
    act.reset();
  };
  const run = (action: CardAction) => {
    const body =
      action === 'revoke'
        ? { reason: ground, ...(reason.trim() ? { note: reason.trim() } : {}) }
        : reason.trim()
          ? { reason: reason.trim() }
          : {};
    act.mutate(
      { action, body },
      {
        onSuccess: () => {
          void message.success(t('cards.card.done', { action: t(`cards.card.${action}`) }));
          close();
        },
      },
    );
  };

  return (
    <>
      <Flex gap={8} wrap>
        {steps.map((a) => (
          <Button
            key={a}
            danger={DANGER.has(a)}
            type={DANGER.has(a) ? 'default' : 'primary'}
            onClick={() => setOpen(a)}
            data-testid={`card-action-${a}`}
          >
            {t(`cards.card.${a}`)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={open !== null}
        title={
          open === 'revoke'
            ? t('cards.card.revokeTitle')
            : open
              ? t('cards.card.confirm', { action: t(`cards.card.${open}`) })
              : ''
        }
        okText={open ? t(`cards.card.${open}`) : ''}
        okButtonProps={{
          danger: open !== null && DANGER.has(open),
          disabled: open === 'revoke' && !ground,
          loading: act.isPending,
          'data-testid': 'card-action-confirm',
        }}
        onOk={() => open && run(open)}
        onCancel={close}
        destroyOnHidden
      >
        {open === 'revoke' && (
          <Select
            style={{ width: '100%', marginBottom: 12 }}
            placeholder={t('cards.card.reason')}
            value={ground}
            onChange={setGround}
            options={REVOKE_GROUNDS.map((g) => ({ value: g, label: t(`cards.revokeGround.${g}`) }))}
            data-testid="revoke-ground"
          />
        )}
        <Typography.Text type="secondary">
          {open === 'revoke' ? t('cards.card.note') : t('cards.card.reason')}
        </Typography.Text>
        <Input.TextArea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        {act.isError && <ErrorAlert error={act.error} />}
      </Modal>
    </>
  );
}

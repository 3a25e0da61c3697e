// What a DC01 ballot would do to the registry when approval needs the reviewer's judgement: a possible match (same
// folded name and birth date) shown as such, one registry person at a time with the fields that would change and
// "same person" / "another person" buttons; and the explicit confirmation asked before a change of name, birth
// date, sex or PIN. The server refuses such approvals without the answer, so nothing here is a mere courtesy.
import { Alert, Button, type ButtonProps, Card, Flex, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BallotDetail } from '../../api/campaign.ts';
import { lookup } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';

export type MatchAnswer = { decision: 'confirm'; pin: string } | { decision: 'reject' };
export type Approve = (opts: { match?: MatchAnswer; confirmIdentityChange?: boolean }) => void;
type Comparison = BallotDetail['comparison'];

export function ComparisonTable({ rows, dc02 }: { rows: Comparison; dc02?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table
      data-testid="ballot-comparison"
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      columns={[
        {
          title: t('campaign.review.field'),
          dataIndex: 'field',
          render: (k: string) => lookup(t, `campaign.dc01.${k}`) ?? k,
        },
        {
          title: t('campaign.review.registryValue'),
          dataIndex: 'registryValue',
          render: (v: string) => <Typography.Text delete>{v || '—'}</Typography.Text>,
        },
        ...(dc02
          ? [
              {
                title: t('campaign.review.declaredOld'),
                dataIndex: 'declaredOld',
                render: (v: string | null) => v ?? '—',
              },
            ]
          : []),
        {
          title: t('campaign.review.newValue'),
          dataIndex: 'newValue',
          render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
        },
      ]}
    />
  );
}

/** Asks the approving officer to confirm a change of identity data before `onOk`. */
export function useIdentityConfirmation() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<{ fields: string[]; pin: string; onOk: () => void } | null>(null);
  const ask = (fields: string[], pin: string, onOk: () => void) => {
    if (fields.length === 0) onOk();
    else setPending({ fields, pin, onOk });
  };
  const modal = (
    <Modal
      open={pending !== null}
      title={t('campaign.review.identityTitle')}
      okText={t('campaign.review.identityConfirm')}
      okButtonProps={{ danger: true, 'data-testid': 'identity-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => {
        pending?.onOk();
        setPending(null);
      }}
      onCancel={() => setPending(null)}
    >
      {pending && (
        <Typography.Paragraph>
          {t('campaign.review.identityWarning', {
            pin: pending.pin,
            fields: pending.fields.map((f) => lookup(t, `campaign.review.identityFields.${f}`) ?? f).join(', '),
          })}
        </Typography.Paragraph>
      )}
    </Modal>
  );
  return { ask, modal };
}

/** The possible matches of a ballot without PIN, each with its differences and the reviewer's two answers. */
export function PossibleMatches({
  d,
  canApprove,
  approve,
  busy,
}: {
  d: BallotDetail;
  canApprove: boolean;
  approve: Approve;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const identity = useIdentityConfirmation();
  return (
    <Flex vertical gap={12} data-testid="possible-match">
      <Alert type="warning" showIcon title={t('campaign.review.possibleMatch')} />
      {d.candidates.map((c) => (
        <Card
          key={c.pin}
          size="small"
          title={t('campaign.review.candidate', { name: c.fullName, pin: c.pin, dob: formatDate(c.dateOfBirth) })}
        >
          <Flex vertical gap={8}>
            {c.comparison.length ? (
              <ComparisonTable rows={c.comparison} />
            ) : (
              <Typography.Text type="secondary">{t('campaign.review.noDifference')}</Typography.Text>
            )}
            {canApprove && (
              <Space wrap>
                <Button
                  type="primary"
                  loading={busy}
                  data-testid={`match-confirm-${c.pin}`}
                  onClick={() =>
                    identity.ask(c.identityChanges, c.pin, () =>
                      approve({
                        match: { decision: 'confirm', pin: c.pin },
                        ...(c.identityChanges.length ? { confirmIdentityChange: true } : {}),
                      }),
                    )
                  }
                >
                  {t('campaign.review.confirmMatch')}
                </Button>
              </Space>
            )}
          </Flex>
        </Card>
      ))}
      {canApprove && (
        <Button loading={busy} data-testid="match-reject" onClick={() => approve({ match: { decision: 'reject' } })}>
          {t('campaign.review.rejectMatch')}
        </Button>
      )}
      {identity.modal}
    </Flex>
  );
}

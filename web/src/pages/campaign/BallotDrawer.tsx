// One ballot for its reviewer: what it declares, its warnings, what it would change in the registry (for a DC02
// the registry's value now next to the new one), its history, and the actions the reader may take now.
import { Alert, Button, Descriptions, Drawer, Empty, Flex, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BallotDetail,
  DEFAULT_CAMPAIGN,
  type ReviewAction,
  useBallotDetail,
  useTransition,
} from '../../api/campaign.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { lookup } from '../../i18n/lookup.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { type Approve, ComparisonTable, PossibleMatches, useIdentityConfirmation } from './MatchPanel.tsx';
import { STATUS_COLORS } from './statusColors.ts';

export function BallotDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useBallotDetail(DEFAULT_CAMPAIGN, id);
  const d = detail.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={d ? t('campaign.review.detail', { ref: d.ballot.ballotRef }) : ''}
      destroyOnHidden
    >
      {detail.isError && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
      {d && <BallotBody d={d} />}
    </Drawer>
  );
}

function fieldLabel(t: ReturnType<typeof useTranslation>['t'], form: string, key: string): string {
  return lookup(t, `campaign.${form === 'DC02' ? 'dc02' : 'dc01'}.${key}`) ?? lookup(t, `campaign.dc01.${key}`) ?? key;
}

function BallotBody({ d }: { d: BallotDetail }) {
  const { t } = useTranslation();
  const b = d.ballot;
  const transition = useTransition(DEFAULT_CAMPAIGN);
  const [asking, setAsking] = useState<ReviewAction | null>(null);
  const [reason, setReason] = useState('');
  const act = (action: ReviewAction, why?: string) =>
    transition.mutate(
      { id: b.id, version: b.version, action, ...(why ? { reason: why } : {}) },
      { onSuccess: () => setAsking(null) },
    );
  const approve: Approve = (opts) => transition.mutate({ id: b.id, version: b.version, action: 'approve', ...opts });
  const identity = useIdentityConfirmation();
  const possible = b.form !== 'DC02' && d.change?.kind === 'possible_match';
  // A possible match is approved through its own answers (same person / another person), never the plain button.
  const actions = possible ? d.actions.filter((a) => a !== 'approve') : d.actions;
  const onAction = (a: ReviewAction) => {
    if (a === 'return' || a === 'reject') setAsking(a);
    else if (a === 'approve' && d.identityChanges.length > 0) {
      identity.ask(d.identityChanges, d.person?.pin ?? '', () => approve({ confirmIdentityChange: true }));
    } else act(a);
  };
  return (
    <Flex vertical gap={16} data-testid="ballot-detail">
      <Flex gap={8} align="center" wrap>
        <Tag color={STATUS_COLORS[b.status]} data-testid="ballot-status">
          {t(`campaign.status.${b.status as 'collected'}`)}
        </Tag>
        <Typography.Text strong>{b.fullName}</Typography.Text>
        {b.pin && <Typography.Text code>{b.pin}</Typography.Text>}
        <Typography.Text type="secondary">{b.form}</Typography.Text>
      </Flex>
      {b.statusReason && (
        <Alert
          type={b.status === 'returned' || b.status === 'rejected' ? 'warning' : 'info'}
          showIcon
          title={`${t('campaign.review.statusReason')}: ${b.statusReason}`}
        />
      )}
      {transition.isError && <ErrorAlert error={transition.error} />}
      {transition.isSuccess && (
        <Alert
          type="success"
          showIcon
          title={t('campaign.review.done', { action: t(`campaign.action.${transition.variables.action}`) })}
        />
      )}
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'approve' || a === 'verify' || a === 'check' ? 'primary' : 'default'}
            danger={a === 'reject'}
            loading={transition.isPending && transition.variables?.action === a}
            onClick={() => onAction(a as ReviewAction)}
            data-testid={`action-${a}`}
          >
            {t(`campaign.action.${a as ReviewAction}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={asking !== null}
        title={asking ? t(`campaign.action.${asking}`) : ''}
        okText={t('campaign.review.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: transition.isPending }}
        onOk={() => asking && act(asking, reason.trim())}
        onCancel={() => setAsking(null)}
      >
        <Typography.Paragraph type="secondary">{t('campaign.review.reasonRequired')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('campaign.review.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={500}
        />
      </Modal>
      {identity.modal}

      <Typography.Title level={5}>{t('campaign.review.comparison')}</Typography.Title>
      {d.change && b.form === 'DC02' && (
        <Typography.Text>
          {t('campaign.review.dc02Kind', {
            kind: d.change.kind === 'correction' ? 'chỉnh sửa' : 'cập nhật',
            date: formatDate(d.change.effectiveDate) || '—',
          })}
        </Typography.Text>
      )}
      {b.form !== 'DC02' && d.change?.kind === 'new' && (
        <Typography.Text>{t('campaign.review.newPerson')}</Typography.Text>
      )}
      {b.form !== 'DC02' && d.change?.kind === 're_collection' && (
        <Typography.Text>{t('campaign.review.recollection', { pin: d.person?.pin ?? '' })}</Typography.Text>
      )}
      {b.form !== 'DC02' && d.change?.kind === 'outside_jurisdiction' && (
        <Alert type="info" showIcon title={t('campaign.review.outsideJurisdiction')} />
      )}
      {possible && (
        <PossibleMatches
          d={d}
          canApprove={d.actions.includes('approve')}
          approve={approve}
          busy={transition.isPending}
        />
      )}
      {d.identityChanges.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('campaign.review.identityWarning', {
            pin: d.person?.pin ?? '',
            fields: d.identityChanges.map((f) => lookup(t, `campaign.review.identityFields.${f}`) ?? f).join(', '),
          })}
        />
      )}
      {(b.form === 'DC02' || d.change?.kind === 're_collection') &&
        (d.comparison.length ? (
          <ComparisonTable rows={d.comparison} dc02={b.form === 'DC02'} />
        ) : (
          <Typography.Text type="secondary">{t('campaign.review.noDifference')}</Typography.Text>
        ))}

      <Typography.Title level={5}>{t('campaign.review.issues')}</Typography.Title>
      {b.issues.length ? (
        <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="ballot-issues">
          {b.issues.map((i) => (
            <li key={`${i.field}-${i.rule}`}>
              <Tag color="orange">{i.rule}</Tag>
              {fieldLabel(t, b.form, i.field)}: {String(i.messageVi ?? i.message ?? '')}
              {i.value !== undefined && i.value !== null ? ` (${String(i.value)})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t('campaign.review.noIssues')}</Typography.Text>
      )}

      <Typography.Title level={5}>{t('campaign.review.values')}</Typography.Title>
      <Descriptions size="small" column={1} bordered>
        {Object.entries(b.values).map(([k, v]) => (
          <Descriptions.Item key={k} label={fieldLabel(t, b.form, k)}>
            {v}
          </Descriptions.Item>
        ))}
      </Descriptions>

      <Typography.Title level={5}>{t('campaign.review.history')}</Typography.Title>
      {d.transitions.length ? (
        <Timeline
          data-testid="ballot-history"
          items={d.transitions.map((x) => ({
            color:
              x.to === 'approved' ? 'green' : x.to === 'rejected' ? 'red' : x.to === 'returned' ? 'orange' : 'blue',
            content: (
              <span>
                {formatDateTime(x.at)} — <strong>{x.actor}</strong>: {t(`campaign.status.${x.to as 'collected'}`)}
                {x.reason ? ` (${x.reason})` : ''}
              </span>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Flex>
  );
}

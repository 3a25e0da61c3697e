// One pair side by side: both records field by field, each compared row coloured by how the two values agree,
// the evidence per field as bars, and the decision (same person, different people, same person and merge). A merged
// pair offers to undo its merge. Opening the page reads both records, which the server audits.
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Modal,
  message,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type Evidence, type PairDetail, type PairSide, useDecide, usePair, useUndoMerge } from '../../api/dedup.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { UnitName } from '../../components/UnitName.tsx';
import { labelOf, lookup } from '../../i18n/lookup.ts';
import { errorText } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { EvidenceChart } from './EvidenceChart.tsx';
import {
  AGREEMENT_BACKGROUND,
  AGREEMENT_TAG,
  comparisonLabel,
  levelLabel,
  probabilityColor,
  STATUS_COLORS,
} from './pairLook.ts';

/** DEDUP.* codes have their own texts on these pages; anything else as everywhere. */
function dedupError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code.startsWith('DEDUP.')) {
    return lookup(t, `dedup.errors.${err.code.slice(6)}`) ?? err.message;
  }
  return errorText(t, err);
}

interface FieldRow {
  key: string;
  label: string;
  left: React.ReactNode;
  right: React.ReactNode;
  /** The comparisons behind the row (none: shown for context, not compared). */
  evidence: Evidence[];
}

function agreementOfRow(evidence: Evidence[]): string {
  // A comparison that weighs nothing (two PINs of one registry always differ) colours nothing either.
  const known = evidence.filter((e) => e.agreement !== 'unknown' && Math.abs(e.weight) >= 0.05);
  if (known.length === 0) return 'unknown';
  if (known.some((e) => e.agreement === 'disagree')) return 'disagree';
  if (known.some((e) => e.agreement === 'partial')) return 'partial';
  return 'agree';
}

function rowsOf(t: TFunction, p: PairDetail): FieldRow[] {
  const ev = (...names: string[]) => p.evidence.filter((e) => names.includes(e.comparison));
  const side = (s: PairSide) => s.state;
  const val = (f: (s: PairSide['state']) => React.ReactNode) => ({ left: f(side(p.left)), right: f(side(p.right)) });
  const label = (k: string) => t(`dedup.pair.fields.${k as 'fullName'}`);
  const residence = (s: PairSide['state']) =>
    s.permanentResidence ? (
      <span>
        {s.permanentResidence.detail ? `${s.permanentResidence.detail}, ` : ''}
        <UnitName code={s.permanentResidence.unitCode} on={s.permanentResidence.unitDate} />
      </span>
    ) : (
      '—'
    );
  return [
    {
      key: 'fullName',
      label: label('fullName'),
      ...val((s) => <strong>{s.fullName}</strong>),
      evidence: ev('name.family', 'name.middle', 'name.given'),
    },
    { key: 'dateOfBirth', label: label('dateOfBirth'), ...val((s) => formatDate(s.dateOfBirth)), evidence: ev('dob') },
    { key: 'sex', label: label('sex'), ...val((s) => labelOf(t, 'sex', s.sex)), evidence: ev('sex') },
    {
      key: 'pin',
      label: label('pin'),
      left: <Typography.Text code>{p.left.pin}</Typography.Text>,
      right: <Typography.Text code>{p.right.pin}</Typography.Text>,
      evidence: ev('pin'),
    },
    { key: 'oldIdNumber', label: label('oldIdNumber'), ...val((s) => s.oldIdNumber ?? '—'), evidence: ev('old_id') },
    { key: 'phone', label: label('phone'), ...val((s) => s.phone ?? '—'), evidence: ev('phone') },
    { key: 'residence', label: label('residence'), ...val(residence), evidence: ev('commune') },
    { key: 'household', label: label('household'), ...val((s) => s.household?.code ?? '—'), evidence: [] },
    { key: 'father', label: label('father'), ...val((s) => s.father?.name ?? '—'), evidence: [] },
    { key: 'mother', label: label('mother'), ...val((s) => s.mother?.name ?? '—'), evidence: [] },
    {
      key: 'status',
      label: label('status'),
      left: labelOf(t, 'status', p.left.status),
      right: labelOf(t, 'status', p.right.status),
      evidence: [],
    },
  ];
}

function SideHeader({ title, side }: { title: string; side: PairSide }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <Link to={`/persons/${side.pin}`}>{side.pin}</Link>
      {side.status === 'merged' && <Tag color="purple">{t('dedup.pair.retired')}</Tag>}
    </Space>
  );
}

function Comparison({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  return (
    <Table<FieldRow>
      data-testid="pair-compare"
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rowsOf(t, pair)}
      onRow={(r) => {
        const a = agreementOfRow(r.evidence);
        return {
          'data-agreement': a,
          style: { background: AGREEMENT_BACKGROUND[a] },
        } as React.HTMLAttributes<HTMLElement>;
      }}
      columns={[
        {
          title: t('dedup.pair.field'),
          dataIndex: 'label',
          width: 170,
          render: (label: string, r) => (
            <Space direction="vertical" size={2}>
              <Typography.Text type="secondary">{label}</Typography.Text>
              <Flex gap={4} wrap>
                {r.evidence.map((e) => (
                  <Tag key={e.comparison} color={AGREEMENT_TAG[e.agreement]} style={{ marginInlineEnd: 0 }}>
                    {r.evidence.length > 1 ? `${comparisonLabel(t, e.comparison)}: ` : ''}
                    {levelLabel(t, e.level)}
                  </Tag>
                ))}
              </Flex>
            </Space>
          ),
        },
        { title: <SideHeader title={t('dedup.pair.first')} side={pair.left} />, dataIndex: 'left' },
        { title: <SideHeader title={t('dedup.pair.second')} side={pair.right} />, dataIndex: 'right' },
      ]}
    />
  );
}

function DecisionPanel({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const decide = useDecide(pair.id);
  const undo = useUndoMerge(pair.id);
  const [merging, setMerging] = useState(false);
  const [survivor, setSurvivor] = useState<string>('');
  const [toast, holder] = message.useMessage();
  const statusText = (s: string) => t(`dedup.status.${s as 'open'}`);
  // Passed as a variable: the test id is an attribute antd forwards, not a declared button prop.
  const confirmProps = { 'data-testid': 'confirm-merge', loading: decide.isPending };

  const send = (decision: 'same' | 'different', merge = false) =>
    decide.mutate(
      {
        decision,
        version: pair.version,
        ...(merge ? { merge: true, ...(survivor ? { survivorPin: survivor } : {}) } : {}),
      },
      {
        onSuccess: (r) => {
          setMerging(false);
          void toast.success(
            r.merge
              ? t('dedup.pair.merged', { retired: r.merge.retiredPin, survivor: r.merge.survivorPin })
              : t('dedup.pair.decided', { status: statusText(r.pair.status) }),
          );
        },
        onError: (err) => void toast.error(dedupError(t, err)),
      },
    );

  return (
    <Card size="small" title={t('dedup.pair.decide')} style={{ marginTop: 16 }}>
      {holder}
      {pair.status === 'open' ? (
        <Flex gap={8} wrap>
          <Button type="primary" data-testid="decide-same" loading={decide.isPending} onClick={() => send('same')}>
            {t('dedup.pair.same')}
          </Button>
          <Button danger data-testid="decide-different" loading={decide.isPending} onClick={() => send('different')}>
            {t('dedup.pair.different')}
          </Button>
          <Button data-testid="decide-merge" onClick={() => setMerging(true)}>
            {t('dedup.pair.merge')}
          </Button>
        </Flex>
      ) : (
        <Space direction="vertical">
          <Tag color={STATUS_COLORS[pair.status]} data-testid="pair-status">
            {statusText(pair.status)}
          </Tag>
          {pair.decidedBy && (
            <Typography.Text type="secondary">
              {t('dedup.pair.decidedBy', { by: pair.decidedBy, at: formatDateTime(pair.decidedAt) })}
            </Typography.Text>
          )}
          {pair.mergeId !== null && (
            <>
              <Typography.Text>{t('dedup.pair.mergedInfo', { id: pair.mergeId })}</Typography.Text>
              <Button
                data-testid="undo-merge"
                loading={undo.isPending}
                onClick={() =>
                  Modal.confirm({
                    title: t('dedup.pair.undoTitle'),
                    content: t('dedup.pair.undoText'),
                    okText: t('dedup.pair.confirm'),
                    cancelText: t('common.cancel'),
                    onOk: () =>
                      undo
                        .mutateAsync(pair.mergeId!)
                        .then(() => void toast.success(t('dedup.pair.undone')))
                        .catch((err) => void toast.error(dedupError(t, err))),
                  })
                }
              >
                {t('dedup.pair.undo')}
              </Button>
            </>
          )}
        </Space>
      )}
      <Modal
        open={merging}
        title={t('dedup.pair.mergeTitle')}
        okText={t('dedup.pair.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={confirmProps}
        onOk={() => send('same', true)}
        onCancel={() => setMerging(false)}
      >
        <Typography.Paragraph>
          {t('dedup.pair.mergeText', {
            survivor: survivor || pair.left.pin,
            retired: survivor === pair.right.pin ? pair.left.pin : pair.right.pin,
          })}
        </Typography.Paragraph>
        <Typography.Text strong>{t('dedup.pair.survivor')}</Typography.Text>
        <Radio.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}
          value={survivor || pair.left.pin}
          onChange={(e) => setSurvivor(e.target.value as string)}
          options={[pair.left, pair.right].map((s) => ({ value: s.pin, label: `${s.pin} — ${s.state.fullName}` }))}
        />
      </Modal>
    </Card>
  );
}

export function PairPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const pair = usePair(id);
  const p = pair.data;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <div>
          <Link to="/dedup">← {t('dedup.pair.back')}</Link>
          <Typography.Title level={3} style={{ margin: '4px 0 0' }}>
            {t('dedup.pair.title')}
          </Typography.Title>
        </div>
        {p && (
          <Flex gap={24} align="center">
            <Statistic
              title={t('dedup.pair.probability')}
              value={(100 * p.probability).toFixed(2)}
              suffix="%"
              valueStyle={{ color: p.probability >= 0.9 ? '#cf1322' : undefined }}
            />
            <Space direction="vertical" size={4}>
              <Tag color={probabilityColor(p.probability)}>
                {t('dedup.pair.weight', { weight: p.matchWeight.toFixed(1) })}
              </Tag>
              <Tag color={STATUS_COLORS[p.status]}>{t(`dedup.status.${p.status}`)}</Tag>
            </Space>
          </Flex>
        )}
      </Flex>
      {pair.error instanceof ApiError && pair.error.code === 'DEDUP.PAIR_REFERRED' ? (
        <Alert
          type="info"
          showIcon
          data-testid="pair-referred"
          title={t('dedup.referred.pairTitle')}
          description={t(
            `dedup.referred.pairText.${pair.error.details?.referredTo === 'province' ? 'province' : 'national'}`,
          )}
        />
      ) : pair.isError ? (
        <ErrorAlert error={pair.error} onRetry={() => void pair.refetch()} />
      ) : !p ? (
        <Card loading />
      ) : (
        <>
          {p.stale && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('dedup.pair.stale')} />}
          <Row gutter={16}>
            <Col xs={24} lg={15}>
              <Card size="small">
                <Comparison pair={p} />
              </Card>
            </Col>
            <Col xs={24} lg={9}>
              <Card size="small" title={t('dedup.pair.evidence')}>
                <EvidenceChart evidence={p.evidence} />
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('dedup.pair.evidenceHint')}
                </Typography.Paragraph>
              </Card>
              <DecisionPanel pair={p} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}

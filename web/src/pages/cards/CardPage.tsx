// One identity card: both sides as printed (the SVG the server renders from the approved snapshot), its data,
// the actions its status allows and how its status came to be.
import { Card, Col, Descriptions, Empty, Flex, Row, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type CardEvent, useCard } from '../../api/cards.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { labelOf } from '../../i18n/lookup.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { CardActions } from './CardActions.tsx';
import { CARD_COLORS } from './cardLook.ts';

function Side({ id, side, label }: { id: number; side: 'front' | 'back'; label: string }) {
  return (
    <figure style={{ margin: 0 }}>
      <img
        src={`/api/v1/cards/${id}/${side}.svg`}
        alt={label}
        data-testid={`card-${side}`}
        style={{ width: '100%', maxWidth: 520, borderRadius: 12, boxShadow: '0 2px 10px rgba(0,0,0,0.18)' }}
      />
      <figcaption style={{ textAlign: 'center', marginTop: 6 }}>
        <Typography.Text type="secondary">{label}</Typography.Text>
      </figcaption>
    </figure>
  );
}

export function CardPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const card = useCard(id);
  if (card.isPending) return <FullPageSpin />;
  if (card.isError) return <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  const p = c.printed;
  const events: CardEvent[] = c.events ?? [];
  const eventLabel = (e: CardEvent) =>
    e.subject === 'card'
      ? `${t('cards.card.cardSubject')}: ${labelOf(t, 'cards.cardStatus', e.type)}`
      : `${t('cards.card.application')}: ${labelOf(t, 'cards.appStatus', e.type)}`;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cards.card.title', { number: c.number })}{' '}
          <Tag color={CARD_COLORS[c.status]} data-testid="card-status">
            {t(`cards.cardStatus.${c.status as 'active'}`)}
          </Tag>
        </Typography.Title>
        <CardActions card={c} />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Side id={c.id} side="front" label={t('cards.card.front')} />
        </Col>
        <Col xs={24} xl={12}>
          <Side id={c.id} side="back" label={t('cards.card.back')} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('cards.card.holder')}>
                <Link to={`/persons/${c.pin}`}>{p.fullName}</Link> <Typography.Text code>{c.pin}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('cards.card.generation')}>
                {t(`cards.generation.${p.generation}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('cards.card.issuedOn')}>{formatDate(c.issuedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('cards.card.expiresOn')}>
                {c.expiresOn ? formatDate(c.expiresOn) : t('cards.card.forLife')}
              </Descriptions.Item>
              <Descriptions.Item label={t('cards.card.statusAt')}>{formatDateTime(c.statusAt)}</Descriptions.Item>
              {c.statusReason && (
                <Descriptions.Item label={t('cards.card.statusReason')}>{c.statusReason}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('cards.card.application')}>#{c.applicationId}</Descriptions.Item>
              {c.batchId !== null && <Descriptions.Item label={t('cards.card.batch')}>#{c.batchId}</Descriptions.Item>}
              <Descriptions.Item label={t('cards.card.mrz')}>
                <pre style={{ margin: 0, fontSize: 13 }} data-testid="card-mrz">
                  {c.mrz.join('\n')}
                </pre>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cards.card.history')}>
            {events.length === 0 ? (
              <Empty description={t('cards.card.noHistory')} />
            ) : (
              <Timeline
                data-testid="card-history"
                items={events.map((e) => ({
                  key: `${e.at}-${e.subject}-${e.type}`,
                  children: (
                    <>
                      <Typography.Text strong>{eventLabel(e)}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {formatDateTime(e.at)}
                          {e.by ? ` · ${e.by}` : ''}
                        </Typography.Text>
                      </div>
                      {e.reason && <div>{e.reason}</div>}
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

// A person's record: current data in sections, the timeline of versions, and an "as of" date that reloads
// an older state and says so plainly. The date lives in the address (?asOf=) so it survives a reload.
import { Alert, Col, Flex, Row, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useHistory, usePerson } from '../../api/persons.ts';
import { labelOf } from '../../i18n/lookup.ts';
import { formatDate } from '../../lib/format.ts';
import { STATUS_COLOR } from '../search/ResultsTable.tsx';
import { AsOfControl } from './AsOfControl.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { PersonSections } from './PersonSections.tsx';
import { Refusal } from './Refusal.tsx';
import { MaskedFields } from './values.tsx';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function PersonPage() {
  const { t } = useTranslation();
  const pin = useParams().pin ?? '';
  const [params, setParams] = useSearchParams();
  const rawAsOf = params.get('asOf');
  const asOf = rawAsOf && ISO_DAY.test(rawAsOf) ? rawAsOf : null;
  const person = usePerson(pin, asOf);
  // The history is read only once the record itself was allowed: a refused read is not repeated.
  const history = useHistory(pin, person.isSuccess);
  const setAsOf = (d: string | null) => setParams(d ? { asOf: d } : {});
  const view = person.data;
  const showingPast = asOf !== null && view !== undefined;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Text type="secondary">{t('person.title')}</Typography.Text>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
            {view ? view.state.fullName : pin}
          </Typography.Title>
          {view && (
            <Flex gap={8} align="center" wrap style={{ marginTop: 4 }}>
              <Typography.Text code copyable>
                {view.pin}
              </Typography.Text>
              <Tag color={STATUS_COLOR[view.status]}>{labelOf(t, 'status', view.status)}</Tag>
              <span>
                {labelOf(t, 'sex', view.state.sex)} · {formatDate(view.state.dateOfBirth)}
              </span>
              {showingPast && (
                <Tag color="gold" data-testid="past-tag">
                  {t('person.pastTag', { date: formatDate(asOf) })}
                </Tag>
              )}
            </Flex>
          )}
        </div>
        <AsOfControl asOf={asOf} onChange={setAsOf} />
      </Flex>

      {showingPast && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="past-banner"
          title={t('person.pastBanner', { date: formatDate(asOf) })}
          description={t('person.pastBannerHint')}
        />
      )}
      {view && view.requestedPin !== view.pin && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('person.replacedPin', { requested: view.requestedPin, pin: view.pin })}
        />
      )}

      {person.isError ? (
        <Refusal error={person.error} pin={pin} asOf={asOf} onBackToCurrent={() => setAsOf(null)} />
      ) : !view ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin size="large" />
        </Flex>
      ) : (
        <MaskedFields.Provider value={new Set(view.masked)}>
          <Row gutter={16}>
            <Col xs={24} lg={14}>
              <Spin spinning={person.isFetching && person.isPlaceholderData}>
                <div
                  data-testid="person-sections"
                  data-as-of={view.asOf}
                  style={showingPast ? { borderLeft: '4px solid #faad14', paddingLeft: 10 } : undefined}
                >
                  <PersonSections view={view} />
                </div>
              </Spin>
            </Col>
            <Col xs={24} lg={10}>
              <HistoryTimeline
                entries={history.data?.entries}
                loading={history.isPending}
                error={history.error}
                asOf={asOf}
                onViewAt={setAsOf}
              />
            </Col>
          </Row>
        </MaskedFields.Provider>
      )}
    </>
  );
}

// Every recorded version of the person, newest valid date first: when it holds from, when and by whom it
// was recorded, why, and each field's old → new value. Versions after the date being viewed are dimmed.
import { Empty as AntEmpty, Button, Card, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { labelOf, lookup } from '../../i18n/lookup.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { FieldValue } from './values.tsx';

const FIRST_CHANGES = 6;

interface Props {
  entries: HistoryEntry[] | undefined;
  loading: boolean;
  error: unknown;
  asOf: string | null;
  onViewAt: (date: string) => void;
}

export function HistoryTimeline({ entries, loading, error, asOf, onViewAt }: Props) {
  const { t } = useTranslation();
  const sorted = [...(entries ?? [])].sort((a, b) =>
    a.validFrom === b.validFrom ? b.seq - a.seq : a.validFrom < b.validFrom ? 1 : -1,
  );
  return (
    <Card size="small" title={t('history.title')} loading={loading} data-testid="history">
      {error ? <ErrorAlert error={error} /> : null}
      {!error && sorted.length === 0 && <AntEmpty description={t('history.empty')} />}
      <Timeline
        items={sorted.map((e) => {
          const after = asOf !== null && e.validFrom > asOf;
          return {
            key: e.seq,
            color: after ? 'gray' : e.event === 'correction' ? 'orange' : 'blue',
            content: <EntryView entry={e} after={after} onViewAt={onViewAt} />,
          };
        })}
      />
    </Card>
  );
}

function EntryView({ entry, after, onViewAt }: { entry: HistoryEntry; after: boolean; onViewAt: (d: string) => void }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const changes = all ? entry.changes : entry.changes.slice(0, FIRST_CHANGES);
  return (
    <div style={{ opacity: after ? 0.55 : 1 }} data-testid="history-entry">
      <Space size={6} wrap>
        <Typography.Text strong>{formatDate(entry.validFrom)}</Typography.Text>
        <Tag color={entry.event === 'correction' ? 'orange' : 'blue'}>{labelOf(t, 'events', entry.event)}</Tag>
        {after && <Tag>{t('history.afterAsOf')}</Tag>}
      </Space>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.6)', marginTop: 2 }}>
        {t('history.recordedAt')} {formatDateTime(entry.recordedAt)} · {t('history.by')}: {entry.recordedBy}
      </div>
      {entry.reason && (
        <div style={{ fontSize: 13 }}>
          {t('history.reason')}: {entry.reason}
        </div>
      )}
      {entry.sourceDocument && (
        <div style={{ fontSize: 13 }}>
          {t('history.source')}: {entry.sourceDocument}
        </div>
      )}
      <table style={{ width: '100%', marginTop: 6, fontSize: 13, borderCollapse: 'collapse' }}>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field} style={{ borderTop: '1px solid #f0f0f0', verticalAlign: 'top' }}>
              <td style={{ padding: '3px 6px 3px 0', color: 'rgba(0,0,0,0.6)', width: '34%' }}>
                {lookup(t, `fields.${c.field}`) ?? c.field}
              </td>
              <td style={{ padding: '3px 0' }}>
                {c.from !== null && c.from !== undefined && (
                  <>
                    <span className="change-old">
                      <FieldValue field={c.field} value={c.from} />
                    </span>
                    {' → '}
                  </>
                )}
                <FieldValue field={c.field} value={c.to} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Space size={4} style={{ marginTop: 4 }}>
        {entry.changes.length > FIRST_CHANGES && (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(!all)}>
            {all ? t('common.close') : t('history.more', { count: entry.changes.length - FIRST_CHANGES })}
          </Button>
        )}
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onViewAt(entry.validFrom)}>
          {t('history.viewAt')}
        </Button>
      </Space>
    </div>
  );
}

// Uploading a ballot file: the bytes go up with a progress bar, then the import job is followed until it ends,
// with its counts and the links to its error report.
import { Alert, Button, Card, Descriptions, Flex, Progress, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_CAMPAIGN, type ImportJob, uploadBallotFile, useImportJob } from '../../api/campaign.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { lookup } from '../../i18n/lookup.ts';

export function UploadPage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const [form, setForm] = useState<'DC01' | 'DC02'>('DC01');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const polled = useImportJob(DEFAULT_CAMPAIGN, job?.id ?? null);
  const current = polled.data ?? job;

  const send = async () => {
    if (!file) return;
    setError(null);
    setJob(null);
    setSent(0);
    try {
      setJob(await uploadBallotFile(DEFAULT_CAMPAIGN, form, file, session?.csrfToken ?? null, setSent));
      setSent(1);
    } catch (e) {
      setError(e);
      setSent(null);
    }
  };
  const base = current ? `/api/v1/campaigns/${DEFAULT_CAMPAIGN}/imports/${current.id}` : '';
  return (
    <Flex vertical gap={16} style={{ maxWidth: 860 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('campaign.upload.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('campaign.upload.hint')}</Typography.Text>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <span>{t('campaign.upload.form')}</span>
          <Select
            value={form}
            onChange={setForm}
            style={{ width: 120 }}
            options={[{ value: 'DC01' }, { value: 'DC02' }]}
          />
          <Upload
            maxCount={1}
            accept=".csv,.xlsx,.ndjson,.jsonl"
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button data-testid="upload-choose">{t('campaign.upload.choose')}</Button>
          </Upload>
          <Button
            type="primary"
            disabled={!file || (sent !== null && sent < 1)}
            onClick={() => void send()}
            data-testid="upload-send"
          >
            {t('campaign.upload.send')}
          </Button>
        </Flex>
        {sent !== null && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text>{t('campaign.upload.uploading')}</Typography.Text>
            <Progress percent={Math.round(sent * 100)} data-testid="upload-progress" />
          </div>
        )}
      </Card>
      {error !== null && <ErrorAlert error={error} />}
      {current && (
        <Card
          size="small"
          title={t('campaign.upload.job', { id: current.id, file: current.fileName })}
          data-testid="import-job"
        >
          <Typography.Text strong>
            {lookup(t, `campaign.upload.jobStatus.${current.status}`) ?? current.status}
          </Typography.Text>
          <Progress
            percent={Math.round((current.progress ?? 0) * 100)}
            status={current.status === 'failed' ? 'exception' : current.status === 'done' ? 'success' : 'active'}
            data-testid="import-progress"
          />
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('campaign.upload.rows')}>
              {current.rowsDone}
              {current.rowsTotal !== null ? ` / ${current.rowsTotal}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.upload.added')}>{current.ballotsAdded}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.upload.skipped')}>{current.ballotsSkipped}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.upload.errors')}>{current.rowsWithErrors}</Descriptions.Item>
          </Descriptions>
          {current.error && <Alert type="error" showIcon title={current.error.message} />}
          {current.status === 'done' && (
            <Flex gap={12} wrap>
              <a href={`${base}/report.csv`} download>
                {t('campaign.upload.reportCsv')}
              </a>
              <a href={`${base}/report.xlsx`} download>
                {t('campaign.upload.reportXlsx')}
              </a>
              <Link to={`/campaign/review?job=${current.id}`}>{t('campaign.upload.review')}</Link>
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}

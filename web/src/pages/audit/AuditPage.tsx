// Audit search for auditors: who read or changed what, when, why and from where; plus chain verification.
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AuditFilters, type AuditFilterValues } from './AuditFilters.tsx';
import { AuditTable } from './AuditTable.tsx';
import { apiAuditQuery, filtersFromParams, paramsFromFilters } from './auditParams.ts';
import { VerifyChain } from './VerifyChain.tsx';

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <VerifyChain />
      </Flex>
      <AuditFilters initial={filters} onSearch={(f: AuditFilterValues) => setParams(paramsFromFilters(f))} />
      <AuditTable query={apiAuditQuery(filters)} />
    </>
  );
}

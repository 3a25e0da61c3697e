// One titled block of the person page: label/value rows that read well on a laptop screen.
import { Card, Descriptions } from 'antd';
import type { ReactNode } from 'react';

export interface Row {
  key: string;
  label: ReactNode;
  value: ReactNode;
  /** Long values (addresses, lists) take the whole width. */
  wide?: boolean;
}

export function Section({ title, rows, testId }: { title: ReactNode; rows: Row[]; testId: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
        styles={{ label: { width: 170, color: 'rgba(0,0,0,0.6)' } }}
        items={rows.map((r) => ({ key: r.key, label: r.label, children: r.value, span: r.wide ? 'filled' : 1 }))}
      />
    </Card>
  );
}

// Colours of application, card and batch statuses, shared by the card pages.
export const APPLICATION_STATUSES = [
  'received',
  'approved',
  'in_production',
  'produced',
  'delivered',
  'issued',
  'refused',
  'cancelled',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_REASONS = [
  'first',
  'renewal',
  'change',
  'sex_reregistration',
  'pin_reestablishment',
  'lost',
  'damaged',
] as const;
export type ApplicationReason = (typeof APPLICATION_REASONS)[number];

export const REVOKE_GROUNDS = ['nationality_lost', 'issued_in_violation', 'altered'] as const;

export const APPLICATION_COLORS: Record<string, string> = {
  received: 'blue',
  approved: 'cyan',
  in_production: 'geekblue',
  produced: 'purple',
  delivered: 'gold',
  issued: 'green',
  refused: 'red',
  cancelled: 'default',
};

export const CARD_COLORS: Record<string, string> = {
  in_production: 'geekblue',
  produced: 'purple',
  failed: 'red',
  delivered: 'gold',
  active: 'green',
  locked: 'orange',
  revoked: 'red',
  retained: 'volcano',
  withdrawn: 'default',
};

export const BATCH_COLORS: Record<string, string> = { built: 'blue', exported: 'gold', closed: 'green' };

/** Chart colours of the application statuses, in the order above. */
export const STATUS_CHART_COLORS: Record<string, string> = {
  received: '#1677ff',
  approved: '#13c2c2',
  in_production: '#2f54eb',
  produced: '#722ed1',
  delivered: '#faad14',
  issued: '#52c41a',
  refused: '#f5222d',
  cancelled: '#8c8c8c',
};

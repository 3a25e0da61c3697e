// Tag colours of the ballot statuses, shared by the review list and the ballot drawer.
export const STATUS_COLORS: Record<string, string> = {
  collected: 'default',
  checked: 'blue',
  verified: 'geekblue',
  approved: 'green',
  returned: 'orange',
  rejected: 'red',
};

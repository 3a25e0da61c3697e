// A calm, high-contrast look for long working days; one primary colour, system fonts (Vietnamese diacritics
// render well in them and nothing has to be downloaded).
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    borderRadius: 6,
    fontSize: 14,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#1f4e8c', headerPadding: '0 20px', headerHeight: 56, bodyBg: '#f3f5f8' },
  },
};

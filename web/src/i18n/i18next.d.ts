// Typed translation keys: t('…') accepts only keys of the Vietnamese resource.
import 'i18next';
import type { vi } from './vi.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

// Types the translation keys from the zh-CN file, so a missing or misspelled
// key (including an enum label such as `enums.tier.KEY`) fails the build.
import 'i18next';

import type zhCN from '../locales/zh-CN.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

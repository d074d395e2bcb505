// Dates, times and numbers in the viewer's language. Times are always shown
// in the company time zone (Asia/Shanghai), whatever the browser's zone is,
// so a lead in another city reads the same clock as the stations.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export const COMPANY_TIME_ZONE = 'Asia/Shanghai';

export interface Formatters {
  readonly locale: string;
  dateTime(iso: string): string;
  number(value: number): string;
  /** A Decimal string of CNY as money: "¥1,234.50" (zh-CN) / "CN¥1,234.50" (en). */
  money(value: string): string;
  /** A YYYY-MM-DD day as the viewer's language writes it (no time zone shift). */
  day(isoDay: string): string;
  /** "刚刚" under a minute, then "3 分钟前" / "2 hours ago", then the date and time. */
  relativeTime(iso: string, now: number): string;
}

export function createFormatters(locale: string, justNow: string): Formatters {
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: COMPANY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const number = new Intl.NumberFormat(locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  return {
    locale,
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
    },
    number: (value) => number.format(value),
    // Intl formats a decimal string exactly (no float rounding on the way).
    money: (value) => money.format(value as Intl.StringNumericLiteral),
    day: (isoDay) => {
      const date = new Date(`${isoDay}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? isoDay : day.format(date);
    },
    relativeTime: (iso, now) => {
      const date = new Date(iso);
      const seconds = Math.round((now - date.getTime()) / 1000);
      if (Number.isNaN(seconds)) return iso;
      if (seconds < 60) return justNow;
      if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), 'minute');
      if (seconds < 6 * 3600) return relative.format(-Math.floor(seconds / 3600), 'hour');
      return dateTime.format(date);
    },
  };
}

export function useFormatters(): Formatters {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const justNow = t('live.justNow');
  return useMemo(() => createFormatters(locale, justNow), [locale, justNow]);
}

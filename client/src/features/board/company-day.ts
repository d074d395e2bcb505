// Days in the company time zone (Asia/Shanghai) as YYYY-MM-DD, the form the
// API takes for dates and periods; "today" follows the server's clock.
import { serverNow } from '../../apollo/server-clock';
import { COMPANY_TIME_ZONE } from '../../lib/format';

const isoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: COMPANY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in the company time zone, e.g. "2026-11-26". */
export function companyToday(): string {
  return isoDay.format(new Date(serverNow()));
}

/** The first day of the month of `day` ("2026-11-26" → "2026-11-01"). */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/** The first day of the year of `day` ("2026-11-26" → "2026-01-01"). */
export function firstOfYear(day: string): string {
  return `${day.slice(0, 4)}-01-01`;
}

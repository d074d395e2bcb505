/**
 * Calendar dates ('YYYY-MM-DD' strings, never a Date that drifts with the time
 * zone) in the company time zone (DOMAIN.md: business days are counted in the
 * company's zone, Asia/Shanghai by default). "Today" must not depend on the
 * server's own zone, or a contract would expire at 08:00 Beijing time on a
 * UTC machine and a visit at 01:30 Beijing time would count for yesterday.
 */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { loadConfig } from './config.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a real calendar day written as YYYY-MM-DD (no 2026-02-30), from 1900 through 2999:
 * the periods and ranges computed from a day (its week, month, quarter, year, +N days) stay
 * four-digit years, which PostgreSQL's date input needs ('9999-12-31' + 7 days is not one).
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2999;
}

/** The company time zone (GRIDLINE_TIME_ZONE), read once. */
export const COMPANY_TIME_ZONE = loadConfig().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day `moment` falls on in `timeZone`. */
export function calendarDateIn(moment: Date, timeZone: string = COMPANY_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(moment);
}

/** The calendar day it is now in `timeZone`. */
export function todayIn(timeZone: string = COMPANY_TIME_ZONE, now: Date = new Date()): string {
  return calendarDateIn(now, timeZone);
}

/** The day `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** class-validator: a real calendar date as YYYY-MM-DD. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => 'must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

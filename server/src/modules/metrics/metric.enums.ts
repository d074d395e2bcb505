/**
 * The vocabulary shared by targets, leaderboards and rewards (DOMAIN.md
 * "Targets, leaderboards and rewards"): what is measured, over which period,
 * for whom. Periods are calendar periods in the company time zone; a week
 * starts on Monday (周例会 reviews Monday to Sunday).
 */
import { registerEnumType } from 'type-graphql';
import { addDays } from '../../calendar.js';

export enum Metric {
  NEW_ACCOUNTS = 'NEW_ACCOUNTS',
  VISITS = 'VISITS',
  AMOUNT_COLLECTED = 'AMOUNT_COLLECTED',
  COLLECTION_RATE = 'COLLECTION_RATE',
  ARREARS_REDUCED = 'ARREARS_REDUCED',
  PROSPECTS_CONVERTED = 'PROSPECTS_CONVERTED',
  KEY_ACCOUNTS_COVERED = 'KEY_ACCOUNTS_COVERED',
}
registerEnumType(Metric, {
  name: 'Metric',
  description: 'What a target or a leaderboard measures 考核指标.',
  valuesConfig: {
    NEW_ACCOUNTS: { description: 'New accounts developed 新开发客户: customers that first became ACTIVE in the period.' },
    VISITS: { description: 'Visits made 走访次数 (all channels, or one channel where a channel is given).' },
    AMOUNT_COLLECTED: { description: 'Amount collected 回收金额 in CNY: payments received in the period.' },
    COLLECTION_RATE: { description: 'Collection rate 回收率 in percent: collected ÷ due of the bills due in the period.' },
    ARREARS_REDUCED: { description: 'Arrears reduced 清欠金额 in CNY: payments applied in the period to bills already past due.' },
    PROSPECTS_CONVERTED: { description: 'Prospects converted 意向客户转化: customers that left the PROSPECT stage in the period.' },
    KEY_ACCOUNTS_COVERED: { description: 'Key accounts covered 重点客户走访覆盖: distinct KEY or STRATEGIC customers visited in the period.' },
  },
});

export enum PeriodKind {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodKind, {
  name: 'PeriodKind',
  description: 'A calendar period in the company time zone.',
  valuesConfig: {
    DAY: { description: 'A day 日.' },
    WEEK: { description: 'A week 周, Monday to Sunday.' },
    MONTH: { description: 'A calendar month 月.' },
    QUARTER: { description: 'A calendar quarter 季度.' },
    YEAR: { description: 'A calendar year 年.' },
  },
});

export interface Period {
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end: string;
}

function ymd(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** The period of `kind` that contains the calendar day `date`. */
export function periodOf(kind: PeriodKind, date: string): Period {
  const [y, m, d] = ymd(date);
  switch (kind) {
    case PeriodKind.DAY:
      return { kind, start: date, end: date };
    case PeriodKind.WEEK: {
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
      const start = addDays(date, -weekday);
      return { kind, start, end: addDays(start, 6) };
    }
    case PeriodKind.MONTH:
      return { kind, start: iso(y, m, 1), end: iso(y, m + 1, 0) };
    case PeriodKind.QUARTER: {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { kind, start: iso(y, first, 1), end: iso(y, first + 3, 0) };
    }
    case PeriodKind.YEAR:
      return { kind, start: iso(y, 1, 1), end: iso(y, 12, 31) };
  }
}

/** The period just before `period`, of the same kind. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.start, -1));
}

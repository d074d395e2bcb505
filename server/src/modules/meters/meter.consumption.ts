/**
 * Consumption per calendar month 月用量 from cumulative meter readings
 * (issue 8 item 2; DOMAIN.md "Customers": consumption history by period;
 * seed 003 (4) 历史用气量记录比对).
 *
 * The method — month-end values, linearly interpolated:
 * - A reading on day d is the register at the END of day d. The value of a
 *   meter at the end of a month's last day ("month-end value") is the
 *   reading of that day when there is one, otherwise the straight line
 *   between the readings just before and just after it, rounded to 3
 *   decimals (half up). Rounding the month-end values, not the differences,
 *   keeps the months adding up exactly to the register's total advance.
 * - Consumption of month M on a meter = month-end value of M − month-end
 *   value of M−1. Before its first reading (taken at installation) a meter
 *   stands at that first value: it counts nothing before it was installed.
 * - A meter covers the months from the month of its first reading (the next
 *   one when the first reading falls on a month's last day) through the last
 *   COMPLETE month: one whose last day is on or before its latest reading,
 *   or, for a removed meter (whose final reading is taken on the removal
 *   day), the month of its removal.
 * - A service account's consumption of month M is the sum over its meters
 *   covering M (a replacement 换表 within a month adds the old and the new
 *   meter). It is known — stored in consumption_month — when some meter
 *   covers M and no meter in service during M is still waiting for a
 *   reading at or after M's last day.
 *
 * So monthly readings taken on each month's last day give exactly the
 * differences of consecutive readings; a reading on the 10th is spread over
 * the months it spans in proportion to the days.
 */
import { Decimal } from 'decimal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MeterUnit } from './meter.entity.js';

export interface ReadingPoint {
  /** YYYY-MM-DD */
  day: string;
  value: string;
}

export interface MeterSeries {
  /** Sorted by day, ascending, at least one. */
  readings: ReadingPoint[];
  removedOn: string | null;
}

/** 'YYYY-MM' of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The month after (or, with -1, before) 'YYYY-MM'. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Last day of 'YYYY-MM', as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** A PostgreSQL array literal of plain values (numbers, dates, enum names). */
const pgArray = (values: ReadonlyArray<number | string>) => `{${values.join(',')}}`;

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The meter's register at the end of `day` (see the module comment), to 3 decimals. */
export function valueAt(readings: ReadingPoint[], day: string): Decimal {
  const first = readings[0]!;
  if (day <= first.day) return new Decimal(first.value);
  const last = readings[readings.length - 1]!;
  if (day >= last.day) return new Decimal(last.value);
  let i = 0;
  while (readings[i + 1]!.day < day) i++;
  const before = readings[i]!;
  const after = readings[i + 1]!;
  if (after.day === day) return new Decimal(after.value);
  const share = new Decimal(dayNumber(day) - dayNumber(before.day)).dividedBy(dayNumber(after.day) - dayNumber(before.day));
  return new Decimal(before.value).plus(new Decimal(after.value).minus(before.value).times(share)).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
}

interface Coverage {
  from: string;
  /** Last complete month; may be before `from` (covers nothing yet). */
  through: string;
  /** True while in service: months after `through` are still waiting for a reading. */
  open: boolean;
}

function coverage(series: MeterSeries): Coverage {
  const first = series.readings[0]!.day;
  const last = series.readings[series.readings.length - 1]!.day;
  const from = first === monthEnd(monthOf(first)) ? shiftMonth(monthOf(first), 1) : monthOf(first);
  if (series.removedOn) return { from, through: monthOf(series.removedOn), open: false };
  const through = last === monthEnd(monthOf(last)) ? monthOf(last) : shiftMonth(monthOf(last), -1);
  return { from, through, open: true };
}

/** Known months of one service account: month ('YYYY-MM') → quantity (3 decimals), in month order. */
export function accountConsumption(meters: MeterSeries[]): Map<string, string> {
  const withReadings = meters.filter((m) => m.readings.length > 0);
  const covers = withReadings.map((m) => ({ series: m, ...coverage(m) }));
  const result = new Map<string, string>();
  if (!covers.length) return result;
  const start = covers.map((c) => c.from).sort()[0]!;
  const end = covers.map((c) => c.through).sort().at(-1)!;
  for (let month = start; month <= end; month = shiftMonth(month, 1)) {
    // A meter in service that month still waits for a month-end reading: the month is not known yet.
    if (covers.some((c) => c.open && c.from <= month && month > c.through)) continue;
    const counting = covers.filter((c) => c.from <= month && month <= c.through);
    if (!counting.length) continue;
    let total = new Decimal(0);
    for (const c of counting) {
      total = total.plus(valueAt(c.series.readings, monthEnd(month)).minus(valueAt(c.series.readings, monthEnd(shiftMonth(month, -1)))));
    }
    result.set(month, total.toFixed(3));
  }
  return result;
}

/**
 * Rewrites the consumption_month rows of the service accounts from their
 * meters' readings, inside the caller's transaction (two statements per
 * account set plus one read).
 */
export async function refreshConsumption(em: EntityManager, serviceAccountIds: number[], unitOf: (serviceAccountId: number) => MeterUnit): Promise<void> {
  if (!serviceAccountIds.length) return;
  const ids = pgArray(serviceAccountIds);
  const rows = await em.execute<Array<{ accountId: number; meterId: number; removedOn: string | null; day: string; value: string }>>(
    `select m.service_account_id as "accountId", m.id as "meterId", to_char(m.removed_on, 'YYYY-MM-DD') as "removedOn",
            to_char(r.read_on, 'YYYY-MM-DD') as day, r.value::text as value
     from meter m join meter_reading r on r.meter_id = m.id
     where m.service_account_id = any(?::int[])
     order by m.service_account_id, m.id, r.read_on`,
    [ids],
  );
  const byAccount = new Map<number, Map<number, MeterSeries>>();
  for (const row of rows) {
    const meters = byAccount.get(row.accountId) ?? new Map<number, MeterSeries>();
    byAccount.set(row.accountId, meters);
    const series = meters.get(row.meterId) ?? { readings: [], removedOn: row.removedOn };
    meters.set(row.meterId, series);
    series.readings.push({ day: row.day, value: row.value });
  }
  const account: number[] = [];
  const month: string[] = [];
  const quantity: string[] = [];
  const unit: string[] = [];
  for (const id of serviceAccountIds) {
    for (const [m, q] of accountConsumption([...(byAccount.get(id)?.values() ?? [])])) {
      account.push(id);
      month.push(`${m}-01`);
      quantity.push(q);
      unit.push(unitOf(id));
    }
  }
  await em.execute(`delete from consumption_month where service_account_id = any(?::int[])`, [ids]);
  if (account.length) {
    await em.execute(
      `insert into consumption_month (service_account_id, month, quantity, unit)
       select * from unnest(?::int[], ?::date[], ?::numeric[], ?::text[])`,
      [pgArray(account), pgArray(month), pgArray(quantity), pgArray(unit)],
    );
  }
}

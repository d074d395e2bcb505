/**
 * Per-request loaders of the meters module: meters, calibrations and
 * readings by id and by owner, and consumption per account or customer for
 * a month range — one statement per batch, whatever the number of rows.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { pgArray } from '../receivables/receivables.service.js';
import { Meter, MeterCalibration, MeterReading, type ConsumptionMonthView, type CustomerConsumptionMonth, type MeterUnit } from './meter.entity.js';

/** One loader per distinct argument set, created on first use. */
function memo<L>(make: (from: string, to: string) => L): (from: string, to: string) => L {
  const loaders = new Map<string, L>();
  return (from, to) => {
    const key = `${from}|${to}`;
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(from, to)));
    return loader;
  };
}

export function createMeterLoaders(em: EntityManager) {
  return {
    meter: byIdLoader(em, Meter),
    meterCalibration: byIdLoader(em, MeterCalibration),
    meterReading: byIdLoader(em, MeterReading),
    /** A service account's meters, in service and removed, in the order they were recorded (the account is already scoped). */
    metersByServiceAccount: groupLoader(
      (ids: number[]) => em.find(Meter, { serviceAccount: { $in: ids } }, { orderBy: [{ id: 'asc' }] }),
      (meter) => meter.serviceAccount.id,
    ),
    /** A meter's calibrations, newest first. */
    calibrationsByMeter: groupLoader(
      (ids: number[]) => em.find(MeterCalibration, { meter: { $in: ids } }, { orderBy: [{ meter: 'asc' }, { calibratedOn: 'desc' }, { id: 'desc' }] }),
      (calibration) => calibration.meter.id,
    ),
    /** A meter's readings, newest first. */
    readingsByMeter: groupLoader(
      (ids: number[]) => em.find(MeterReading, { meter: { $in: ids } }, { orderBy: [{ meter: 'asc' }, { readOn: 'desc' }] }),
      (reading) => reading.meter.id,
    ),
    /** Consumption months of service accounts between two months ('YYYY-MM', inclusive). */
    accountConsumption: memo(
      (from, to) =>
        new DataLoader<number, ConsumptionMonthView[]>(async (ids) => {
          const rows = await em.execute<Array<{ id: number; month: string; quantity: string; unit: MeterUnit }>>(
            `select service_account_id as id, to_char(month, 'YYYY-MM') as month, quantity::text as quantity, unit
             from consumption_month where service_account_id = any(?::int[]) and month between ?::date and ?::date
             order by service_account_id, month`,
            [pgArray([...ids]), `${from}-01`, `${to}-01`],
          );
          return ids.map((id) => rows.filter((r) => r.id === id).map(({ month, quantity, unit }) => ({ month, quantity, unit })));
        }),
    ),
    /** Consumption months of customers (summed over their accounts, per unit). */
    customerConsumption: memo(
      (from, to) =>
        new DataLoader<number, CustomerConsumptionMonth[]>(async (ids) => {
          const rows = await em.execute<Array<{ id: number; month: string; unit: MeterUnit; quantity: string; accounts: number }>>(
            `select sa.customer_id as id, to_char(cm.month, 'YYYY-MM') as month, cm.unit, sum(cm.quantity)::text as quantity, count(*)::int as accounts
             from consumption_month cm join service_account sa on sa.id = cm.service_account_id
             where sa.customer_id = any(?::int[]) and cm.month between ?::date and ?::date
             group by sa.customer_id, cm.month, cm.unit
             order by sa.customer_id, cm.month, cm.unit`,
            [pgArray([...ids]), `${from}-01`, `${to}-01`],
          );
          return ids.map((id) => rows.filter((r) => r.id === id).map(({ month, unit, quantity, accounts }) => ({ month, unit, quantity, accounts })));
        }),
    ),
  };
}

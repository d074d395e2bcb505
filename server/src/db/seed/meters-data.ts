/**
 * Meters 计量仪表 of the demo data (modules/meters): one meter on every open
 * gas or power service account of a KEY or STRATEGIC customer supplied since
 * before September 2025, with monthly readings on each month's last day from
 * 2025-09-30 to 2026-10-31 (the month before BASE_DATE), so that consumption
 * is known from October 2025 to October 2026 and the daily scan can compare
 * October 2026 with October 2025 and with July–September 2026.
 *
 * - Gas follows a heating season (winter higher), power is flat; every month
 *   gets ±8 % noise. About 6 % of the meters swing in October 2026 (×1.6 or
 *   ×0.5), so the daily scan of November has CONSUMPTION_SWING alerts to show.
 * - Next calibration due days 周检 spread from 2 months before BASE_DATE to
 *   about 2 years after it: some are overdue, some due within 30 days; each
 *   meter has its last PASSED calibration one interval before its due day
 *   when that lies after installation.
 * - Registers are whole units (exact integers in JavaScript); consumption
 *   rows come from the module's own accountConsumption, so they equal what
 *   the server derives from the readings.
 * - Deterministic: its own PRNG, no clock; meters get explicit ids (the seed
 *   moves the sequence), readings and calibrations go in in a fixed order.
 */
import type { ClientBase } from 'pg';
import { chance, pick, randInt, type Rng } from './prng.js';
import { accountConsumption, monthEnd, shiftMonth } from '../../modules/meters/meter.consumption.js';

const FIRST_READING_MONTH = '2025-09';
const LAST_READING_MONTH = '2026-10';
const BASE_DAY = '2026-11-01';

const GAS_MODELS = ['罗茨流量计 G100', '罗茨流量计 G160', '涡轮流量计 TBQM-80', '超声波流量计 UGM-100', '膜式燃气表 G25 (IC卡)'];
const POWER_MODELS = ['三相四线智能电能表 DTZ341', '三相智能电能表 DTSD341', '高压计量柜电能表 DSZ331'];
/** Share of a normal month's gas use, January first: a heating season. */
const GAS_SEASON = [1.25, 1.2, 1.05, 0.95, 0.9, 0.88, 0.88, 0.9, 0.95, 1.0, 1.1, 1.22];

const INSERT_METERS = `
  insert into meter (id, service_account_id, model, serial, unit, installed_on, calibration_interval_months, next_calibration_due, created_at)
  select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::date[], $7::int[], $8::date[], $9::timestamptz[])`;
const INSERT_READINGS = `
  insert into meter_reading (meter_id, read_on, value, source, recorded_at)
  select * from unnest($1::int[], $2::date[], $3::numeric[], $4::text[], $5::timestamptz[])`;
const INSERT_CALIBRATIONS = `
  insert into meter_calibration (meter_id, calibrated_on, result, certificate_reference, next_due_after, created_at)
  select * from unnest($1::int[], $2::date[], $3::text[], $4::text[], $5::date[], $6::timestamptz[])`;
const INSERT_CONSUMPTION = `
  insert into consumption_month (service_account_id, month, quantity, unit)
  select * from unnest($1::int[], $2::date[], $3::numeric[], $4::text[])`;

function addDaysTo(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function addMonthsTo(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export interface MeterSeedCounts {
  meters: number;
  meterReadings: number;
}

export async function seedMeters(client: ClientBase, rng: Rng): Promise<MeterSeedCounts> {
  const { rows: accounts } = await client.query<{ id: number; utility: 'GAS' | 'POWER'; tier: string; openedOn: string | null }>(
    `select sa.id, sa.utility, c.tier, to_char(sa.opened_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "openedOn"
     from service_account sa join customer c on c.id = sa.customer_id
     where c.tier in ('KEY', 'STRATEGIC') and sa.utility in ('GAS', 'POWER') and sa.status <> 'CLOSED'
       and (sa.opened_at is null or sa.opened_at < '2025-09-01T00:00:00+08:00')
     order by sa.id`,
  );
  const meters = { id: [] as number[], account: [] as number[], model: [] as string[], serial: [] as string[], unit: [] as string[], installedOn: [] as string[], interval: [] as number[], due: [] as string[], createdAt: [] as string[] };
  const readings = { meter: [] as number[], day: [] as string[], value: [] as string[], source: [] as string[], at: [] as string[] };
  const calibrations = { meter: [] as number[], day: [] as string[], result: [] as string[], certificate: [] as string[], next: [] as string[], at: [] as string[] };
  const consumption = { account: [] as number[], month: [] as string[], quantity: [] as string[], unit: [] as string[] };

  for (const [index, account] of accounts.entries()) {
    const id = index + 1;
    const gas = account.utility === 'GAS';
    const unit = gas ? 'M3' : 'KWH';
    const interval = gas ? 24 : 48;
    const installedOn = account.openedOn && account.openedOn < '2025-09-01' ? account.openedOn : addDaysTo('2025-09-01', -randInt(rng, 30, 1500));
    const due = addDaysTo(BASE_DAY, randInt(rng, -60, 720));
    meters.id.push(id);
    meters.account.push(account.id);
    meters.model.push(pick(rng, gas ? GAS_MODELS : POWER_MODELS));
    meters.serial.push(`${gas ? 'RQ' : 'DB'}${String(account.id).padStart(10, '0')}`);
    meters.unit.push(unit);
    meters.installedOn.push(installedOn);
    meters.interval.push(interval);
    meters.due.push(due);
    meters.createdAt.push(`${installedOn}T10:00:00+08:00`);

    const calibratedOn = addMonthsTo(due, -interval);
    if (calibratedOn > installedOn && calibratedOn < BASE_DAY) {
      calibrations.meter.push(id);
      calibrations.day.push(calibratedOn);
      calibrations.result.push('PASSED');
      calibrations.certificate.push(`JD${calibratedOn.slice(0, 4)}-${String(100000 + id).slice(1)}`);
      calibrations.next.push(due);
      calibrations.at.push(`${calibratedOn}T16:00:00+08:00`);
    }

    // A normal month: gas 20k–200k m³ (strategic up to 600k), power 100k–1M kWh (strategic up to 3M).
    const scale = account.tier === 'STRATEGIC' ? 3 : 1;
    const normal = gas ? randInt(rng, 20_000, 200_000 * scale) : randInt(rng, 100_000, 1_000_000 * scale);
    const swing = chance(rng, 0.06) ? (chance(rng, 0.5) ? 1.6 : 0.5) : 1;
    const amr = chance(rng, 0.6);
    let register = randInt(rng, 10_000, 9_000_000);
    const series: Array<{ day: string; value: string }> = [];
    for (let month = FIRST_READING_MONTH; month <= LAST_READING_MONTH; month = shiftMonth(month, 1)) {
      if (month !== FIRST_READING_MONTH) {
        const season = gas ? GAS_SEASON[Number(month.slice(5)) - 1]! : 1;
        const noise = 0.92 + 0.16 * rng();
        register += Math.round(normal * season * noise * (month === LAST_READING_MONTH ? swing : 1));
      }
      const day = monthEnd(month);
      series.push({ day, value: String(register) });
      readings.meter.push(id);
      readings.day.push(day);
      readings.value.push(String(register));
      readings.source.push(amr ? 'AMR' : 'MANUAL');
      readings.at.push(`${addDaysTo(day, 1)}T09:00:00+08:00`);
    }
    for (const [month, quantity] of accountConsumption([{ readings: series, removedOn: null }])) {
      consumption.account.push(account.id);
      consumption.month.push(`${month}-01`);
      consumption.quantity.push(quantity);
      consumption.unit.push(unit);
    }
  }

  if (meters.id.length) {
    await client.query(INSERT_METERS, [meters.id, meters.account, meters.model, meters.serial, meters.unit, meters.installedOn, meters.interval, meters.due, meters.createdAt]);
    await client.query(INSERT_READINGS, [readings.meter, readings.day, readings.value, readings.source, readings.at]);
    await client.query(INSERT_CALIBRATIONS, [calibrations.meter, calibrations.day, calibrations.result, calibrations.certificate, calibrations.next, calibrations.at]);
    await client.query(INSERT_CONSUMPTION, [consumption.account, consumption.month, consumption.quantity, consumption.unit]);
  }
  return { meters: meters.id.length, meterReadings: readings.meter.length };
}

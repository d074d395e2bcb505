/**
 * Meters 计量仪表, their calibration 周检 and readings 抄表 (issue 8 items 1–2;
 * DOMAIN.md "Facilities and safety"; seed 003 (3)③ 重点加强计量仪表的管理 …
 * 建立计量仪表周检档案, 作好送检、替换表使用记录; (4) 换表…气表止数).
 *
 * Rules:
 * - A meter is installed on a service account that is not CLOSED, with a
 *   serial unique in the company (CONFLICT otherwise), a calibration interval
 *   of 1–120 months and an initial register reading taken on the install day
 *   (not in the future). Its first due date is given, or install day + interval.
 *   Its unit follows the account's utility (POWER/ENERGY_SERVICES kWh, GAS m³,
 *   HEAT GJ, FUEL t).
 * - Removing a meter (换表/拆表) takes its final reading on the removal day;
 *   a replacement is a removal and a new meter, whose register may start
 *   anywhere — only readings of the SAME meter must not go down.
 * - A calibration 检定 is dated (not before the install day, not before the
 *   previous calibration, not in the future) on a meter in service; PASSED
 *   and ADJUSTED move the next due date to calibration day + interval,
 *   FAILED leaves it (the meter stays due until replaced or re-calibrated).
 * - calibrationStatus against today (company time zone): OVERDUE when the
 *   due day has passed, DUE_SOON when it is today or within
 *   CALIBRATION_DUE_SOON_DAYS (GRIDLINE_CALIBRATION_DUE_SOON_DAYS, default 30)
 *   days, OK after that. Removed meters have none.
 * - A reading: not in the future, not before the install day, not after a
 *   removal; not before the meter's latest reading and not lower than its
 *   value; one per meter and day — the same (meter, day, value) again is a
 *   DUPLICATE answered with the stored reading (partner retries are safe),
 *   another value on that day is CONFLICT. Refused readings write nothing.
 * - Every write refreshes the account's consumption_month rows
 *   (meter.consumption.ts) and calls recordCustomerChange, in one transaction.
 */
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal } from 'decimal.js';
import { recordCustomerChange } from '../../events/customer-change.js';
import type { DomainEventKind } from '../../events/domain-events.js';
import type { AppError } from '../../graphql/errors.js';
import { addDays, isCalendarDate, todayIn } from '../../calendar.js';
import type { Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { Utility } from '../customers/customer.enums.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount, ServiceAccountStatus } from '../service-accounts/service-account.entity.js';
import { serviceAccountScopeFilter } from '../service-accounts/service-account.service.js';
import { normaliseQuantity } from './dto/quantity.scalar.js';
import { refreshConsumption } from './meter.consumption.js';
import { CalibrationResult, CalibrationStatus, Meter, MeterCalibration, MeterReading, MeterUnit, ReadingSource } from './meter.entity.js';
import { MeterErrors as E } from './meter.errors.js';
import { intFromEnv } from '../../config.js';

/** Days before the due date from which a meter is DUE_SOON. */
export const CALIBRATION_DUE_SOON_DAYS = intFromEnv('GRIDLINE_CALIBRATION_DUE_SOON_DAYS', 30);
export const MAX_READINGS_PER_BATCH = 500;
const QUANTITY = /^(0|[1-9][0-9]{0,10})(\.[0-9]{1,3})?$/;

export const UNIT_BY_UTILITY: Record<Utility, MeterUnit> = {
  [Utility.POWER]: MeterUnit.KWH,
  [Utility.ENERGY_SERVICES]: MeterUnit.KWH,
  [Utility.GAS]: MeterUnit.M3,
  [Utility.HEAT]: MeterUnit.GJ,
  [Utility.FUEL]: MeterUnit.T,
};

/** The same day `months` later, clamped to the month's end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export function calibrationStatusOf(meter: Pick<Meter, 'nextCalibrationDue' | 'removedOn'>, today = todayIn(), window = CALIBRATION_DUE_SOON_DAYS): CalibrationStatus | null {
  if (meter.removedOn) return null;
  if (meter.nextCalibrationDue < today) return CalibrationStatus.OVERDUE;
  if (meter.nextCalibrationDue <= addDays(today, window)) return CalibrationStatus.DUE_SOON;
  return CalibrationStatus.OK;
}

/** The meters a scope may see: those of the service accounts (customers) it may see. */
export function meterScopeFilter(scope: DataScope): FilterQuery<Meter> {
  return { serviceAccount: serviceAccountScopeFilter(scope) } as FilterQuery<Meter>;
}

export interface NewMeter {
  serviceAccountId: number;
  model: string;
  serial: string;
  installedOn: string;
  calibrationIntervalMonths: number;
  nextCalibrationDue: string | null;
  initialReading: string;
}

export interface NewCalibration {
  meterId: number;
  calibratedOn: string;
  result: CalibrationResult;
  certificateReference: string;
  note: string | null;
}

export interface NewReading {
  /** One of meterId and serial names the meter. */
  meterId: number | null;
  serial: string | null;
  readOn: string;
  value: string;
  source: ReadingSource;
}

export type ReadingOutcome =
  | { index: number; status: 'CREATED' | 'DUPLICATE'; reading: MeterReading; error: null }
  | { index: number; status: 'REJECTED'; reading: null; error: AppError };

export interface MeterQuery {
  first: number;
  /** Keyset [nextCalibrationDue, id] of the last row seen. */
  after?: unknown[] | null;
  serviceAccountId?: number | null;
  customerId?: number | null;
  orgUnitId?: number | null;
  /** Due on or before this day. */
  calibrationDueBefore?: string | null;
  calibrationStatuses?: CalibrationStatus[] | null;
  includeRemoved?: boolean | null;
}

export class MeterService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Installs a meter 装表 with its initial reading. */
  async install(data: NewMeter): Promise<Meter> {
    const today = todayIn();
    const model = data.model.trim();
    const serial = data.serial.trim();
    if (!model) throw E.bad('model', 'must not be empty');
    if (!/^[A-Za-z0-9-]{4,40}$/.test(serial)) throw E.bad('serial', 'must be 4–40 letters, digits or dashes');
    if (data.installedOn > today) throw E.bad('installedOn', `must not be in the future (today is ${today})`);
    if (!Number.isInteger(data.calibrationIntervalMonths) || data.calibrationIntervalMonths < 1 || data.calibrationIntervalMonths > 120) {
      throw E.bad('calibrationIntervalMonths', 'must be a whole number from 1 to 120');
    }
    if (data.nextCalibrationDue !== null && data.nextCalibrationDue < data.installedOn) throw E.bad('nextCalibrationDue', 'must not be before installedOn');
    if (!QUANTITY.test(data.initialReading)) throw E.bad('initialReading', 'must not be negative');
    try {
      return await this.em.transactional(async (em) => {
        const visible = await em.findOne(ServiceAccount, { $and: [{ id: data.serviceAccountId }, serviceAccountScopeFilter(this.scope)] }, { fields: ['id'] });
        const account = visible && (await em.findOne(ServiceAccount, { id: visible.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }));
        if (!account) throw E.accountNotFound();
        if (account.status === ServiceAccountStatus.CLOSED) throw E.bad('serviceAccountId', 'is closed 销户: no meter can be installed');
        if (await em.count(Meter, { serial })) throw E.serialTaken();
        const meter = em.create(Meter, {
          serviceAccount: account,
          model,
          serial,
          unit: UNIT_BY_UTILITY[account.utility],
          installedOn: data.installedOn,
          calibrationIntervalMonths: data.calibrationIntervalMonths,
          nextCalibrationDue: data.nextCalibrationDue ?? addMonths(data.installedOn, data.calibrationIntervalMonths),
          installedBy: this.userRef(em),
        });
        em.create(MeterReading, { meter, readOn: data.installedOn, value: normaliseQuantity(data.initialReading), source: ReadingSource.MANUAL, recordedBy: this.userRef(em) });
        await em.flush();
        await refreshConsumption(em, [account.id], () => meter.unit);
        await this.record(em, account, meter, 'meter.install', 'meter.installed', null, {
          serial, model, unit: meter.unit, installedOn: meter.installedOn, nextCalibrationDue: meter.nextCalibrationDue, initialReading: normaliseQuantity(data.initialReading),
        });
        return meter;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw E.serialTaken();
      throw error;
    }
  }

  /** Removes a meter 拆表 with its final reading on the removal day. */
  async remove(meterId: number, removedOn: string, finalReading: string, reason: string): Promise<Meter> {
    const today = todayIn();
    const why = reason.trim();
    if (!why) throw E.bad('reason', 'must not be empty');
    if (removedOn > today) throw E.bad('removedOn', `must not be in the future (today is ${today})`);
    if (!QUANTITY.test(finalReading)) throw E.bad('finalReading', 'must not be negative');
    return this.em.transactional(async (em) => {
      const { meter, account } = await this.lockMeter(em, meterId, 'meterId');
      if (removedOn < meter.installedOn) throw E.bad('removedOn', `must not be before the meter was installed (${meter.installedOn})`);
      const latest = await em.findOneOrFail(MeterReading, { meter: meter.id }, { orderBy: { readOn: 'desc' } });
      const value = normaliseQuantity(finalReading);
      if (removedOn < latest.readOn) throw E.bad('removedOn', `must not be before the latest reading (${latest.readOn})`);
      if (new Decimal(value).lessThan(latest.value)) throw E.bad('finalReading', `must not be lower than the latest reading ${normaliseQuantity(latest.value)} (${latest.readOn})`);
      if (removedOn === latest.readOn && !new Decimal(value).equals(latest.value)) throw E.readingClash('finalReading', removedOn, normaliseQuantity(latest.value));
      if (removedOn !== latest.readOn) {
        em.create(MeterReading, { meter, readOn: removedOn, value, source: ReadingSource.MANUAL, recordedBy: this.userRef(em) });
      }
      meter.removedOn = removedOn;
      meter.removalReason = why;
      await em.flush();
      await refreshConsumption(em, [account.id], () => meter.unit);
      await this.record(em, account, meter, 'meter.remove', 'meter.removed', { removedOn: null }, { removedOn, finalReading: value, reason: why });
      return meter;
    });
  }

  /** Records a calibration 检定; PASSED/ADJUSTED move the next due date on by the interval. */
  async recordCalibration(data: NewCalibration): Promise<MeterCalibration> {
    const today = todayIn();
    const certificate = data.certificateReference.trim();
    if (!certificate) throw E.bad('certificateReference', 'must not be empty');
    if (data.calibratedOn > today) throw E.bad('calibratedOn', `must not be in the future (today is ${today})`);
    return this.em.transactional(async (em) => {
      const { meter, account } = await this.lockMeter(em, data.meterId, 'meterId');
      if (data.calibratedOn < meter.installedOn) throw E.bad('calibratedOn', `must not be before the meter was installed (${meter.installedOn})`);
      const previous = await em.findOne(MeterCalibration, { meter: meter.id }, { orderBy: { calibratedOn: 'desc', id: 'desc' } });
      if (previous && data.calibratedOn < previous.calibratedOn) throw E.bad('calibratedOn', `must not be before the previous calibration (${previous.calibratedOn})`);
      const before = meter.nextCalibrationDue;
      if (data.result !== CalibrationResult.FAILED) meter.nextCalibrationDue = addMonths(data.calibratedOn, meter.calibrationIntervalMonths);
      const calibration = em.create(MeterCalibration, {
        meter,
        calibratedOn: data.calibratedOn,
        result: data.result,
        certificateReference: certificate,
        note: data.note?.trim() || null,
        nextDueAfter: meter.nextCalibrationDue,
        calibratedBy: this.userRef(em),
      });
      await em.flush();
      await this.record(em, account, meter, 'meter.calibrate', 'meter.calibrated', { nextCalibrationDue: before }, {
        calibrationId: calibration.id, calibratedOn: data.calibratedOn, result: data.result, certificateReference: certificate, nextCalibrationDue: meter.nextCalibrationDue,
      });
      return calibration;
    });
  }

  /** One reading; a refused one throws its error and writes nothing. */
  async recordReading(item: NewReading): Promise<{ reading: MeterReading; duplicate: boolean }> {
    const [outcome] = await this.recordReadings([item], '');
    if (outcome!.status === 'REJECTED') throw outcome!.error;
    return { reading: outcome!.reading, duplicate: outcome!.status === 'DUPLICATE' };
  }

  /**
   * A batch of readings (partner AMR / billing systems): each item is
   * CREATED, a DUPLICATE of a stored reading (same meter, day and value) or
   * REJECTED with its error; the accepted ones commit together. Items are
   * judged in order, so a batch may carry several days of one meter.
   */
  async recordReadings(items: NewReading[], prefix = 'readings'): Promise<ReadingOutcome[]> {
    if (items.length === 0 || items.length > MAX_READINGS_PER_BATCH) throw E.bad(prefix || 'readings', `must hold 1 to ${MAX_READINGS_PER_BATCH} readings`);
    const today = todayIn();
    const at = (index: number, field: string) => (prefix ? `${prefix}.${index}.${field}` : field);
    return this.em.transactional(async (em) => {
      const ids = [...new Set(items.flatMap((i) => (i.meterId !== null ? [i.meterId] : [])))];
      const serials = [...new Set(items.flatMap((i) => (i.serial !== null ? [i.serial.trim()] : [])))];
      // Scoped first, then locked by id alone: a FOR UPDATE over the scope's joins would lock customers and org units too.
      const visible = await em.find(Meter, { $and: [{ $or: [{ id: { $in: ids } }, { serial: { $in: serials } }] }, meterScopeFilter(this.scope)] }, { fields: ['id'] });
      const meters = visible.length
        ? await em.find(Meter, { id: { $in: visible.map((m) => m.id) } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true })
        : [];
      const byId = new Map(meters.map((m) => [m.id, m]));
      const bySerial = new Map(meters.map((m) => [m.serial, m]));
      const meterIds = meters.map((m) => m.id);
      const latest = new Map<number, { readOn: string; value: string }>();
      const stored = new Map<string, MeterReading>();
      if (meterIds.length) {
        const days = [...new Set(items.map((i) => i.readOn).filter(isCalendarDate))];
        const existing = days.length ? await em.find(MeterReading, { meter: { $in: meterIds }, readOn: { $in: days } }) : [];
        for (const r of existing) stored.set(`${r.meter.id}:${r.readOn}`, r);
        const rows = await em.execute<Array<{ meterId: number; readOn: string; value: string }>>(
          `select distinct on (meter_id) meter_id as "meterId", to_char(read_on, 'YYYY-MM-DD') as "readOn", value::text as value
           from meter_reading where meter_id = any(?::int[]) order by meter_id, read_on desc`,
          [`{${meterIds.join(',')}}`],
        );
        for (const row of rows) latest.set(row.meterId, { readOn: row.readOn, value: row.value });
      }
      const outcomes: Array<ReadingOutcome | { index: number; status: 'PENDING'; reading: MeterReading; error: null }> = [];
      const touched = new Map<number, { account: number; meter: Meter }>();
      for (const [index, item] of items.entries()) {
        const refuse = (error: AppError) => outcomes.push({ index, status: 'REJECTED', reading: null, error });
        const bad = (field: string, message: string) => refuse(E.bad(at(index, field), message));
        if ((item.meterId === null) === (item.serial === null)) {
          bad('meterId', 'name the meter by exactly one of meterId and serial');
          continue;
        }
        const meter = item.meterId !== null ? byId.get(item.meterId) : bySerial.get(item.serial!.trim());
        if (!meter) {
          refuse(E.meterNotFound(at(index, item.meterId !== null ? 'meterId' : 'serial')));
          continue;
        }
        if (!isCalendarDate(item.readOn)) {
          bad('readOn', 'must be a calendar date written YYYY-MM-DD');
          continue;
        }
        if (!QUANTITY.test(item.value)) {
          bad('value', 'must be a register value, not negative, with at most 3 decimals');
          continue;
        }
        const value = normaliseQuantity(item.value);
        const same = stored.get(`${meter.id}:${item.readOn}`);
        if (same) {
          if (new Decimal(same.value).equals(value)) outcomes.push({ index, status: 'DUPLICATE', reading: same, error: null });
          else refuse(E.readingClash(at(index, 'value'), item.readOn, normaliseQuantity(same.value)));
          continue;
        }
        if (item.readOn > today) {
          bad('readOn', `must not be in the future (today is ${today})`);
          continue;
        }
        if (meter.removedOn) {
          refuse(E.removed(at(index, item.meterId !== null ? 'meterId' : 'serial'), meter.removedOn));
          continue;
        }
        if (item.readOn < meter.installedOn) {
          bad('readOn', `must not be before the meter was installed (${meter.installedOn})`);
          continue;
        }
        const last = latest.get(meter.id);
        if (last && item.readOn < last.readOn) {
          bad('readOn', `must not be before the previous reading (${last.readOn})`);
          continue;
        }
        if (last && new Decimal(value).lessThan(last.value)) {
          bad('value', `must not be lower than the previous reading ${normaliseQuantity(last.value)} (${last.readOn}); a replaced meter is a new meter (removeMeter, installMeter)`);
          continue;
        }
        const reading = em.create(MeterReading, { meter, readOn: item.readOn, value, source: item.source, recordedBy: this.userRef(em) });
        stored.set(`${meter.id}:${item.readOn}`, reading);
        latest.set(meter.id, { readOn: item.readOn, value });
        touched.set(meter.id, { account: meter.serviceAccount.id, meter });
        outcomes.push({ index, status: 'PENDING', reading, error: null });
      }
      if (touched.size) {
        await em.flush();
        const accountIds = [...new Set([...touched.values()].map((t) => t.account))];
        const accounts = await em.find(ServiceAccount, { id: { $in: accountIds } }, { orderBy: { id: 'asc' } });
        const unitOf = new Map([...touched.values()].map((t) => [t.account, t.meter.unit]));
        await refreshConsumption(em, accountIds, (id) => unitOf.get(id)!);
        for (const account of accounts) {
          const readings = outcomes.filter((o) => o.status === 'PENDING' && touched.get(o.reading.meter.id)?.account === account.id);
          const customer = await em.findOneOrFail(Customer, { id: account.customer.id });
          await recordCustomerChange(em, this.actor, customer, {
            action: 'meter_reading.record',
            entityType: 'ServiceAccount',
            entityId: account.id,
            before: null,
            after: { readings: readings.map((o) => ({ readingId: o.reading!.id, meterId: o.reading!.meter.id, readOn: o.reading!.readOn, value: o.reading!.value, source: o.reading!.source })) },
            kind: 'meter.readings_recorded',
            changedFields: ['consumption'],
            payload: { serviceAccountId: account.id, readingIds: readings.map((o) => o.reading!.id) },
          });
        }
      }
      return outcomes.map((o) => (o.status === 'PENDING' ? { ...o, status: 'CREATED' as const } : o));
    });
  }

  /** Meters of what the viewer may see, most urgent calibration first; `first + 1` rows and the total. */
  async list(query: MeterQuery): Promise<{ rows: Meter[]; totalCount: number }> {
    const today = todayIn();
    const conditions: FilterQuery<Meter>[] = [meterScopeFilter(this.scope)];
    if (!query.includeRemoved || query.calibrationStatuses?.length) conditions.push({ removedOn: null });
    if (query.serviceAccountId) conditions.push({ serviceAccount: query.serviceAccountId });
    if (query.customerId) conditions.push({ serviceAccount: { customer: query.customerId } } as FilterQuery<Meter>);
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      conditions.push({ serviceAccount: { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } } as FilterQuery<Meter>);
    }
    if (query.calibrationDueBefore) conditions.push({ nextCalibrationDue: { $lte: query.calibrationDueBefore } });
    if (query.calibrationStatuses?.length) {
      const soon = addDays(today, CALIBRATION_DUE_SOON_DAYS);
      const ranges: Record<CalibrationStatus, FilterQuery<Meter>> = {
        [CalibrationStatus.OVERDUE]: { nextCalibrationDue: { $lt: today } },
        [CalibrationStatus.DUE_SOON]: { nextCalibrationDue: { $gte: today, $lte: soon } },
        [CalibrationStatus.OK]: { nextCalibrationDue: { $gt: soon } },
      };
      conditions.push({ $or: query.calibrationStatuses.map((s) => ranges[s]) });
    }
    const where: FilterQuery<Meter> = { $and: conditions };
    const page: FilterQuery<Meter> = query.after
      ? {
          $and: [
            ...conditions,
            { $or: [{ nextCalibrationDue: { $gt: query.after[0] as string } }, { nextCalibrationDue: query.after[0] as string, id: { $gt: query.after[1] as number } }] },
          ],
        }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Meter, page, { orderBy: [{ nextCalibrationDue: 'asc' }, { id: 'asc' }], limit: query.first + 1 }),
      this.em.count(Meter, where),
    ]);
    return { rows, totalCount };
  }

  /** A meter the viewer may see, locked, with its account; a removed one is CONFLICT. */
  private async lockMeter(em: EntityManager, meterId: number, field: string): Promise<{ meter: Meter; account: ServiceAccount }> {
    // Scoped first, then locked by id alone (see recordReadings).
    const visible = await em.findOne(Meter, { $and: [{ id: meterId }, meterScopeFilter(this.scope)] }, { fields: ['id'] });
    const meter = visible && (await em.findOne(Meter, { id: visible.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }));
    if (!meter) throw E.meterNotFound(field);
    if (meter.removedOn) throw E.removed(field, meter.removedOn);
    const account = await em.findOneOrFail(ServiceAccount, { id: meter.serviceAccount.id });
    return { meter, account };
  }

  private userRef(em: EntityManager): User | null {
    return this.actor.userId ? em.getReference(User, this.actor.userId) : null;
  }

  private async record(
    em: EntityManager,
    account: ServiceAccount,
    meter: Meter,
    action: string,
    kind: DomainEventKind,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    const customer = await em.findOneOrFail(Customer, { id: account.customer.id });
    await recordCustomerChange(em, this.actor, customer, {
      action,
      entityType: 'Meter',
      entityId: meter.id,
      before,
      after,
      kind,
      changedFields: ['meters'],
      payload: { meterId: meter.id, serviceAccountId: account.id },
    });
  }
}

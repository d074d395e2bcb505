/**
 * GraphQL API of meters 计量仪表, readings and consumption: thin mapping onto
 * MeterService and the swing thresholds. Reading needs customers:read;
 * installing, removing and calibrating need customers:write (staff in the
 * field); readings need meters:write (reps and collectors who read meters,
 * partner AMR 远传 and billing systems); the swing thresholds are the
 * admins' (consumption:configure).
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MAX_PAGE_SIZE, PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId, parseGlobalId } from '../../graphql/global-id.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { ServiceAccountErrors } from '../service-accounts/service-account.errors.js';
import { loadSwingThresholds, updateSwingThresholds } from './consumption-swings.js';
import {
  CalibrationStatus,
  ConsumptionMonthView,
  CustomerConsumptionMonth,
  Meter,
  MeterCalibration,
  MeterReading,
  SwingThresholdView,
} from './meter.entity.js';
import { MeterErrors } from './meter.errors.js';
import { MeterService, calibrationStatusOf, type NewReading } from './meter.service.js';
import {
  InstallMeterInput,
  InstallMeterPayload,
  MAX_MONTHS,
  MONTH_PATTERN,
  MeterConnection,
  MeterFilter,
  RecordCalibrationInput,
  RecordCalibrationPayload,
  RecordMeterReadingInput,
  RecordMeterReadingPayload,
  RecordMeterReadingsInput,
  RecordMeterReadingsPayload,
  ReadingItemStatus,
  RemoveMeterInput,
  RemoveMeterPayload,
  UpdateConsumptionSwingThresholdsInput,
  UpdateConsumptionSwingThresholdsPayload,
} from './dto/meter.inputs.js';
import './meter.timeline.js';

function service(ctx: Context): MeterService {
  return new MeterService(ctx.em, ctx.scope(), ctx.actor());
}

/** A checked month range: from ≤ to, at most MAX_MONTHS months. */
function monthRange(from: string, to: string): { from: string; to: string } {
  if (!MONTH_PATTERN.test(from)) throw MeterErrors.bad('from', 'must be a month written YYYY-MM');
  if (!MONTH_PATTERN.test(to)) throw MeterErrors.bad('to', 'must be a month written YYYY-MM');
  if (to < from) throw MeterErrors.bad('to', 'must not be before from');
  const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
  if (span > MAX_MONTHS) throw MeterErrors.bad('to', `must be at most ${MAX_MONTHS} months after from`);
  return { from, to };
}

const FROM_DESCRIPTION = 'First month, YYYY-MM (inclusive).';
const TO_DESCRIPTION = `Last month, YYYY-MM (inclusive); at most ${MAX_MONTHS} months after from.`;

@Resolver(() => Meter)
export class MeterResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => MeterConnection, { description: 'Meters 计量仪表 of the service accounts you may see, the most urgent calibration 周检 first (next due date, then id).' })
  async meters(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => MeterFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: MeterFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).list({
      first,
      after: after ? decodeCursor(after, ['string', 'number']) : null,
      serviceAccountId: filter?.serviceAccountId ? decodeId(filter.serviceAccountId, 'ServiceAccount', 'filter.serviceAccountId') : null,
      customerId: filter?.customerId ? decodeId(filter.customerId, 'Customer', 'filter.customerId') : null,
      orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
      calibrationDueBefore: filter?.calibrationDueBefore ?? null,
      calibrationStatuses: filter?.calibrationStatuses ?? null,
      includeRemoved: filter?.includeRemoved ?? false,
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.nextCalibrationDue, row.id]);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => InstallMeterPayload, { description: 'Installs a meter 装表 on a service account with its initial reading; a serial already in use is CONFLICT.' })
  async installMeter(@Arg('input', () => InstallMeterInput, { description: 'The meter.' }) input: InstallMeterInput, @Ctx() ctx: Context): Promise<InstallMeterPayload> {
    const meter = await service(ctx).install({
      serviceAccountId: decodeId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
      model: input.model,
      serial: input.serial,
      installedOn: input.installedOn,
      calibrationIntervalMonths: input.calibrationIntervalMonths,
      nextCalibrationDue: input.nextCalibrationDue ?? null,
      initialReading: input.initialReading,
    });
    return { meter, serviceAccount: meter.serviceAccount as ServiceAccount };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => RemoveMeterPayload, { description: 'Removes a meter 拆表 with its final reading, e.g. to replace it 换表 (then install the new one).' })
  async removeMeter(@Arg('input', () => RemoveMeterInput, { description: 'Which meter, when and why.' }) input: RemoveMeterInput, @Ctx() ctx: Context): Promise<RemoveMeterPayload> {
    return { meter: await service(ctx).remove(decodeId(input.meterId, 'Meter', 'meterId'), input.removedOn, input.finalReading, input.reason) };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => RecordCalibrationPayload, { description: 'Records a calibration 计量检定 of a meter; PASSED and ADJUSTED move its next due date 周检 on by the interval.' })
  async recordCalibration(
    @Arg('input', () => RecordCalibrationInput, { description: 'The calibration.' }) input: RecordCalibrationInput,
    @Ctx() ctx: Context,
  ): Promise<RecordCalibrationPayload> {
    const calibration = await service(ctx).recordCalibration({
      meterId: decodeId(input.meterId, 'Meter', 'meterId'),
      calibratedOn: input.calibratedOn,
      result: input.result,
      certificateReference: input.certificateReference,
      note: input.note ?? null,
    });
    return { calibration, meter: calibration.meter as Meter };
  }

  @Authorized(ApiKeyScope.METERS_WRITE)
  @Mutation(() => RecordMeterReadingPayload, {
    description: 'Records one meter reading 抄表; a lower value, an earlier day than the latest reading or another value on a day already read is refused and writes nothing. The same meter, day and value again is a duplicate.',
  })
  async recordMeterReading(
    @Arg('input', () => RecordMeterReadingInput, { description: 'The reading.' }) input: RecordMeterReadingInput,
    @Ctx() ctx: Context,
  ): Promise<RecordMeterReadingPayload> {
    return service(ctx).recordReading({
      meterId: decodeId(input.meterId, 'Meter', 'meterId'),
      serial: null,
      readOn: input.readOn,
      value: input.value,
      source: input.source,
    });
  }

  @Authorized(ApiKeyScope.METERS_WRITE)
  @Mutation(() => RecordMeterReadingsPayload, {
    description: 'Records a batch of readings from a partner system (AMR 远传, billing system), each CREATED, DUPLICATE (same meter, day and value: a safe retry) or REJECTED with its error.',
  })
  async recordMeterReadings(
    @Arg('input', () => RecordMeterReadingsInput, { description: 'The readings.' }) input: RecordMeterReadingsInput,
    @Ctx() ctx: Context,
  ): Promise<RecordMeterReadingsPayload> {
    const items: NewReading[] = input.readings.map((r) => {
      const parsed = r.meterId ? parseGlobalId(r.meterId) : null;
      // A malformed meter ID matches no meter: the item is refused as NOT_FOUND, the rest go on.
      return { meterId: r.meterId ? (parsed?.type === 'Meter' ? parsed.id : 0) : null, serial: r.serial ?? null, readOn: r.readOn, value: r.value, source: r.source };
    });
    const outcomes = await service(ctx).recordReadings(items);
    const results = outcomes.map((o) => ({
      index: o.index,
      status: ReadingItemStatus[o.status],
      reading: o.reading,
      error: o.error ? { code: o.error.code, message: o.error.message, fields: o.error.fields } : null,
    }));
    return {
      results,
      createdCount: results.filter((r) => r.status === ReadingItemStatus.CREATED).length,
      duplicateCount: results.filter((r) => r.status === ReadingItemStatus.DUPLICATE).length,
      rejectedCount: results.filter((r) => r.status === ReadingItemStatus.REJECTED).length,
    };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => [SwingThresholdView], { description: 'Consumption swing thresholds 用量波动阈值 per customer tier, used by the daily scan.' })
  consumptionSwingThresholds(@Ctx() ctx: Context): Promise<SwingThresholdView[]> {
    return loadSwingThresholds(ctx.em);
  }

  @Authorized(StaffPermission.CONSUMPTION_CONFIGURE)
  @Mutation(() => UpdateConsumptionSwingThresholdsPayload, { description: 'Sets the consumption swing thresholds of some tiers (admins); audited.' })
  async updateConsumptionSwingThresholds(
    @Arg('input', () => UpdateConsumptionSwingThresholdsInput, { description: 'The tiers and their percent.' }) input: UpdateConsumptionSwingThresholdsInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateConsumptionSwingThresholdsPayload> {
    return { thresholds: await updateSwingThresholds(ctx.em, ctx.actor(), input.thresholds.map((t) => ({ tier: t.tier, percent: t.percent }))) };
  }

  @FieldResolver(() => ServiceAccount, { description: 'The service account 户号 it measures.' })
  async serviceAccount(@Root() meter: Meter, @Ctx() ctx: Context): Promise<ServiceAccount> {
    const account = await ctx.loaders.serviceAccount.load(meter.serviceAccount.id);
    if (!account) throw ServiceAccountErrors.notFound();
    return account;
  }

  @FieldResolver(() => CalibrationStatus, { nullable: true, description: 'OK, DUE_SOON (due today or within 30 days) or OVERDUE, against today in the company time zone; null once removed.' })
  calibrationStatus(@Root() meter: Meter): CalibrationStatus | null {
    return calibrationStatusOf(meter);
  }

  @FieldResolver(() => [MeterCalibration], { description: 'Its calibration history 检定记录, newest first.' })
  calibrations(@Root() meter: Meter, @Ctx() ctx: Context): Promise<MeterCalibration[]> {
    return ctx.loaders.calibrationsByMeter.load(meter.id);
  }

  @FieldResolver(() => [MeterReading], { description: 'Its readings, newest first.' })
  async readings(
    @Root() meter: Meter,
    @Arg('last', () => Int, { defaultValue: 24, description: `How many of the newest readings, 1 to ${MAX_PAGE_SIZE}.` }) last: number,
    @Ctx() ctx: Context,
  ): Promise<MeterReading[]> {
    if (!Number.isInteger(last) || last < 1 || last > MAX_PAGE_SIZE) throw MeterErrors.bad('last', `must be from 1 to ${MAX_PAGE_SIZE}`);
    return (await ctx.loaders.readingsByMeter.load(meter.id)).slice(0, last);
  }

  @FieldResolver(() => MeterReading, { nullable: true, description: 'Its latest reading.' })
  async latestReading(@Root() meter: Meter, @Ctx() ctx: Context): Promise<MeterReading | null> {
    return (await ctx.loaders.readingsByMeter.load(meter.id))[0] ?? null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who installed it; null for partner tools.' })
  installedBy(@Root() meter: Meter, @Ctx() ctx: Context): Promise<User | null> | null {
    return meter.installedBy ? ctx.loaders.user.load(meter.installedBy.id) : null;
  }
}

@Resolver(() => MeterCalibration)
export class MeterCalibrationResolver {
  @FieldResolver(() => Meter, { description: 'The meter calibrated.' })
  async meter(@Root() calibration: MeterCalibration, @Ctx() ctx: Context): Promise<Meter> {
    const meter = await ctx.loaders.meter.load(calibration.meter.id);
    if (!meter) throw MeterErrors.meterNotFound();
    return meter;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who recorded it; null for partner tools.' })
  calibratedBy(@Root() calibration: MeterCalibration, @Ctx() ctx: Context): Promise<User | null> | null {
    return calibration.calibratedBy ? ctx.loaders.user.load(calibration.calibratedBy.id) : null;
  }
}

@Resolver(() => MeterReading)
export class MeterReadingResolver {
  @FieldResolver(() => Meter, { description: 'The meter read.' })
  async meter(@Root() reading: MeterReading, @Ctx() ctx: Context): Promise<Meter> {
    const meter = await ctx.loaders.meter.load(reading.meter.id);
    if (!meter) throw MeterErrors.meterNotFound();
    return meter;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who recorded it; null for partner systems.' })
  recordedBy(@Root() reading: MeterReading, @Ctx() ctx: Context): Promise<User | null> | null {
    return reading.recordedBy ? ctx.loaders.user.load(reading.recordedBy.id) : null;
  }
}

@Resolver(() => ServiceAccount)
export class ServiceAccountMetersResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [Meter], { description: 'Its meters 计量仪表, in service and removed, in the order they were installed.' })
  meters(@Root() account: ServiceAccount, @Ctx() ctx: Context): Promise<Meter[]> {
    return ctx.loaders.metersByServiceAccount.load(account.id);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [ConsumptionMonthView], {
    description: 'Its consumption 用量 per calendar month from the meter readings (month-end registers, linearly interpolated between readings); months not yet known are left out.',
  })
  consumption(
    @Root() account: ServiceAccount,
    @Arg('from', () => String, { description: FROM_DESCRIPTION }) from: string,
    @Arg('to', () => String, { description: TO_DESCRIPTION }) to: string,
    @Ctx() ctx: Context,
  ): Promise<ConsumptionMonthView[]> {
    const range = monthRange(from, to);
    return ctx.loaders.accountConsumption(range.from, range.to).load(account.id);
  }
}

@Resolver(() => Customer)
export class CustomerConsumptionResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [CustomerConsumptionMonth], { description: 'Its consumption 用量 per calendar month and unit, summed over its service accounts 户号.' })
  consumption(
    @Root() customer: Customer,
    @Arg('from', () => String, { description: FROM_DESCRIPTION }) from: string,
    @Arg('to', () => String, { description: TO_DESCRIPTION }) to: string,
    @Ctx() ctx: Context,
  ): Promise<CustomerConsumptionMonth[]> {
    const range = monthRange(from, to);
    return ctx.loaders.customerConsumption(range.from, range.to).load(customer.id);
  }
}

export const METER_RESOLVERS = [MeterResolver, MeterCalibrationResolver, MeterReadingResolver, ServiceAccountMetersResolver, CustomerConsumptionResolver] as const;

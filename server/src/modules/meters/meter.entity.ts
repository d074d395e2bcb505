/**
 * Meters 计量仪表 and what they measure (issue 8 items 1–2; DOMAIN.md
 * "Facilities and safety": model, serial, calibration due 周检; seed 003
 * (3)③ 建立计量仪表周检档案 and (4) 计量仪表设备型号和编号、定期周检记录、
 * 历史用气量记录比对).
 *
 * - Meter: one per metering point of a service account 户号, installed and
 *   later removed (a replacement 换表 is a removal plus a new meter).
 * - MeterCalibration: the calibration history 计量检定; a PASSED or ADJUSTED
 *   calibration moves the meter's next due date.
 * - MeterReading: the cumulative register read on a day, from a source.
 * - ConsumptionMonth: consumption per service account and calendar month,
 *   derived from the readings (meter.consumption.ts) in the reading's transaction.
 * - ConsumptionSwingThreshold: the share per customer tier above which a
 *   month's consumption counts as a swing 用量异常波动.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { CustomerTier } from '../customers/customer.enums.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { QuantityScalar } from './dto/quantity.scalar.js';

export enum MeterUnit {
  KWH = 'KWH',
  M3 = 'M3',
  GJ = 'GJ',
  T = 'T',
}
registerEnumType(MeterUnit, {
  name: 'MeterUnit',
  description: "What a meter counts; follows the service account's utility.",
  valuesConfig: {
    KWH: { description: 'Kilowatt-hours 千瓦时 (power, energy services).' },
    M3: { description: 'Cubic metres 立方米 (gas).' },
    GJ: { description: 'Gigajoules 吉焦 (district heating).' },
    T: { description: 'Tonnes 吨 (fuel).' },
  },
});

export enum CalibrationResult {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  ADJUSTED = 'ADJUSTED',
}
registerEnumType(CalibrationResult, {
  name: 'CalibrationResult',
  description: 'Outcome of a calibration 检定结论.',
  valuesConfig: {
    PASSED: { description: 'Within tolerance 合格; the next due date moves on by the interval.' },
    FAILED: { description: 'Out of tolerance 不合格; the due date stays, the meter should be replaced 换表.' },
    ADJUSTED: { description: 'Adjusted and then within tolerance 调整后合格; the next due date moves on by the interval.' },
  },
});

export enum ReadingSource {
  MANUAL = 'MANUAL',
  AMR = 'AMR',
  BILLING_SYSTEM = 'BILLING_SYSTEM',
  ESTIMATED = 'ESTIMATED',
}
registerEnumType(ReadingSource, {
  name: 'ReadingSource',
  description: 'Where a meter reading came from.',
  valuesConfig: {
    MANUAL: { description: 'Read on site by staff 人工抄表.' },
    AMR: { description: 'Automatic meter reading 远传抄表.' },
    BILLING_SYSTEM: { description: 'Taken over from the billing system 营财一体化系统.' },
    ESTIMATED: { description: 'Estimated 估抄, e.g. when the meter could not be reached.' },
  },
});

export enum CalibrationStatus {
  OK = 'OK',
  DUE_SOON = 'DUE_SOON',
  OVERDUE = 'OVERDUE',
}
registerEnumType(CalibrationStatus, {
  name: 'CalibrationStatus',
  description: 'Where a meter stands against its next calibration due date 周检, counted in the company time zone.',
  valuesConfig: {
    OK: { description: 'Due later than the warning window.' },
    DUE_SOON: { description: 'Due today or within the warning window (30 days by default).' },
    OVERDUE: { description: 'The due date has passed 超期未检.' },
  },
});

@ObjectType('Meter', { implements: Node, description: 'A meter 计量仪表 at a service account 户号: model, serial, calibration 周检 and readings.' })
@Entity({ tableName: 'meter' })
@Index({ name: 'meter_service_account_idx', properties: ['serviceAccount', 'id'] })
@Index({ name: 'meter_calibration_due_idx', properties: ['nextCalibrationDue', 'id'] })
@Check({ name: 'meter_interval_range', expression: 'calibration_interval_months >= 1 and calibration_interval_months <= 120' })
@Check({ name: 'meter_removed_after_installed', expression: 'removed_on is null or removed_on >= installed_on' })
export class Meter {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Meter', this.id);
  }

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  @Field(() => String, { description: 'Type and model 型号, e.g. "罗茨流量计 G100".' })
  @Property({ type: 'text' })
  model!: string;

  @Field(() => String, { description: 'Serial number 表号, unique in the company.' })
  @Property({ type: 'text', unique: true })
  serial!: string;

  @Field(() => MeterUnit, { description: "What it counts, from the service account's utility." })
  @Enum({ items: () => MeterUnit, columnType: 'text' })
  unit!: MeterUnit;

  @Field(() => String, { description: 'Day it was installed (YYYY-MM-DD, company time zone); its first reading is taken that day.' })
  @Property({ type: 'date' })
  installedOn!: string;

  @Field(() => String, { nullable: true, description: 'Day it was removed (YYYY-MM-DD); null while in service.' })
  @Property({ type: 'date', nullable: true })
  removedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was removed, e.g. 换表 or 销户拆表; null while in service.' })
  @Property({ type: 'text', nullable: true })
  removalReason?: string | null;

  @Field(() => Int, { description: 'Months between calibrations 检定周期 (1–120).' })
  @Property({ type: 'integer' })
  calibrationIntervalMonths!: number;

  @Field(() => String, { description: 'Day the next calibration is due 下次周检日期 (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  nextCalibrationDue!: string;

  /** Who installed it; null for partner tools. */
  @ManyToOne(() => User, { nullable: true, index: false })
  installedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the meter was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('MeterCalibration', { implements: Node, description: 'One calibration 计量检定 of a meter, with its result and certificate.' })
@Entity({ tableName: 'meter_calibration' })
@Index({ name: 'meter_calibration_meter_idx', properties: ['meter', 'id'] })
export class MeterCalibration {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('MeterCalibration', this.id);
  }

  @ManyToOne(() => Meter, { index: false })
  meter!: Rel<Meter>;

  @Field(() => String, { description: 'Day it was calibrated (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  calibratedOn!: string;

  @Field(() => CalibrationResult, { description: 'The result 检定结论.' })
  @Enum({ items: () => CalibrationResult, columnType: 'text' })
  result!: CalibrationResult;

  @Field(() => String, { description: 'Certificate or report number 检定证书编号.' })
  @Property({ type: 'text' })
  certificateReference!: string;

  @Field(() => String, { nullable: true, description: 'Remarks; null when none.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String, { description: "The meter's next due date after this calibration (unchanged by a FAILED one)." })
  @Property({ type: 'date' })
  nextDueAfter!: string;

  /** Who recorded it; null for partner tools. */
  @ManyToOne(() => User, { nullable: true, index: false })
  calibratedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('MeterReading', { implements: Node, description: 'A reading 抄表读数 of a meter: its cumulative register on a day.' })
@Entity({ tableName: 'meter_reading' })
@Unique({ name: 'meter_reading_meter_day_unique', properties: ['meter', 'readOn'] })
@Check({ name: 'meter_reading_value_not_negative', expression: 'value >= 0' })
export class MeterReading {
  [OptionalProps]?: 'nodeId' | 'recordedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('MeterReading', this.id);
  }

  @ManyToOne(() => Meter, { index: false })
  meter!: Rel<Meter>;

  @Field(() => String, { description: 'Day it was read (YYYY-MM-DD, company time zone); the register at the end of that day.' })
  @Property({ type: 'date' })
  readOn!: string;

  @Field(() => QuantityScalar, { description: "The cumulative register 表码 in the meter's unit (3 decimals)." })
  @Property({ type: 'decimal', precision: 14, scale: 3 })
  value!: string;

  @Field(() => ReadingSource, { description: 'Where it came from.' })
  @Enum({ items: () => ReadingSource, columnType: 'text' })
  source!: ReadingSource;

  /** Who recorded it; null for partner tools (AMR, billing system). */
  @ManyToOne(() => User, { nullable: true, index: false })
  recordedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  recordedAt: Date = new Date();
}

/** Consumption of one service account in one calendar month (see meter.consumption.ts for how it is derived). */
@Entity({ tableName: 'consumption_month' })
@Unique({ name: 'consumption_month_account_month_unique', properties: ['serviceAccount', 'month'] })
export class ConsumptionMonth {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  /** First day of the month. */
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'decimal', precision: 14, scale: 3 })
  quantity!: string;

  @Enum({ items: () => MeterUnit, columnType: 'text' })
  unit!: MeterUnit;
}

/** The swing threshold of a customer tier; a tier without a row uses DEFAULT_SWING_PERCENT. */
@Entity({ tableName: 'consumption_swing_threshold' })
@Check({ name: 'consumption_swing_threshold_range', expression: 'percent > 0 and percent <= 1000' })
export class ConsumptionSwingThreshold {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'text' })
  tier!: CustomerTier;

  @Property({ type: 'decimal', precision: 6, scale: 2 })
  percent!: string;

  @ManyToOne(() => User, { nullable: true, index: false })
  updatedBy?: Rel<User> | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType('ConsumptionMonth', { description: "A service account's consumption 用量 in one calendar month." })
export class ConsumptionMonthView {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => QuantityScalar, { description: "Consumption in the month, in the unit's terms (3 decimals)." })
  quantity!: string;

  @Field(() => MeterUnit, { description: 'Unit of the quantity.' })
  unit!: MeterUnit;
}

@ObjectType('CustomerConsumptionMonth', { description: "A customer's consumption in one calendar month and unit: the sum over its service accounts 户号." })
export class CustomerConsumptionMonth {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => MeterUnit, { description: 'Unit of the quantity (a customer with gas and power accounts has a row per unit).' })
  unit!: MeterUnit;

  @Field(() => QuantityScalar, { description: 'Consumption summed over the accounts with a known consumption that month.' })
  quantity!: string;

  @Field(() => Int, { description: 'How many service accounts the sum covers.' })
  accounts!: number;
}

@ObjectType('ConsumptionSwingThreshold', { description: 'How far a month\'s consumption may move before it counts as a swing 用量异常波动, per customer tier.' })
export class SwingThresholdView {
  @Field(() => CustomerTier, { description: 'The customer tier.' })
  tier!: CustomerTier;

  @Field(() => DecimalScalar, { description: 'Percent, e.g. "30.00": a move of MORE than this against the same month last year or the trailing 3-month average raises an alert.' })
  percent!: string;

  @Field(() => Boolean, { description: 'True when this is the built-in default (nobody has set the tier).' })
  isDefault!: boolean;
}

/** Inputs, filters and payloads of the meters API 计量仪表. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { CustomerTier } from '../../customers/customer.enums.js';
import { ServiceAccount } from '../../service-accounts/service-account.entity.js';
import { ItemError } from '../../receivables/dto/receivables.inputs.js';
import { CalibrationResult, CalibrationStatus, Meter, MeterCalibration, MeterReading, ReadingSource, SwingThresholdView } from '../meter.entity.js';
import { QuantityScalar } from './quantity.scalar.js';

@InputType({ description: 'Installing a meter 装表 on a service account, with its initial register reading.' })
export class InstallMeterInput {
  @Field(() => ID, { description: 'The service account 户号; not closed.' })
  @IsGlobalId('ServiceAccount')
  serviceAccountId!: string;

  @Field(() => String, { description: 'Type and model 型号, e.g. "罗茨流量计 G100" (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  model!: string;

  @Field(() => String, { description: 'Serial number 表号: 4–40 letters, digits or dashes, unique in the company.' })
  serial!: string;

  @Field(() => String, { description: 'Day it was installed (YYYY-MM-DD, not in the future); the initial reading is taken that day.' })
  @IsCalendarDate()
  installedOn!: string;

  @Field(() => Int, { description: 'Months between calibrations 检定周期, 1–120.' })
  calibrationIntervalMonths!: number;

  @Field(() => String, { nullable: true, description: 'First calibration due day (YYYY-MM-DD), e.g. from the factory certificate; installedOn + interval when omitted.' })
  @IsOptional()
  @IsCalendarDate()
  nextCalibrationDue?: string | null;

  @Field(() => QuantityScalar, { description: 'The register 表码 at installation, not negative.' })
  initialReading!: string;
}

@InputType({ description: 'Removing a meter 拆表 (for a replacement 换表 or a closed account), with its final reading.' })
export class RemoveMeterInput {
  @Field(() => ID, { description: 'The meter; in service.' })
  @IsGlobalId('Meter')
  meterId!: string;

  @Field(() => String, { description: 'Day it was removed (YYYY-MM-DD): not in the future, not before its latest reading.' })
  @IsCalendarDate()
  removedOn!: string;

  @Field(() => QuantityScalar, { description: 'The register 止数 at removal; not lower than the latest reading.' })
  finalReading!: string;

  @Field(() => String, { description: 'Why, e.g. 周检不合格换表 (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@InputType({ description: 'A calibration 计量检定 of a meter in service.' })
export class RecordCalibrationInput {
  @Field(() => ID, { description: 'The meter; in service.' })
  @IsGlobalId('Meter')
  meterId!: string;

  @Field(() => String, { description: 'Day it was calibrated (YYYY-MM-DD): not in the future, not before installation or the previous calibration.' })
  @IsCalendarDate()
  calibratedOn!: string;

  @Field(() => CalibrationResult, { description: 'The result; PASSED and ADJUSTED move the next due date to calibratedOn + the interval.' })
  result!: CalibrationResult;

  @Field(() => String, { description: 'Certificate or report number 检定证书编号 (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  certificateReference!: string;

  @Field(() => String, { nullable: true, description: 'Remarks (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  note?: string | null;
}

@InputType({ description: 'One meter reading 抄表读数.' })
export class MeterReadingInput {
  @Field(() => ID, { nullable: true, description: 'The meter; give this or serial.' })
  meterId?: string | null;

  @Field(() => String, { nullable: true, description: 'The meter by its serial number 表号 (as partner systems know it); give this or meterId.' })
  serial?: string | null;

  @Field(() => String, { description: 'Day it was read (YYYY-MM-DD): not in the future, not before installation nor before the latest reading of the meter.' })
  readOn!: string;

  @Field(() => QuantityScalar, { description: 'The cumulative register 表码: not lower than the latest reading of the meter.' })
  value!: string;

  @Field(() => ReadingSource, { description: 'Where it came from.' })
  source!: ReadingSource;
}

@InputType({ description: 'Recording one meter reading.' })
export class RecordMeterReadingInput {
  @Field(() => ID, { description: 'The meter.' })
  @IsGlobalId('Meter')
  meterId!: string;

  @Field(() => String, { description: 'Day it was read (YYYY-MM-DD): not in the future, not before installation nor before the latest reading.' })
  @IsCalendarDate()
  readOn!: string;

  @Field(() => QuantityScalar, { description: 'The cumulative register 表码: not lower than the latest reading.' })
  value!: string;

  @Field(() => ReadingSource, { description: 'Where it came from; MANUAL when omitted.', defaultValue: ReadingSource.MANUAL })
  source!: ReadingSource;
}

@InputType({ description: 'A batch of readings from a partner system (AMR 远传, billing system): judged one by one.' })
export class RecordMeterReadingsInput {
  @Field(() => [MeterReadingInput], { description: 'The readings, 1 to 500, judged in order (a batch may carry several days of one meter).' })
  @ValidateNested({ each: true })
  readings!: MeterReadingInput[];
}

@InputType({ description: 'Which meters to list; every condition must hold.' })
export class MeterFilter {
  @Field(() => ID, { nullable: true, description: 'Only meters of this service account.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only meters of this customer's service accounts." })
  @IsOptional()
  @IsGlobalId('Customer')
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only meters of service accounts served by this org unit or below it.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only meters whose next calibration is due on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  calibrationDueBefore?: string | null;

  @Field(() => [CalibrationStatus], { nullable: true, description: 'Only meters in service with these calibration statuses.' })
  calibrationStatuses?: CalibrationStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Also list removed meters (default false).' })
  includeRemoved?: boolean | null;
}

@InputType({ description: 'The swing threshold of one customer tier.' })
export class SwingThresholdInput {
  @Field(() => CustomerTier, { description: 'The tier.' })
  tier!: CustomerTier;

  @Field(() => DecimalScalar, { description: 'Percent, more than 0 and at most 1000, e.g. "30.00".' })
  percent!: string;
}

@InputType({ description: 'Changing the consumption swing thresholds 用量波动阈值.' })
export class UpdateConsumptionSwingThresholdsInput {
  @Field(() => [SwingThresholdInput], { description: 'The tiers to change (others keep theirs), each once.' })
  @ValidateNested({ each: true })
  thresholds!: SwingThresholdInput[];
}

@ObjectType({ description: 'Result of installMeter.' })
export class InstallMeterPayload {
  @Field(() => Meter, { description: 'The new meter.' })
  meter!: Meter;

  @Field(() => ServiceAccount, { description: 'Its service account.' })
  serviceAccount!: ServiceAccount;
}

@ObjectType({ description: 'Result of removeMeter.' })
export class RemoveMeterPayload {
  @Field(() => Meter, { description: 'The removed meter.' })
  meter!: Meter;
}

@ObjectType({ description: 'Result of recordCalibration.' })
export class RecordCalibrationPayload {
  @Field(() => MeterCalibration, { description: 'The calibration.' })
  calibration!: MeterCalibration;

  @Field(() => Meter, { description: 'The meter with its (possibly moved) next due date.' })
  meter!: Meter;
}

@ObjectType({ description: 'Result of recordMeterReading.' })
export class RecordMeterReadingPayload {
  @Field(() => MeterReading, { description: 'The reading (the stored one for a duplicate).' })
  reading!: MeterReading;

  @Field(() => Boolean, { description: 'True when the same meter, day and value was already stored: nothing was written.' })
  duplicate!: boolean;
}

export enum ReadingItemStatus {
  CREATED = 'CREATED',
  DUPLICATE = 'DUPLICATE',
  REJECTED = 'REJECTED',
}
registerEnumType(ReadingItemStatus, {
  name: 'ReadingItemStatus',
  description: 'What became of one reading of a batch.',
  valuesConfig: {
    CREATED: { description: 'Recorded.' },
    DUPLICATE: { description: 'Already stored with the same meter, day and value; nothing written (safe retry).' },
    REJECTED: { description: 'Refused; see error. Nothing written for it.' },
  },
});

@ObjectType({ description: 'Outcome of one reading of a batch.' })
export class ReadingItemResult {
  @Field(() => Int, { description: 'Position of the item in the input (from 0).' })
  index!: number;

  @Field(() => ReadingItemStatus, { description: 'What became of it.' })
  status!: ReadingItemStatus;

  @Field(() => MeterReading, { nullable: true, description: 'The recorded (or already stored) reading; null when refused.' })
  reading!: MeterReading | null;

  @Field(() => ItemError, { nullable: true, description: 'Why it was refused; null otherwise.' })
  error!: ItemError | null;
}

@ObjectType({ description: 'Result of recordMeterReadings.' })
export class RecordMeterReadingsPayload {
  @Field(() => [ReadingItemResult], { description: 'One result per item, in input order.' })
  results!: ReadingItemResult[];

  @Field(() => Int, { description: 'How many readings were recorded.' })
  createdCount!: number;

  @Field(() => Int, { description: 'How many were duplicates of stored readings.' })
  duplicateCount!: number;

  @Field(() => Int, { description: 'How many were refused.' })
  rejectedCount!: number;
}

@ObjectType({ description: 'Result of updateConsumptionSwingThresholds.' })
export class UpdateConsumptionSwingThresholdsPayload {
  @Field(() => [SwingThresholdView], { description: 'Every tier\'s threshold after the change.' })
  thresholds!: SwingThresholdView[];
}

export const { ConnectionType: MeterConnection } = connectionTypes(Meter, 'Meter', 'meter');

/** Month range arguments of the consumption fields. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_MONTHS = 120;

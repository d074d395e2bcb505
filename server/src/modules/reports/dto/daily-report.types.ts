/** Types of the daily report 日通报 and the daily scan API. */
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { IsCalendarDate } from '../../../calendar.js';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { DailyScanRun } from '../../../jobs/daily-scan.entity.js';

@ObjectType('DailyReportFigures', { description: 'The figures of a daily report 日通报 for one org unit (its whole subtree) on one business date.' })
export class DailyReportFigures {
  @Field(() => String, { description: 'Business date of the scan that wrote them (YYYY-MM-DD, company time zone).' })
  date!: string;

  @Field(() => Int, { description: 'Service accounts with arrears (open amounts past due) above zero.' })
  accountsInArrears!: number;

  @Field(() => DecimalScalar, { description: 'Total arrears in CNY.' })
  totalArrears!: string;

  @Field(() => Int, { description: 'Service accounts whose arrears exceed the monitoring threshold (500 CNY by default).' })
  accountsOverThreshold!: number;

  @Field(() => DecimalScalar, { description: 'Payments received on the previous calendar day, in CNY.' })
  collectedYesterday!: string;

  @Field(() => DecimalScalar, { description: 'Amount due (bill amounts plus adjustments) of the bills due from the 1st of the month through the date.' })
  dueMonthToDate!: string;

  @Field(() => DecimalScalar, { description: 'What has been collected (allocated) on those bills.' })
  collectedMonthToDate!: string;

  @Field(() => String, { nullable: true, description: 'Month-to-date collection rate 回收率 = collected ÷ due as a decimal fraction string (6 places); null when nothing was due.' })
  collectionRateMonthToDate!: string | null;
}

@ObjectType('DailyReport', { description: 'The daily report 日通报 of an org unit: the figures of a date and of the previous report, for comparison.' })
export class DailyReport {
  orgUnitId!: number;

  @Field(() => String, { description: 'Business date of the report (YYYY-MM-DD).' })
  date!: string;

  @Field(() => DailyReportFigures, { description: 'The figures of the date.' })
  current!: DailyReportFigures;

  @Field(() => DailyReportFigures, { nullable: true, description: 'The figures of the previous report (normally yesterday), if any.' })
  previous!: DailyReportFigures | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Change of the total arrears since the previous report (CNY, negative when it fell); null without one.' })
  totalArrearsChange!: string | null;

  @Field(() => Int, { nullable: true, description: 'Change of the number of accounts in arrears since the previous report; null without one.' })
  accountsInArrearsChange!: number | null;

  @Field(() => Int, { nullable: true, description: 'Change of the number of accounts over the threshold since the previous report; null without one.' })
  accountsOverThresholdChange!: number | null;

  @Field(() => Float, { nullable: true, description: 'Change of the month-to-date collection rate in percentage points since the previous report; null when either rate is null.' })
  collectionRateChangePoints!: number | null;
}

@InputType({ description: 'Which business date to scan.' })
export class RunDailyScanInput {
  @Field(() => String, { description: 'The business date (YYYY-MM-DD, company time zone), not after today.' })
  @IsCalendarDate()
  date!: string;
}

@ObjectType({ description: 'The run of the daily scan for the date.' })
export class RunDailyScanPayload {
  @Field(() => DailyScanRun, { description: 'The run: the one just done, or the existing one when the date had already been scanned.' })
  run!: DailyScanRun;

  @Field(() => Boolean, { description: 'True when this call did the scan; false when it returned an existing run.' })
  ranNow!: boolean;
}

/** Inputs, filters, payloads and result types of the visit API. */
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Visit, VisitChannel, VisitPurpose } from '../visit.entity.js';

@InputType({ description: 'A visit 走访 or call to log. The rules per channel and purpose are checked together; every broken one is reported.' })
export class LogVisitInput {
  @Field(() => ID, { description: 'The customer visited.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The service account 户号 the visit was about; must belong to the customer.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => VisitChannel, { description: 'Phone, on-site, WeChat, event or seminar.' })
  channel!: VisitChannel;

  @Field(() => VisitPurpose, { description: 'Why the visit happened.' })
  purpose!: VisitPurpose;

  @Field(() => Date, { description: 'When it happened: not in the future (5 minutes of clock skew allowed), at most one year ago.' })
  occurredAt!: Date;

  @Field(() => String, { description: 'What came of it (1–4000 characters).' })
  @IsNotBlank()
  @MaxLength(4000, { message: 'must be at most 4000 characters' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The agreed next step (at most 1000 characters).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  nextStep?: string | null;

  @Field(() => String, { nullable: true, description: 'Date (YYYY-MM-DD) the next step is due: needs nextStep, not before the visit date.' })
  @IsOptional()
  @IsCalendarDate()
  nextStepDueOn?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Promise to pay 承诺付款: the amount in CNY, greater than 0. COLLECTION visits only, together with promisedOn.' })
  promisedAmount?: string | null;

  @Field(() => String, { nullable: true, description: 'Promise to pay: the date (YYYY-MM-DD), not before the visit date. COLLECTION visits only, together with promisedAmount.' })
  @IsOptional()
  @IsCalendarDate()
  promisedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1–5: required on RETURN_VISIT, allowed on SERVICE, refused otherwise.' })
  @IsOptional()
  @Min(1, { message: 'must be between 1 and 5' })
  @Max(5, { message: 'must be between 1 and 5' })
  satisfaction?: number | null;

  @Field(() => Date, { nullable: true, description: 'On-site check-in time: required on ON_SITE visits (within 12 hours of occurredAt), refused otherwise.' })
  checkInAt?: Date | null;

  @Field(() => Float, { nullable: true, description: 'On-site check-in latitude, −90 to 90 (WGS-84): required on ON_SITE visits, refused otherwise.' })
  @IsOptional()
  @Min(-90, { message: 'must be between -90 and 90' })
  @Max(90, { message: 'must be between -90 and 90' })
  checkInLatitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'On-site check-in longitude, −180 to 180 (WGS-84): required on ON_SITE visits, refused otherwise.' })
  @IsOptional()
  @Min(-180, { message: 'must be between -180 and 180' })
  @Max(180, { message: 'must be between -180 and 180' })
  checkInLongitude?: number | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Who went besides you: active staff of your company, any role (leaders count, 领导走访). You are always a participant; at most 20 people in all. With an API key, the first one is recorded as the recorder.',
  })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'must list at most 20 people' })
  @IsGlobalId('User', { each: true })
  participantIds?: string[] | null;
}

@ObjectType({ description: 'Result of logVisit.' })
export class LogVisitPayload {
  @Field(() => Visit, { description: 'The visit as logged.' })
  visit!: Visit;
}

@InputType({ description: "Which of a customer's visits to list; all conditions must hold." })
export class CustomerVisitFilter {
  @Field(() => [VisitChannel], { nullable: true, description: 'Only these channels.' })
  channels?: VisitChannel[] | null;

  @Field(() => [VisitPurpose], { nullable: true, description: 'Only these purposes.' })
  purposes?: VisitPurpose[] | null;

  @Field(() => Date, { nullable: true, description: 'Only visits at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only visits before this time.' })
  to?: Date | null;
}

@InputType({ description: 'Which visits to list; all conditions must hold.' })
export class VisitFilter extends CustomerVisitFilter {
  @Field(() => ID, { nullable: true, description: 'Only visits to customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only visits this staff member took part in.' })
  @IsOptional()
  @IsGlobalId('User')
  participantId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only promises to pay due on or after this date (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  promiseDueFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only promises to pay due on or before this date (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  promiseDueTo?: string | null;
}

@ArgsType()
export class LastVisitsArgs {
  @Field(() => Int, { defaultValue: 5, description: 'How many, 1 to 20.' })
  @Min(1, { message: 'must be at least 1' })
  @Max(20, { message: 'must be at most 20' })
  count: number = 5;
}

@ObjectType({ description: 'How many visits went through one channel.' })
export class VisitChannelCount {
  @Field(() => VisitChannel, { description: 'The channel.' })
  channel!: VisitChannel;

  @Field(() => Int, { description: 'Visits through it.' })
  count!: number;
}

@ObjectType({ description: "A customer's visits at a glance: how often, how, when last, and promises to pay still standing." })
export class VisitSummary {
  @Field(() => Int, { description: 'All visits logged.' })
  total!: number;

  @Field(() => [VisitChannelCount], { description: 'Visits per channel, for channels used at least once ("3 phone calls and 2 on-site visits").' })
  byChannel!: VisitChannelCount[];

  @Field(() => Date, { nullable: true, description: 'When the latest visit happened; null when there is none.' })
  lastVisitAt!: Date | null;

  @Field(() => Int, { description: "Promises to pay falling due today or later (company time zone)." })
  openPromises!: number;
}

@ObjectType({ description: 'A visit logged and committed, pushed to subscribers.' })
export class VisitLoggedEvent {
  @Field(() => ID, { description: 'Number of the event; increases with time.' })
  eventId!: string;

  @Field(() => Visit, { description: 'The visit.' })
  visit!: Visit;

  @Field(() => Date, { description: 'When the visit was committed.' })
  occurredAt!: Date;
}

export const { ConnectionType: VisitConnection, EdgeType: VisitEdge } = connectionTypes(Visit, 'Visit', 'visit');

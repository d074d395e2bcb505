/** Inputs, filters and payloads of the return-visits API 回访. */
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IsGlobalId } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Customer } from '../../customers/customer.entity.js';
import { ReturnVisit, ReturnVisitReason, ReturnVisitStatus } from '../return-visit.entity.js';
import { RETURN_VISIT_DELAY_DAYS } from '../return-visit.service.js';

@InputType({ description: 'Scheduling a return visit 回访 after a service event reported by another system (installation, repair, complaint).' })
export class ScheduleReturnVisitInput {
  @Field(() => ID, { description: 'The customer to visit.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The service account 户号 the service event was about, if one.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => ReturnVisitReason, { description: 'The service event it follows up.' })
  reason!: ReturnVisitReason;

  @Field(() => String, { nullable: true, description: `Day it is due (YYYY-MM-DD), not in the past; ${RETURN_VISIT_DELAY_DAYS} days from today when omitted.` })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string | null;

  @Field(() => String, { nullable: true, description: 'What it is about, e.g. the repair done (at most 1000 characters).' })
  @IsOptional()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note?: string | null;
}

@InputType({ description: 'Which return visits to list; every condition must hold.' })
export class ReturnVisitFilter {
  @Field(() => [ReturnVisitStatus], { nullable: true, description: 'Only these statuses.' })
  statuses?: ReturnVisitStatus[] | null;

  @Field(() => [ReturnVisitReason], { nullable: true, description: 'Only these reasons.' })
  reasons?: ReturnVisitReason[] | null;

  @Field(() => String, { nullable: true, description: 'Due on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue ones (SCHEDULED past the due day); false: only the others.' })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only those this user is to make.' })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;
}

@ObjectType({ description: 'One month of a customer\'s satisfaction trend 满意度趋势, from its RETURN_VISIT visits.' })
export class SatisfactionPoint {
  @Field(() => String, { description: 'The calendar month, YYYY-MM (company time zone).' })
  month!: string;

  @Field(() => Float, { nullable: true, description: 'Average satisfaction 1–5 that month, to 2 decimals; null when no return visit recorded one.' })
  averageSatisfaction!: number | null;

  @Field(() => Int, { description: 'How many return visits recorded a satisfaction that month.' })
  count!: number;
}

@ObjectType({ description: 'Result of scheduleReturnVisit.' })
export class ScheduleReturnVisitPayload {
  @Field(() => ReturnVisit, { description: 'The SCHEDULED return visit.' })
  returnVisit!: ReturnVisit;

  @Field(() => Customer, { description: 'The customer.' })
  customer!: Customer;
}

export const { ConnectionType: ReturnVisitConnection } = connectionTypes(ReturnVisit, 'ReturnVisit', 'return visit');

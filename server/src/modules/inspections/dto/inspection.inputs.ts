/** Inputs, filters, payloads and derived types of the inspections API 安全检查 / 整改通知书. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Customer } from '../../customers/customer.entity.js';
import { CustomerTier, Utility } from '../../customers/customer.enums.js';
import { ReturnVisit } from '../../return-visits/return-visit.entity.js';
import {
  FindingCategory,
  FindingSeverity,
  Inspection,
  InspectionKind,
  InspectionPolicy,
  InspectionResult,
  RectificationNotice,
  RectificationStatus,
} from '../inspection.entity.js';
import { MAX_FINDINGS, MAX_INSPECTORS } from '../inspection.service.js';

@InputType({ description: 'One finding 隐患 of an inspection; it may open a rectification notice 整改通知书.' })
export class InspectionFindingInput {
  @Field(() => FindingCategory, { description: 'What it is about.' })
  category!: FindingCategory;

  @Field(() => FindingSeverity, { description: 'How grave it is.' })
  severity!: FindingSeverity;

  @Field(() => String, { description: 'What was found (1–2000 characters).' })
  @IsNotBlank()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  description!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Issue a written rectification notice for it (needs a deadline; not with result PASSED).' })
  openNotice!: boolean;

  @Field(() => String, { nullable: true, description: 'Rectification deadline 整改期限 (YYYY-MM-DD), not before today or the inspection day; required with openNotice.' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string | null;

  @Field(() => ID, { nullable: true, description: "Who follows the notice up; the customer's responsible rep when omitted." })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;
}

@InputType({ description: 'Recording a performed inspection 巡检/安检 with its findings, in one go.' })
export class RecordInspectionInput {
  @Field(() => ID, { description: 'The customer inspected.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: "The service account 户号 whose facilities were inspected; the customer's site as a whole when omitted." })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => InspectionKind, { description: 'Routine, annual safety or special.' })
  kind!: InspectionKind;

  @Field(() => String, { description: 'Day it was performed (YYYY-MM-DD, company time zone): not in the future, within the last year.' })
  @IsCalendarDate()
  performedOn!: string;

  @Field(() => InspectionResult, { description: 'What it concluded; HAZARDS_FOUND needs at least one finding.' })
  result!: InspectionResult;

  @Field(() => String, { nullable: true, description: 'Remarks of the record card (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  note?: string | null;

  @Field(() => [ID], { nullable: true, description: `Who inspected besides the signed-in user (at most ${MAX_INSPECTORS}); required with an API key.` })
  @IsOptional()
  @IsGlobalId('User', { each: true })
  inspectorIds?: string[] | null;

  @Field(() => [InspectionFindingInput], { defaultValue: [], description: `What it found, at most ${MAX_FINDINGS}.` })
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_FINDINGS, { message: `must list at most ${MAX_FINDINGS} findings` })
  findings!: InspectionFindingInput[];
}

@InputType({ description: 'Closing a rectification notice with the evidence of the rectification.' })
export class CloseRectificationNoticeInput {
  @Field(() => ID, { description: 'The notice; it must be OPEN.' })
  @IsGlobalId('RectificationNotice')
  noticeId!: string;

  @Field(() => String, { nullable: true, description: 'Required: what was rectified and how it was checked 整改情况 (at most 2000 characters).' })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  evidenceNote?: string | null;

  @Field(() => String, { nullable: true, description: 'Required: reference of the evidence — photo, document or re-inspection record number (at most 500 characters).' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  evidenceReference?: string | null;
}

@InputType({ description: 'Giving an open rectification notice more time.' })
export class ExtendRectificationDeadlineInput {
  @Field(() => ID, { description: 'The notice; it must be OPEN.' })
  @IsGlobalId('RectificationNotice')
  noticeId!: string;

  @Field(() => String, { description: 'The new deadline (YYYY-MM-DD): after the current one and not in the past.' })
  @IsCalendarDate()
  deadline!: string;

  @Field(() => String, { description: 'Why (1–1000 characters), e.g. parts on order.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@InputType({ description: 'Setting how often customers of a utility and tier get a kind of inspection.' })
export class SetInspectionPolicyInput {
  @Field(() => Utility, { description: 'The customers\' utility.' })
  utility!: Utility;

  @Field(() => CustomerTier, { description: 'The customers\' tier.' })
  tier!: CustomerTier;

  @Field(() => InspectionKind, { description: 'ROUTINE or ANNUAL_SAFETY.' })
  kind!: InspectionKind;

  @Field(() => Int, { nullable: true, description: 'Months between two inspections, 1–60; null stops scheduling this kind for them.' })
  intervalMonths?: number | null;
}

@InputType({ description: 'Which inspections to list; every condition must hold.' })
export class InspectionFilter {
  @Field(() => ID, { nullable: true, description: 'Only this customer\'s.' })
  @IsOptional()
  @IsGlobalId('Customer')
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [InspectionKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: InspectionKind[] | null;

  @Field(() => [InspectionResult], { nullable: true, description: 'Only these results.' })
  results?: InspectionResult[] | null;

  @Field(() => String, { nullable: true, description: 'Performed on or after this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  performedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Performed on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  performedTo?: string | null;
}

@InputType({ description: 'Which rectification notices to list; every condition must hold.' })
export class RectificationNoticeFilter {
  @Field(() => [RectificationStatus], { nullable: true, description: 'Only these statuses.' })
  statuses?: RectificationStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue ones (OPEN past the deadline); false: only the others.' })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only notices this user follows up.' })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Deadline on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  deadlineBefore?: string | null;
}

@ObjectType({ description: 'A due inspection 待检: when a customer next needs an inspection of a kind, from the inspection policies.' })
export class InspectionDue {
  customerId!: number;

  @Field(() => InspectionKind, { description: 'ROUTINE or ANNUAL_SAFETY.' })
  kind!: InspectionKind;

  @Field(() => Int, { description: 'Months between two inspections for this customer (its policy).' })
  intervalMonths!: number;

  @Field(() => String, { nullable: true, description: 'Day of the last inspection counted (YYYY-MM-DD); null when never inspected.' })
  lastPerformedOn!: string | null;

  @Field(() => String, { description: 'Day it is due (YYYY-MM-DD): the last one (or development day) plus the interval.' })
  dueOn!: string;

  @Field(() => Boolean, { description: 'Due before today (company time zone).' })
  overdue!: boolean;
}

@ObjectType({ description: 'Result of recordInspection.' })
export class RecordInspectionPayload {
  @Field(() => Inspection, { description: 'The recorded inspection.' })
  inspection!: Inspection;

  @Field(() => [RectificationNotice], { description: 'The rectification notices its findings opened.' })
  notices!: RectificationNotice[];

  @Field(() => Customer, { description: 'The customer.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of closeRectificationNotice.' })
export class CloseRectificationNoticePayload {
  @Field(() => RectificationNotice, { description: 'The CLOSED notice.' })
  notice!: RectificationNotice;

  @Field(() => ReturnVisit, { description: 'The return visit 回访 scheduled after the rectification.' })
  returnVisit!: ReturnVisit;
}

@ObjectType({ description: 'Result of extendRectificationDeadline.' })
export class ExtendRectificationDeadlinePayload {
  @Field(() => RectificationNotice, { description: 'The notice with its new deadline.' })
  notice!: RectificationNotice;
}

@ObjectType({ description: 'Result of setInspectionPolicy.' })
export class SetInspectionPolicyPayload {
  @Field(() => [InspectionPolicy], { description: 'Every inspection policy after the change.' })
  policies!: InspectionPolicy[];
}

export const { ConnectionType: InspectionConnection } = connectionTypes(Inspection, 'Inspection', 'inspection');
export const { ConnectionType: RectificationNoticeConnection } = connectionTypes(RectificationNotice, 'RectificationNotice', 'rectification notice');
export const { ConnectionType: InspectionDueConnection } = connectionTypes(InspectionDue, 'InspectionDue', 'due inspection');

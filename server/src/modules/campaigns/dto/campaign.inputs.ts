/** Inputs, filters and payloads of the campaign API 清欠专项行动. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Campaign, CampaignAccount, CampaignStatus, CampaignTargetKind } from '../campaign.entity.js';
import { MAX_CUSTOMERS_PER_ADD, MAX_PLAN_POINTS } from '../campaign.service.js';

@InputType({ description: 'A point of a plan curve 计划进度: by this day, this share of the target.' })
export class CampaignPlanPointInput {
  @Field(() => String, { description: 'The day (YYYY-MM-DD), from startsOn to endsOn, after the previous point.' })
  @IsCalendarDate()
  on!: string;

  @Field(() => DecimalScalar, { description: 'Share of the target expected by the end of that day, in percent (0–100, not decreasing; the last point is 100).' })
  share!: string;
}

@InputType({ description: 'A new collection campaign 清欠专项行动.' })
export class CreateCampaignInput {
  @Field(() => String, { description: 'Name, e.g. 2026年电费清欠专项行动 (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @Field(() => ID, { description: 'The org unit whose subtree it covers; in your own subtree.' })
  @IsGlobalId('OrgUnit')
  orgUnitId!: string;

  @Field(() => String, { description: 'First day (YYYY-MM-DD, company time zone).' })
  @IsCalendarDate()
  startsOn!: string;

  @Field(() => String, { description: 'Last day (YYYY-MM-DD), not before startsOn.' })
  @IsCalendarDate()
  endsOn!: string;

  @Field(() => CampaignTargetKind, { description: 'How the target is stated.' })
  targetKind!: CampaignTargetKind;

  @Field(() => DecimalScalar, { nullable: true, description: 'For AMOUNT: the CNY to collect, more than 0; omit otherwise.' })
  targetAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'For PERCENT_OF_ARREARS: the percentage of the base arrears, more than 0 and at most 100 (e.g. 74.52); omit otherwise.' })
  targetPercent?: string | null;

  @Field(() => [CampaignPlanPointInput], { nullable: true, description: `A plan curve of 1 to ${MAX_PLAN_POINTS} points; omit for a linear plan.` })
  @IsOptional()
  @ValidateNested({ each: true })
  planCurve?: CampaignPlanPointInput[] | null;
}

@InputType({ description: 'Changes to a campaign that is not closed; omitted fields keep their value.' })
export class UpdateCampaignInput {
  @Field(() => ID, { description: 'The campaign.' })
  @IsGlobalId('Campaign')
  campaignId!: string;

  @Field(() => String, { nullable: true, description: 'New name (1–200 characters).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New first day; only while the campaign has no accounts (their base arrears are taken as of it).' })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New last day, not before the first.' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;

  @Field(() => CampaignTargetKind, { nullable: true, description: 'New kind of target; give the matching targetAmount or targetPercent with it.' })
  targetKind?: CampaignTargetKind | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New AMOUNT target in CNY.' })
  targetAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New PERCENT_OF_ARREARS target in percent.' })
  targetPercent?: string | null;

  @Field(() => [CampaignPlanPointInput], { nullable: true, description: 'A new plan curve.' })
  @IsOptional()
  @ValidateNested({ each: true })
  planCurve?: CampaignPlanPointInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'True drops the plan curve for the linear plan.' })
  linearPlan?: boolean | null;
}

@InputType({ description: 'Closing a campaign early 提前结束: counting stops now.' })
export class CloseCampaignInput {
  @Field(() => ID, { description: 'The campaign; it must not be closed already.' })
  @IsGlobalId('Campaign')
  campaignId!: string;
}

@InputType({ description: 'Adding hard accounts 难点户 to a campaign: by customer, or every account in arrears over an amount. Give exactly one of customerIds and minArrears.' })
export class AddCampaignAccountsInput {
  @Field(() => ID, { description: 'The campaign; it must not be closed.' })
  @IsGlobalId('Campaign')
  campaignId!: string;

  @Field(() => [ID], { nullable: true, description: `Customers (1 to ${MAX_CUSTOMERS_PER_ADD}) whose service accounts in the campaign's subtree with arrears overdue at the start are added.` })
  @IsOptional()
  @ArrayMaxSize(MAX_CUSTOMERS_PER_ADD, { message: `must list at most ${MAX_CUSTOMERS_PER_ADD} customers` })
  @IsGlobalId('Customer', { each: true })
  customerIds?: string[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Adds every account served in the campaign's subtree whose base arrears exceed this amount in CNY." })
  minArrears?: string | null;

  @Field(() => ID, { nullable: true, description: 'A responsible leader 包保领导 for the added accounts: an active LEAD or ADMIN in your subtree.' })
  @IsOptional()
  @IsGlobalId('User')
  leaderId?: string | null;
}

@InputType({ description: 'Making a leader responsible 包保 for hard accounts of a campaign.' })
export class AssignCampaignLeaderInput {
  @Field(() => ID, { description: 'The campaign; it must not be closed.' })
  @IsGlobalId('Campaign')
  campaignId!: string;

  @Field(() => [ID], { description: `Its hard accounts (1 to ${MAX_CUSTOMERS_PER_ADD}).` })
  @ArrayMaxSize(MAX_CUSTOMERS_PER_ADD, { message: `must list at most ${MAX_CUSTOMERS_PER_ADD} accounts` })
  @IsGlobalId('CampaignAccount', { each: true })
  accountIds!: string[];

  @Field(() => ID, { nullable: true, description: 'The leader: an active LEAD or ADMIN in your subtree; null removes the leader.' })
  @IsOptional()
  @IsGlobalId('User')
  leaderId?: string | null;
}

@InputType({ description: 'Which campaigns to list; every condition must hold.' })
export class CampaignFilter {
  @Field(() => ID, { nullable: true, description: 'Only campaigns of this org unit or units below it.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [CampaignStatus], { nullable: true, description: 'Only campaigns in these statuses today; all when omitted.' })
  statuses?: CampaignStatus[] | null;
}

@ObjectType({ description: 'Result of createCampaign.' })
export class CreateCampaignPayload {
  @Field(() => Campaign, { description: 'The new campaign.' })
  campaign!: Campaign;
}

@ObjectType({ description: 'Result of updateCampaign.' })
export class UpdateCampaignPayload {
  @Field(() => Campaign, { description: 'The changed campaign.' })
  campaign!: Campaign;
}

@ObjectType({ description: 'Result of closeCampaign.' })
export class CloseCampaignPayload {
  @Field(() => Campaign, { description: 'The CLOSED campaign.' })
  campaign!: Campaign;
}

@ObjectType({ description: 'Result of addCampaignAccounts.' })
export class AddCampaignAccountsPayload {
  @Field(() => Campaign, { description: 'The campaign.' })
  campaign!: Campaign;

  @Field(() => [CampaignAccount], { description: 'The accounts added, with their base arrears (accounts already in the campaign are skipped).' })
  added!: CampaignAccount[];

  @Field(() => Int, { description: 'How many accounts were added.' })
  addedCount!: number;
}

@ObjectType({ description: 'Result of assignCampaignLeader.' })
export class AssignCampaignLeaderPayload {
  @Field(() => [CampaignAccount], { description: 'The accounts with their new leader.' })
  accounts!: CampaignAccount[];
}

export const { ConnectionType: CampaignConnection } = connectionTypes(Campaign, 'Campaign', 'campaign');
export const { ConnectionType: CampaignAccountConnection } = connectionTypes(CampaignAccount, 'CampaignAccount', 'campaign account');

/** Inputs, filters, payloads and read models of the rewards API 开发专项奖励. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Reward, RewardStatus, RewardTier } from '../reward.entity.js';
import { MAX_REWARD_TIERS } from '../reward.service.js';

export enum RewardDeveloperSource {
  ACTIVATED_BY = 'ACTIVATED_BY',
  RESPONSIBLE_REP = 'RESPONSIBLE_REP',
}
registerEnumType(RewardDeveloperSource, {
  name: 'RewardDeveloperSource',
  description: 'How the developer 开发人 of the customer was found.',
  valuesConfig: {
    ACTIVATED_BY: { description: 'The rep who first moved the customer to ACTIVE (开发成功).' },
    RESPONSIBLE_REP: { description: "The customer's responsible rep: a lead, admin, import or partner tool made it ACTIVE." },
  },
});

@ObjectType('RewardScheme', { description: "The company's reward scheme 奖励方案: the window of spend counted and the tiers." })
export class RewardSchemeView {
  @Field(() => Int, { description: 'Months after development whose bills count: 3 or 6.' })
  windowMonths!: number;

  @Field(() => [RewardTier], { description: 'The tiers in ascending order, contiguous; the top one has no upper bound.' })
  tiers!: RewardTier[];

  @Field(() => Boolean, { description: 'True while the company uses the default scheme (seed 001) rather than its own.' })
  isDefault!: boolean;
}

@ObjectType('RewardBill', { description: 'One bill counted in a reward: its billing period ends within the window.' })
export class RewardBillView {
  @Field(() => ID, { description: 'Global ID of the bill.' })
  billId!: string;

  @Field(() => String, { description: 'First day of its billing period (YYYY-MM-DD).' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of its billing period (YYYY-MM-DD).' })
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: 'Amount billed in CNY, as counted.' })
  amount!: string;
}

@ObjectType('RewardExplanation', { description: 'Why a reward is this amount 奖励依据: which bills, what average, which tier.' })
export class RewardExplanationView {
  @Field(() => RewardDeveloperSource, { description: 'How the developer was found.' })
  developerSource!: RewardDeveloperSource;

  @Field(() => [RewardBillView], { description: 'Every bill counted, by billing period.' })
  bills!: RewardBillView[];

  @Field(() => DecimalScalar, { description: 'Their sum in CNY.' })
  total!: string;

  @Field(() => Int, { description: 'The months divided by.' })
  windowMonths!: number;

  @Field(() => DecimalScalar, { description: 'total ÷ windowMonths, rounded half up to the fen.' })
  average!: string;

  @Field(() => RewardTier, { description: 'The tier the average falls in: lowerBound ≤ average < upperBound.' })
  tier!: RewardTier;

  @Field(() => [RewardTier], { description: 'The whole scheme in force when it was computed.' })
  tiers!: RewardTier[];
}

@InputType({ description: 'One tier of a new reward scheme.' })
export class RewardTierInput {
  @Field(() => DecimalScalar, { description: 'Lowest average monthly spend, inclusive: 0.00 for the first tier, the previous tier\'s upperBound after.' })
  lowerBound!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Where the next tier starts, exclusive; omit on the top tier only.' })
  @IsOptional()
  upperBound?: string | null;

  @Field(() => DecimalScalar, { description: 'Reward in CNY, 0 or more.' })
  amount!: string;
}

@InputType({ description: "Replacing the company's reward scheme 奖励方案." })
export class UpdateRewardTiersInput {
  @Field(() => Int, { description: 'Months of spend counted after development: 3 or 6.' })
  windowMonths!: number;

  @Field(() => [RewardTierInput], { description: `1 to ${MAX_REWARD_TIERS} tiers in ascending order, contiguous and non-overlapping, from 0.00 to no upper bound.` })
  @ValidateNested({ each: true })
  tiers!: RewardTierInput[];
}

@InputType({ description: 'Proposing the rewards whose window has closed.' })
export class ComputeRewardsInput {
  @Field(() => String, { nullable: true, description: 'Compute as of this day (YYYY-MM-DD, not after today); today when omitted.' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string | null;
}

@InputType({ description: 'Approving a proposed reward.' })
export class ApproveRewardInput {
  @Field(() => ID, { description: 'The reward; it must be PROPOSED and not your own.' })
  @IsGlobalId('Reward')
  rewardId!: string;

  @Field(() => String, { nullable: true, description: 'A note with the approval (at most 1000 characters).' })
  @IsOptional()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note?: string | null;
}

@InputType({ description: 'Rejecting a proposed reward, with why.' })
export class RejectRewardInput {
  @Field(() => ID, { description: 'The reward; it must be PROPOSED and not your own.' })
  @IsGlobalId('Reward')
  rewardId!: string;

  @Field(() => String, { description: 'Why it is rejected (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note!: string;
}

@InputType({ description: 'Which rewards to list; every condition must hold.' })
export class RewardFilter {
  @Field(() => [RewardStatus], { nullable: true, description: 'Only rewards in these statuses; all when omitted.' })
  @IsOptional()
  statuses?: RewardStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only rewards of this developer.' })
  @IsOptional()
  @IsGlobalId('User')
  userId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only rewards for customers of this org unit\'s subtree.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;
}

@ObjectType({ description: 'Result of updateRewardTiers.' })
export class UpdateRewardTiersPayload {
  @Field(() => RewardSchemeView, { description: 'The scheme now in force.' })
  scheme!: RewardSchemeView;
}

@ObjectType({ description: 'Result of computeRewards.' })
export class ComputeRewardsPayload {
  @Field(() => [Reward], { description: 'The rewards proposed by this run (none when run again).' })
  proposed!: Reward[];

  @Field(() => Int, { description: 'Customers whose window closed but who have no developer to reward (no REP made them ACTIVE and none is responsible).' })
  skipped!: number;
}

@ObjectType({ description: 'Result of approveReward.' })
export class ApproveRewardPayload {
  @Field(() => Reward, { description: 'The APPROVED reward.' })
  reward!: Reward;
}

@ObjectType({ description: 'Result of rejectReward.' })
export class RejectRewardPayload {
  @Field(() => Reward, { description: 'The REJECTED reward.' })
  reward!: Reward;
}

export const { ConnectionType: RewardConnection } = connectionTypes(Reward, 'Reward', 'reward');

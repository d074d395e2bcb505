/**
 * Output types of campaign progress 清收进度 and the weekly notice 周通报.
 * Plain objects built by CampaignService (buildProgress); units and users are
 * resolved through the request's loaders (campaign.resolver.ts).
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../graphql/scalars.js';

/** Numbers of a group of hard accounts; fields inherited by the types below (not emitted on its own: nothing returns it). */
@ObjectType('CampaignTallyFields', { description: 'Numbers of a group of hard accounts (not used on its own).' })
abstract class CampaignTallyFields {
  @Field(() => Int, { description: 'Hard accounts 难点户 in the group (that you may see).' })
  accountCount!: number;

  @Field(() => DecimalScalar, { description: 'Their base arrears 基数 in CNY: what was open at the start on bills overdue then.' })
  baseArrears!: string;

  @Field(() => DecimalScalar, { description: "The group's share of the campaign target in CNY (target × its base ÷ the campaign's base)." })
  target!: string;

  @Field(() => DecimalScalar, { description: 'Collected 已清收 in CNY: allocations to the base bills from payments paid within the window.' })
  collected!: string;

  @Field(() => DecimalScalar, { description: 'Still to collect to reach the target (never below 0).' })
  remaining!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Collected ÷ target in percent, 2 decimals (74.52 = 74.52%); null when the target is 0.' })
  percentOfTarget!: string | null;
}

/** A ranked group; fields inherited by the standings. */
@ObjectType('CampaignStandingFields', { description: 'A ranked group of hard accounts (not used on its own).' })
abstract class CampaignStandingFields extends CampaignTallyFields {
  @Field(() => Int, { description: 'Rank by percent of target (then amount collected), 1 = best.' })
  rank!: number;

  @Field(() => Int, { nullable: true, description: 'Rank at the end of the previous week; null outside a weekly report.' })
  previousRank!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Collected by the end of the previous week; null outside a weekly report.' })
  previousCollected!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Collected during the week; null outside a weekly report.' })
  collectedInWeek!: string | null;
}

@ObjectType('CampaignUnitStanding', { description: "A unit's standing in a campaign: the accounts served in the subtree of a child of the campaign's unit." })
export class CampaignUnitStanding extends CampaignStandingFields {
  orgUnitId!: number;

  @Field(() => Boolean, { description: "True: the unit's whole subtree; false: accounts served by the campaign's own unit directly." })
  subtree!: boolean;
}

@ObjectType('CampaignPersonStanding', { description: 'A person\'s standing in a campaign: the accounts they own (collector, else responsible rep) or lead 包保.' })
export class CampaignPersonStanding extends CampaignStandingFields {
  userId!: number | null;
}

@ObjectType('CampaignProgress', { description: 'Live progress 进度 of a campaign, e.g. 74.52% of the task, 223% of plan; limited to the accounts you may see.' })
export class CampaignProgress extends CampaignTallyFields {
  @Field(() => Date, { description: 'Payments before this instant count (now, or the end of the reported week).' })
  asOf!: Date;

  @Field(() => String, { description: 'Day the plan is read on (YYYY-MM-DD).' })
  onDay!: string;

  @Field(() => DecimalScalar, { description: "The campaign's whole base arrears, all its accounts." })
  campaignBaseArrears!: string;

  @Field(() => DecimalScalar, { description: "The campaign's whole target in CNY (PERCENT_OF_ARREARS: base × percent, to the fen)." })
  campaignTarget!: string;

  @Field(() => DecimalScalar, { description: 'Share of the target the plan expects by onDay, in percent.' })
  planShare!: string;

  @Field(() => DecimalScalar, { description: 'Amount the plan expects by onDay (target × planShare).' })
  planToDate!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Collected ÷ plan-to-date in percent (223.00 = 223% of plan); null before the plan expects anything.' })
  percentOfPlan!: string | null;

  @Field(() => [CampaignUnitStanding], { description: "Per child unit of the campaign's unit (rolled up by subtree), ranked." })
  units!: CampaignUnitStanding[];

  @Field(() => [CampaignPersonStanding], { description: 'Per account owner (collector 收费员, else responsible rep), ranked.' })
  owners!: CampaignPersonStanding[];

  @Field(() => [CampaignPersonStanding], { description: 'Per responsible leader 包保领导, ranked.' })
  leaders!: CampaignPersonStanding[];
}

@ObjectType('CampaignReport', { description: 'The weekly notice 周通报 of a campaign: progress at the end of a week against the week before, units and people ranked.' })
export class CampaignReport {
  campaignId!: number;

  @Field(() => String, { description: 'Monday of the week (YYYY-MM-DD).' })
  weekStart!: string;

  @Field(() => String, { description: 'Sunday of the week (YYYY-MM-DD).' })
  weekEnd!: string;

  @Field(() => CampaignProgress, { description: 'Progress at the end of the week, standings with last week\'s rank.' })
  progress!: CampaignProgress;

  @Field(() => DecimalScalar, { description: 'Collected by the end of the previous week.' })
  previousCollected!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent of target at the end of the previous week.' })
  previousPercentOfTarget!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent of plan at the end of the previous week.' })
  previousPercentOfPlan!: string | null;

  @Field(() => DecimalScalar, { description: 'Collected during the week.' })
  collectedInWeek!: string;
}

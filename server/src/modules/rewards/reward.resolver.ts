/**
 * GraphQL API of development rewards 开发专项奖励: thin mapping onto
 * RewardService. Reading rewards needs receivables:read (an explanation
 * lists bills); a rep sees only its own. Leads and admins approve or reject
 * (rewards:approve); admins change the scheme (rewards:configure) and run
 * the computation by hand (jobs:run) — the daily scan runs it every day.
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, idConnection } from '../../graphql/connection.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { todayIn } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { Reward } from './reward.entity.js';
import { RewardService, type SchemeView } from './reward.service.js';
import {
  ApproveRewardInput,
  ApproveRewardPayload,
  ComputeRewardsInput,
  ComputeRewardsPayload,
  RejectRewardInput,
  RejectRewardPayload,
  RewardConnection,
  RewardExplanationView,
  RewardFilter,
  RewardSchemeView,
  UpdateRewardTiersInput,
  UpdateRewardTiersPayload,
  type RewardDeveloperSource,
} from './dto/reward.inputs.js';

function service(ctx: Context): RewardService {
  return new RewardService(ctx.em, ctx.scope(), ctx.actor());
}

function schemeView(view: SchemeView): RewardSchemeView {
  return { windowMonths: view.windowMonths, tiers: view.tiers, isDefault: view.companyId === null };
}

/** `node(id:)` for a Reward: within the viewer's subtree, and a rep's own only. */
export async function rewardNode(ctx: Context, id: number): Promise<Reward | null> {
  if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
  const reward = await ctx.loaders.reward.load(id);
  if (!reward) return null;
  const scope = ctx.scope();
  const unit = await ctx.loaders.orgUnit.load(reward.orgUnit.id);
  if (!unit || !isInSubtree(unit.path, scope.orgPath)) return null;
  return scope.repId === null || reward.developer.id === scope.repId ? reward : null;
}

@Resolver(() => Reward)
export class RewardResolver {
  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => RewardSchemeView, { description: "The company's reward scheme 奖励方案 in force: window and tiers of average monthly spend." })
  async rewardTiers(@Ctx() ctx: Context): Promise<RewardSchemeView> {
    return schemeView(await service(ctx).scheme());
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => RewardConnection, { description: 'Development rewards 开发专项奖励 of your subtree (a rep: its own), newest first.' })
  async rewards(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => RewardFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: RewardFilter | null,
    @Ctx() ctx: Context,
  ) {
    return idConnection({ first, after }, (page) =>
      service(ctx).list({
        ...page,
        statuses: filter?.statuses,
        userId: filter?.userId ? decodeId(filter.userId, 'User', 'filter.userId') : null,
        orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
      }),
    );
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => Reward, { nullable: true, description: 'One reward you may see; null otherwise.' })
  reward(@Arg('id', () => ID, { description: 'Global ID of the reward.' }) id: string, @Ctx() ctx: Context): Promise<Reward | null> {
    return service(ctx).get(decodeId(id, 'Reward', 'id'));
  }

  @Authorized(StaffPermission.REWARD_TIERS_MANAGE)
  @Mutation(() => UpdateRewardTiersPayload, {
    description: "Replaces the company's reward scheme: window of 3 or 6 months and contiguous tiers from 0.00 upwards. Rewards already proposed keep the scheme they were computed with.",
  })
  async updateRewardTiers(
    @Arg('input', () => UpdateRewardTiersInput, { description: 'The new scheme.' }) input: UpdateRewardTiersInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateRewardTiersPayload> {
    const view = await service(ctx).updateScheme(
      input.windowMonths,
      input.tiers.map((t) => ({ lowerBound: t.lowerBound, upperBound: t.upperBound ?? null, amount: t.amount })),
    );
    return { scheme: schemeView(view) };
  }

  @Authorized(StaffPermission.JOBS_RUN)
  @Mutation(() => ComputeRewardsPayload, {
    description: 'Proposes the reward of every developed customer whose window has closed and who has none yet (the daily scan does this each day); idempotent.',
  })
  async computeRewards(
    @Arg('input', () => ComputeRewardsInput, { description: 'As of which day.' }) input: ComputeRewardsInput,
    @Ctx() ctx: Context,
  ): Promise<ComputeRewardsPayload> {
    return service(ctx).compute(input.asOf ?? todayIn());
  }

  @Authorized(StaffPermission.REWARDS_APPROVE)
  @Mutation(() => ApproveRewardPayload, { description: 'Approves a PROPOSED reward of your subtree (not your own); CONFLICT when already decided.' })
  async approveReward(@Arg('input', () => ApproveRewardInput, { description: 'Which reward.' }) input: ApproveRewardInput, @Ctx() ctx: Context): Promise<ApproveRewardPayload> {
    return { reward: await service(ctx).decide(decodeId(input.rewardId, 'Reward', 'rewardId'), true, input.note ?? null) };
  }

  @Authorized(StaffPermission.REWARDS_APPROVE)
  @Mutation(() => RejectRewardPayload, { description: 'Rejects a PROPOSED reward of your subtree (not your own) with a note; CONFLICT when already decided.' })
  async rejectReward(@Arg('input', () => RejectRewardInput, { description: 'Which reward and why.' }) input: RejectRewardInput, @Ctx() ctx: Context): Promise<RejectRewardPayload> {
    return { reward: await service(ctx).decide(decodeId(input.rewardId, 'Reward', 'rewardId'), false, input.note) };
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer developed; null when you may no longer see it (e.g. it moved to another rep).' })
  customer(@Root() reward: Reward, @Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.loaders.customer.load(reward.customer.id);
  }

  @FieldResolver(() => User, { description: 'Who developed the customer and earns the reward 开发人.' })
  async developer(@Root() reward: Reward, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(reward.developer.id))!;
  }

  @FieldResolver(() => OrgUnit, { description: "The customer's org unit when the reward was computed." })
  async orgUnit(@Root() reward: Reward, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(reward.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The lead who approved or rejected it; null while proposed.' })
  decidedBy(@Root() reward: Reward, @Ctx() ctx: Context): Promise<User | null> | null {
    return reward.decidedBy ? ctx.loaders.user.load(reward.decidedBy.id) : null;
  }

  @FieldResolver(() => RewardExplanationView, { description: 'Why this amount 奖励依据: the bills counted, total, average and tier.' })
  explanation(@Root() reward: Reward): RewardExplanationView {
    const data = reward.explanation;
    return {
      developerSource: data.developerSource as RewardDeveloperSource,
      bills: data.bills.map((b) => ({ billId: toGlobalId('Bill', b.billId), periodStart: b.periodStart, periodEnd: b.periodEnd, amount: b.amount })),
      total: data.total,
      windowMonths: data.windowMonths,
      average: data.average,
      tier: data.tier as RewardExplanationView['tier'],
      tiers: data.tiers as RewardExplanationView['tiers'],
    };
  }
}

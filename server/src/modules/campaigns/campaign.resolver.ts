/**
 * GraphQL API of collection campaigns 清欠专项行动: thin mapping onto
 * CampaignService. Creating and running campaigns needs campaigns:manage
 * (leads and admins, in their subtree: DOMAIN.md "Who uses it" — leads watch
 * targets and assign hard accounts); reading them needs receivables:read.
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, idConnection, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { todayIn } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Campaign, CampaignAccount } from './campaign.entity.js';
import { CampaignErrors } from './campaign.errors.js';
import { buildProgress, CampaignService, childrenInScope, type Progress } from './campaign.service.js';
import {
  AddCampaignAccountsInput,
  AddCampaignAccountsPayload,
  AssignCampaignLeaderInput,
  AssignCampaignLeaderPayload,
  CampaignAccountConnection,
  CampaignConnection,
  CampaignFilter,
  CloseCampaignInput,
  CloseCampaignPayload,
  CreateCampaignInput,
  CreateCampaignPayload,
  UpdateCampaignInput,
  UpdateCampaignPayload,
} from './dto/campaign.inputs.js';
import { CampaignPersonStanding, CampaignProgress, CampaignReport, CampaignUnitStanding } from './dto/campaign.progress.js';

function service(ctx: Context): CampaignService {
  return new CampaignService(ctx.em, ctx.scope(), ctx.actor());
}

const planCurveOf = (points: Array<{ on: string; share: string }> | null | undefined) => (points ? points.map((p) => ({ on: p.on, share: p.share })) : null);

@Resolver(() => Campaign)
export class CampaignResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => Campaign, { description: 'One campaign 清欠专项行动 by ID; NOT_FOUND when it does not exist or its unit is outside your subtree.' })
  async campaign(@Arg('id', () => ID, { description: 'The campaign ID.' }) id: string, @Ctx() ctx: Context): Promise<Campaign> {
    const campaign = await service(ctx).findOne(decodeId(id, 'Campaign', 'id'));
    if (!campaign) throw CampaignErrors.campaignNotFound();
    return campaign;
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => CampaignConnection, { description: 'Campaigns 清欠专项行动 of units in your subtree, newest first.' })
  async campaigns(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => CampaignFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: CampaignFilter | null,
    @Ctx() ctx: Context,
  ) {
    return idConnection({ first, after }, (page) =>
      service(ctx).list({ ...page, orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null, statuses: filter?.statuses }),
    );
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => CampaignReport, {
    description: 'The weekly notice 周通报 of a campaign: progress at the end of the week (Monday–Sunday) holding weekOf against the week before, units and people ranked.',
  })
  campaignReport(
    @Arg('id', () => ID, { description: 'The campaign ID.' }) id: string,
    @Arg('weekOf', () => String, { description: 'Any day of the week to report (YYYY-MM-DD); not a week that has not begun.' }) weekOf: string,
    @Ctx() ctx: Context,
  ): Promise<CampaignReport> {
    return service(ctx).weeklyReport(decodeId(id, 'Campaign', 'id'), weekOf) as Promise<CampaignReport>;
  }

  @Authorized(StaffPermission.CAMPAIGNS_MANAGE)
  @Mutation(() => CreateCampaignPayload, { description: 'Creates a collection campaign 清欠专项行动 over an org unit of your subtree: dates, a target (amount or percent of base arrears) and an optional plan curve.' })
  async createCampaign(@Arg('input', () => CreateCampaignInput, { description: 'The campaign.' }) input: CreateCampaignInput, @Ctx() ctx: Context): Promise<CreateCampaignPayload> {
    const campaign = await service(ctx).create({
      name: input.name,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      targetKind: input.targetKind,
      targetAmount: input.targetAmount ?? null,
      targetPercent: input.targetPercent ?? null,
      planCurve: planCurveOf(input.planCurve),
    });
    return { campaign };
  }

  @Authorized(StaffPermission.CAMPAIGNS_MANAGE)
  @Mutation(() => UpdateCampaignPayload, { description: 'Changes a campaign that is not closed; the first day only while it has no accounts. CONFLICT when closed.' })
  async updateCampaign(@Arg('input', () => UpdateCampaignInput, { description: 'The changes.' }) input: UpdateCampaignInput, @Ctx() ctx: Context): Promise<UpdateCampaignPayload> {
    const campaign = await service(ctx).update(decodeId(input.campaignId, 'Campaign', 'campaignId'), {
      name: input.name ?? undefined,
      startsOn: input.startsOn ?? undefined,
      endsOn: input.endsOn ?? undefined,
      targetKind: input.targetKind ?? undefined,
      targetAmount: input.targetAmount ?? undefined,
      targetPercent: input.targetPercent ?? undefined,
      planCurve: input.linearPlan ? null : input.planCurve ? planCurveOf(input.planCurve) : undefined,
    });
    return { campaign };
  }

  @Authorized(StaffPermission.CAMPAIGNS_MANAGE)
  @Mutation(() => CloseCampaignPayload, { description: 'Closes a campaign early 提前结束; payments after now no longer count. CONFLICT when already closed.' })
  async closeCampaign(@Arg('input', () => CloseCampaignInput, { description: 'Which campaign.' }) input: CloseCampaignInput, @Ctx() ctx: Context): Promise<CloseCampaignPayload> {
    return { campaign: await service(ctx).close(decodeId(input.campaignId, 'Campaign', 'campaignId')) };
  }

  @Authorized(StaffPermission.CAMPAIGNS_MANAGE)
  @Mutation(() => AddCampaignAccountsPayload, {
    description: "Adds hard accounts 难点户 to a campaign with their base arrears snapshot: the listed customers' accounts, or every account in the subtree in arrears over minArrears.",
  })
  async addCampaignAccounts(@Arg('input', () => AddCampaignAccountsInput, { description: 'Which accounts.' }) input: AddCampaignAccountsInput, @Ctx() ctx: Context): Promise<AddCampaignAccountsPayload> {
    const { campaign, added } = await service(ctx).addAccounts(decodeId(input.campaignId, 'Campaign', 'campaignId'), {
      customerIds: input.customerIds ? input.customerIds.map((id, i) => decodeId(id, 'Customer', `customerIds.${i}`)) : null,
      minArrears: input.minArrears ?? null,
      leaderId: input.leaderId ? decodeId(input.leaderId, 'User', 'leaderId') : null,
    });
    return { campaign, added, addedCount: added.length };
  }

  @Authorized(StaffPermission.CAMPAIGNS_MANAGE)
  @Mutation(() => AssignCampaignLeaderPayload, { description: 'Makes a LEAD or ADMIN of your subtree the responsible leader 包保领导 of hard accounts (null removes it).' })
  async assignCampaignLeader(@Arg('input', () => AssignCampaignLeaderInput, { description: 'Accounts and leader.' }) input: AssignCampaignLeaderInput, @Ctx() ctx: Context): Promise<AssignCampaignLeaderPayload> {
    const accounts = await service(ctx).assignLeader(
      decodeId(input.campaignId, 'Campaign', 'campaignId'),
      input.accountIds.map((id, i) => decodeId(id, 'CampaignAccount', `accountIds.${i}`)),
      input.leaderId ? decodeId(input.leaderId, 'User', 'leaderId') : null,
    );
    return { accounts };
  }

  @FieldResolver(() => OrgUnit, { description: 'The org unit whose subtree the campaign covers.' })
  async orgUnit(@Root() campaign: Campaign, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(campaign.orgUnit.id))!;
  }

  @FieldResolver(() => User, { description: 'Who created it.' })
  async createdBy(@Root() campaign: Campaign, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(campaign.createdBy.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who closed it early; null unless closed by hand.' })
  closedBy(@Root() campaign: Campaign, @Ctx() ctx: Context): Promise<User | null> | null {
    return campaign.closedBy ? ctx.loaders.user.load(campaign.closedBy.id) : null;
  }

  @FieldResolver(() => CampaignProgress, { description: 'Live progress now: collected, percent of target and of plan, per unit and per person (the accounts you may see).' })
  async progress(@Root() campaign: Campaign, @Ctx() ctx: Context): Promise<Progress> {
    const [tallies, base, children] = await Promise.all([
      ctx.loaders.campaignTallies.load(campaign.id),
      ctx.loaders.campaignBase.load(campaign.id),
      ctx.loaders.orgUnitChildren.load(campaign.orgUnit.id),
    ]);
    return buildProgress({
      campaign,
      children: childrenInScope(children, ctx.scope()),
      tallies: tallies.rows,
      campaignBase: base,
      asOf: tallies.asOf,
      onDay: todayIn(),
      weekly: false,
    });
  }

  @FieldResolver(() => CampaignAccountConnection, { description: 'Its hard accounts 难点户 that you may see, in the order they were added.' })
  async accounts(@Root() campaign: Campaign, @Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: Context) {
    const afterId = after ? (decodeCursor(after, ['number'])[0] as number) : null;
    const page = await ctx.loaders.campaignAccountPages.load({ campaignId: campaign.id, first, afterId });
    return toConnection(page.rows, first, after, page.totalCount, (row) => [row.id]);
  }
}

@Resolver(() => CampaignAccount)
export class CampaignAccountResolver {
  @FieldResolver(() => Campaign, { description: 'The campaign.' })
  async campaign(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<Campaign> {
    return (await ctx.loaders.campaign.load(account.campaign.id))!;
  }

  @FieldResolver(() => ServiceAccount, { description: 'The service account 户号.' })
  async serviceAccount(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<ServiceAccount> {
    return (await ctx.loaders.serviceAccount.load(account.serviceAccount.id))!;
  }

  @FieldResolver(() => Customer, { description: 'Its customer.' })
  customer(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, account.customer.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The responsible leader 包保领导; null until assigned.' })
  leader(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<User | null> | null {
    return account.leader ? ctx.loaders.user.load(account.leader.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "The owner now: the account's collector 收费员, else the customer's responsible rep; null when neither." })
  async owner(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<User | null> {
    const tally = await ctx.loaders.campaignAccountTally.load({ campaignId: account.campaign.id, accountId: account.id });
    return tally?.ownerId ? ctx.loaders.user.load(tally.ownerId) : null;
  }

  @FieldResolver(() => DecimalScalar, { description: 'Collected on it so far (live): allocations to its base bills from payments paid within the window.' })
  async collected(@Root() account: CampaignAccount, @Ctx() ctx: Context): Promise<string> {
    const tally = await ctx.loaders.campaignAccountTally.load({ campaignId: account.campaign.id, accountId: account.id });
    return tally?.collected ?? '0.00';
  }
}

@Resolver(() => CampaignUnitStanding)
export class CampaignUnitStandingResolver {
  @FieldResolver(() => OrgUnit, { description: 'The unit.' })
  async orgUnit(@Root() row: CampaignUnitStanding, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(row.orgUnitId))!;
  }
}

@Resolver(() => CampaignPersonStanding)
export class CampaignPersonStandingResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The person; null for accounts nobody owns or leads yet.' })
  user(@Root() row: CampaignPersonStanding, @Ctx() ctx: Context): Promise<User | null> | null {
    return row.userId === null ? null : ctx.loaders.user.load(row.userId);
  }
}

@Resolver(() => CampaignReport)
export class CampaignReportResolver {
  @FieldResolver(() => Campaign, { description: 'The campaign.' })
  async campaign(@Root() report: CampaignReport, @Ctx() ctx: Context): Promise<Campaign> {
    return (await ctx.loaders.campaign.load(report.campaignId))!;
  }
}

export const CAMPAIGN_RESOLVERS = [CampaignResolver, CampaignAccountResolver, CampaignUnitStandingResolver, CampaignPersonStandingResolver, CampaignReportResolver] as const;

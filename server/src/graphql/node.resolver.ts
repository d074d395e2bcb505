/** `node(id:)` and `nodes(ids:)`: any object by its global ID. */
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { parseGlobalId } from './global-id.js';
import { Node } from './node.js';
import { MAX_PAGE_SIZE } from './connection.js';
import { AppError } from './errors.js';
import { isInSubtree } from '../modules/org/org.service.js';
import { ApiKeyScope, StaffPermission } from '../modules/auth/permissions.js';
import { can } from '../modules/auth/viewer.js';
import { timelineEntryNode } from '../modules/timeline/timeline.resolver.js';
import { visibleTarget } from '../modules/targets/target.resolver.js';
import { rewardNode } from '../modules/rewards/reward.resolver.js';
import { savedViewNode } from '../modules/saved-views/saved-view.resolver.js';

/** The object, when its org unit lies in the viewer's subtree. */
async function inSubtree<T extends { orgUnit: { id: number } }>(ctx: Context, row: T | null): Promise<T | null> {
  if (!row) return null;
  const unit = await ctx.loaders.orgUnit.load(row.orgUnit.id);
  return unit && isInSubtree(unit.path, ctx.scope().orgPath) ? row : null;
}

/**
 * How each type's objects are loaded, each within what the viewer may see:
 * an object outside it resolves to null exactly like a missing one.
 */
const NODE_LOADERS: Record<string, (ctx: Context, id: number) => Promise<object | null>> = {
  OrgUnit: async (ctx, id) => {
    const unit = await ctx.loaders.orgUnit.load(id);
    return unit && can(ctx.auth.viewer, ApiKeyScope.ORG_READ) && isInSubtree(unit.path, ctx.scope().orgPath) ? unit : null;
  },
  User: async (ctx, id) => {
    const user = await ctx.loaders.user.load(id);
    if (ctx.auth.viewer.kind === 'user' && ctx.auth.viewer.userId === id) return user;
    return can(ctx.auth.viewer, StaffPermission.USERS_READ) ? inSubtree(ctx, user) : null;
  },
  Customer: (ctx, id) => (can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ) ? ctx.loaders.customer.load(id) : Promise.resolve(null)),
  CustomerStatusChange: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const change = await ctx.loaders.statusChange.load(id);
    return change && (await ctx.loaders.customer.load(change.customer.id)) ? change : null;
  },
  Contact: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const contact = await ctx.loaders.contact.load(id);
    return contact && (await ctx.loaders.customer.load(contact.customer.id)) ? contact : null;
  },
  ContactRevision: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const revision = await ctx.loaders.contactRevision.load(id);
    const contact = revision && (await ctx.loaders.contact.load(revision.contact.id));
    return contact && (await ctx.loaders.customer.load(contact.customer.id)) ? revision : null;
  },
  ServiceAccount: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const account = await ctx.loaders.serviceAccount.load(id);
    return account && (await ctx.loaders.customer.load(account.customer.id)) ? account : null;
  },
  Visit: (ctx, id) => (can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ) ? ctx.loaders.visit.load(id) : Promise.resolve(null)),
  TimelineEntry: (ctx, id) => timelineEntryNode(ctx, id),
  Contract: (ctx, id) => (can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ) ? ctx.loaders.contract.load(id) : Promise.resolve(null)),
  ContractAttachment: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const attachment = await ctx.loaders.contractAttachment.load(id);
    return attachment && (await ctx.loaders.contract.load(attachment.contract.id)) ? attachment : null;
  },
  ContractEvent: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const event = await ctx.loaders.contractEvent.load(id);
    return event && (await ctx.loaders.customer.load(event.customer.id)) ? event : null;
  },
  RiskEntry: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const entry = await ctx.loaders.riskEntry.load(id);
    return entry && (await ctx.loaders.customer.load(entry.customer.id)) ? entry : null;
  },
  Bill: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const bill = await ctx.loaders.bill.load(id);
    return bill && (await ctx.loaders.customer.load(bill.customer.id)) ? bill : null;
  },
  Payment: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const payment = await ctx.loaders.payment.load(id);
    return payment && (await ctx.loaders.customer.load(payment.customer.id)) ? payment : null;
  },
  Adjustment: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const adjustment = await ctx.loaders.adjustment.load(id);
    return adjustment && (await ctx.loaders.customer.load(adjustment.customer.id)) ? adjustment : null;
  },
  Allocation: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const allocation = await ctx.loaders.allocation.load(id);
    const payment = allocation && (await ctx.loaders.payment.load(allocation.payment.id));
    return payment && (await ctx.loaders.customer.load(payment.customer.id)) ? allocation : null;
  },
  Refund: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const refund = await ctx.loaders.refund.load(id);
    const payment = refund && (await ctx.loaders.payment.load(refund.payment.id));
    return payment && (await ctx.loaders.customer.load(payment.customer.id)) ? refund : null;
  },
  InstallmentPlan: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const plan = await ctx.loaders.installmentPlan.load(id);
    return plan && (await ctx.loaders.customer.load(plan.customer.id)) ? plan : null;
  },
  Campaign: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const campaign = await ctx.loaders.campaign.load(id);
    const unit = campaign && (await ctx.loaders.orgUnit.load(campaign.orgUnit.id));
    // Readable in the unit's subtree and below a campaign covering the viewer (modules/campaigns).
    const path = ctx.scope().orgPath;
    return unit && (isInSubtree(unit.path, path) || isInSubtree(path, unit.path)) ? campaign : null;
  },
  CampaignAccount: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const account = await ctx.loaders.campaignAccount.load(id);
    const campaign = account && (await NODE_LOADERS.Campaign!(ctx, account.campaign.id));
    return campaign && (await ctx.loaders.customer.load(account.customer.id)) ? account : null;
  },
  WorklistItem: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const item = await ctx.loaders.worklistItem.load(id);
    return item && (await ctx.loaders.customer.load(item.customer.id)) ? item : null;
  },
  Instalment: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) return null;
    const instalment = await ctx.loaders.instalment.load(id);
    const plan = instalment && (await ctx.loaders.installmentPlan.load(instalment.plan.id));
    return plan && (await ctx.loaders.customer.load(plan.customer.id)) ? instalment : null;
  },
  ResponsibilityPeriod: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const period = await ctx.loaders.responsibilityPeriod.load(id);
    return period && (await ctx.loaders.customer.load(period.customer.id)) ? period : null;
  },
  Meter: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const meter = await ctx.loaders.meter.load(id);
    const account = meter && (await ctx.loaders.serviceAccount.load(meter.serviceAccount.id));
    return account && (await ctx.loaders.customer.load(account.customer.id)) ? meter : null;
  },
  MeterCalibration: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const calibration = await ctx.loaders.meterCalibration.load(id);
    return calibration && (await NODE_LOADERS.Meter!(ctx, calibration.meter.id)) ? calibration : null;
  },
  MeterReading: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const reading = await ctx.loaders.meterReading.load(id);
    return reading && (await NODE_LOADERS.Meter!(ctx, reading.meter.id)) ? reading : null;
  },
  Alert: (ctx, id) =>
    can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ) ? ctx.loaders.alert.load(id) : Promise.resolve(null),
  Target: async (ctx, id) => (can(ctx.auth.viewer, ApiKeyScope.ORG_READ) ? visibleTarget(ctx, await ctx.loaders.target.load(id)) : null),
  Inspection: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const inspection = await ctx.loaders.inspection.load(id);
    return inspection && (await ctx.loaders.customer.load(inspection.customer.id)) ? inspection : null;
  },
  RectificationNotice: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const notice = await ctx.loaders.rectificationNotice.load(id);
    return notice && (await ctx.loaders.customer.load(notice.customer.id)) ? notice : null;
  },
  ReturnVisit: async (ctx, id) => {
    if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
    const returnVisit = await ctx.loaders.returnVisit.load(id);
    return returnVisit && (await ctx.loaders.customer.load(returnVisit.customer.id)) ? returnVisit : null;
  },
  Reward: (ctx, id) => rewardNode(ctx, id),
  ApiKey: async (ctx, id) => (can(ctx.auth.viewer, StaffPermission.APIKEYS_MANAGE) ? inSubtree(ctx, await ctx.loaders.apiKey.load(id)) : null),
  SavedView: (ctx, id) => savedViewNode(ctx, id),
};

function loadNode(ctx: Context, globalId: string): Promise<object | null> {
  const parsed = parseGlobalId(globalId);
  // Own keys only: `Y29uc3RydWN0b3I6MQ` (constructor:1) must not find Object's constructor.
  const load = parsed && Object.hasOwn(NODE_LOADERS, parsed.type) ? NODE_LOADERS[parsed.type] : undefined;
  return parsed && load ? load(ctx, parsed.id) : Promise.resolve(null);
}

@Authorized()
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when there is none.' })
  node(@Arg('id', () => ID, { description: 'A global ID.' }) id: string, @Ctx() ctx: Context): Promise<object | null> {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: `Several objects by global ID (at most ${MAX_PAGE_SIZE}), in the order asked; null where there is none.` })
  nodes(
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<Array<object | null>> {
    if (ids.length > MAX_PAGE_SIZE) throw AppError.badInput([{ field: 'ids', message: `must list at most ${MAX_PAGE_SIZE} IDs` }]);
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}

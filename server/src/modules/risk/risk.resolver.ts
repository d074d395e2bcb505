/** GraphQL API of the risk-customer ledger 风险客户台账: thin mapping onto RiskService. */
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, idConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can, type Viewer } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { User } from '../org/user.entity.js';
import { todayIn } from '../../calendar.js';
import { RiskEntry } from './risk-entry.entity.js';
import { RiskService } from './risk.service.js';
import {
  PutOnRiskLedgerInput,
  PutOnRiskLedgerPayload,
  RiskActionType,
  RiskEntryConnection,
  RiskLedgerFilter,
  TakeOffRiskLedgerInput,
  TakeOffRiskLedgerPayload,
  UpdateRiskPlanInput,
  UpdateRiskPlanPayload,
} from './dto/risk.inputs.js';

/** Putting a customer on or off the ledger, naming its leader or changing its level are a lead's decisions. */
function requireAssign(viewer: Viewer, what: string): void {
  if (can(viewer, StaffPermission.CUSTOMERS_ASSIGN)) return;
  throw new AppError(ErrorCode.FORBIDDEN, `${what} requires the permission customers:assign`, [], {
    requires: [StaffPermission.CUSTOMERS_ASSIGN],
  });
}

@Resolver(() => RiskEntry)
export class RiskResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => RiskEntryConnection, {
    description: 'The risk-customer ledger 风险客户台账 a lead reviews: open entries (and closed ones on request) of the customers you may see, most recently opened first.',
  })
  async riskLedger(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => RiskLedgerFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: RiskLedgerFilter | null,
    @Ctx() ctx: Context,
  ) {
    return idConnection({ first, after }, (page) =>
      service(ctx).listLedger({
        ...page,
        orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
        levels: filter?.levels,
        leaderId: filter?.leaderId ? decodeId(filter.leaderId, 'User', 'filter.leaderId') : null,
        includeClosed: filter?.includeClosed,
      }),
    );
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => PutOnRiskLedgerPayload, {
    description: 'Puts a customer on the risk ledger with a level, a reason, a leader in charge 包保领导 and a plan 一户一策 (needs customers:assign). CONFLICT when it is on it already.',
  })
  async putOnRiskLedger(@Arg('input', () => PutOnRiskLedgerInput, { description: 'What to write.' }) input: PutOnRiskLedgerInput, @Ctx() ctx: Context): Promise<PutOnRiskLedgerPayload> {
    requireAssign(ctx.auth.viewer, 'Putting a customer on the risk ledger');
    const entry = await service(ctx).putOnLedger({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      level: input.level,
      reason: input.reason,
      responsibleLeaderId: decodeId(input.responsibleLeaderId, 'User', 'responsibleLeaderId'),
      plan: input.plan.map((item) => ({ action: item.action, dueOn: item.dueOn, doneOn: null })),
    });
    return { entry, customer: entry.customer as Customer };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => UpdateRiskPlanPayload, { description: 'Replaces the plan of an open entry, e.g. to mark actions done; changing the level needs customers:assign.' })
  async updateRiskPlan(@Arg('input', () => UpdateRiskPlanInput, { description: 'What to write.' }) input: UpdateRiskPlanInput, @Ctx() ctx: Context): Promise<UpdateRiskPlanPayload> {
    if (input.level) requireAssign(ctx.auth.viewer, 'Changing a risk level');
    const entry = await service(ctx).updatePlan({
      entryId: decodeId(input.entryId, 'RiskEntry', 'entryId'),
      ...(input.level ? { level: input.level } : {}),
      plan: input.plan.map((item) => ({ action: item.action, dueOn: item.dueOn, doneOn: item.doneOn ?? null })),
    });
    return { entry };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => TakeOffRiskLedgerPayload, { description: 'Takes a customer off the risk ledger with a reason (needs customers:assign); the entry stays as history.' })
  async takeOffRiskLedger(@Arg('input', () => TakeOffRiskLedgerInput, { description: 'What to write.' }) input: TakeOffRiskLedgerInput, @Ctx() ctx: Context): Promise<TakeOffRiskLedgerPayload> {
    requireAssign(ctx.auth.viewer, 'Taking a customer off the risk ledger');
    const entry = await service(ctx).takeOffLedger(decodeId(input.customerId, 'Customer', 'customerId'), input.reason);
    return { entry, customer: entry.customer as Customer };
  }

  @FieldResolver(() => Customer, { description: 'The customer on the ledger.' })
  customer(@Root() entry: RiskEntry, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, entry.customer.id);
  }

  @FieldResolver(() => User, { description: 'The leader in charge 包保领导.' })
  async responsibleLeader(@Root() entry: RiskEntry, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(entry.responsibleLeader.id))!;
  }

  @FieldResolver(() => [RiskActionType], { description: 'The plan 一户一策, in order.' })
  plan(@Root() entry: RiskEntry): RiskActionType[] {
    const today = todayIn();
    return entry.plan.map((item) => ({
      action: item.action,
      dueOn: item.dueOn ?? null,
      doneOn: item.doneOn ?? null,
      overdue: !item.doneOn && !!item.dueOn && item.dueOn < today,
    }));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who put the customer on the ledger; null for the system and partner tools.' })
  openedBy(@Root() entry: RiskEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.openedBy ? ctx.loaders.user.load(entry.openedBy.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who took it off; null while open.' })
  closedBy(@Root() entry: RiskEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.closedBy ? ctx.loaders.user.load(entry.closedBy.id) : null;
  }
}

@Resolver(() => Customer)
export class CustomerRiskResolver {
  @FieldResolver(() => [RiskEntry], { description: 'Its periods on the risk-customer ledger 风险客户台账, open and closed, newest first.' })
  riskEntries(@Root() customer: Customer, @Ctx() ctx: Context): Promise<RiskEntry[]> {
    return ctx.loaders.riskEntriesByCustomer.load(customer.id);
  }
}

function service(ctx: Context): RiskService {
  return new RiskService(ctx.em, ctx.scope(), ctx.actor());
}

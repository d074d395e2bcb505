/**
 * GraphQL API of staff rotation 轮岗 and the responsibility history: thin
 * mapping onto RotationService. Moving accounts and naming collectors needs
 * customers:assign — team leads in their subtree, and admins (DOMAIN.md "Who
 * uses it": leads assign hard accounts). The history is part of the customer.
 */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { StaffPermission } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { ResponsibilityPeriod } from './responsibility-period.entity.js';
import { RotationService } from './rotation.service.js';
import { AssignCollectorInput, AssignCollectorPayload, RotateAccountsInput, RotateAccountsPayload } from './dto/rotation.inputs.js';
import './responsibility.timeline.js';

function service(ctx: Context): RotationService {
  return new RotationService(ctx.em, ctx.scope(), ctx.actor());
}

@Resolver(() => ResponsibilityPeriod)
export class RotationResolver {
  @Authorized(StaffPermission.CUSTOMERS_ASSIGN)
  @Mutation(() => RotateAccountsPayload, {
    description:
      "Rotation 轮岗: moves a rep's customers (REP) or a collector's service accounts (COLLECTOR) — all of them in your scope, or those named — to another person, in one transaction. The history keeps who was responsible when; open alerts fromUser owned on the moved accounts pass to toUser.",
  })
  async rotateAccounts(@Arg('input', () => RotateAccountsInput, { description: 'Who hands over what to whom, and why.' }) input: RotateAccountsInput, @Ctx() ctx: Context): Promise<RotateAccountsPayload> {
    const result = await service(ctx).rotate({
      fromUserId: decodeId(input.fromUserId, 'User', 'fromUserId'),
      toUserId: decodeId(input.toUserId, 'User', 'toUserId'),
      role: input.role,
      customerIds: input.customerIds?.map((id, i) => decodeId(id, 'Customer', `customerIds.${i}`)) ?? null,
      serviceAccountIds: input.serviceAccountIds?.map((id, i) => decodeId(id, 'ServiceAccount', `serviceAccountIds.${i}`)) ?? null,
      effectiveOn: input.effectiveOn ?? null,
      reason: input.reason,
    });
    const customers = await Promise.all(result.customerIds.map((id) => ctx.loaders.customer.load(id)));
    return {
      fromUser: result.fromUser,
      toUser: result.toUser,
      customerCount: result.customerIds.length,
      serviceAccountCount: result.serviceAccountIds.length,
      alertsReassigned: result.alertsReassigned,
      customers: customers.filter((c): c is Customer => c !== null),
    };
  }

  @Authorized(StaffPermission.CUSTOMERS_ASSIGN)
  @Mutation(() => AssignCollectorPayload, { description: 'Names the fee collector 收费员 of a service account (or none), keeping the history; open alerts the previous collector owned on it pass to the new one.' })
  async assignCollector(@Arg('input', () => AssignCollectorInput, { description: 'The account, its new collector and why.' }) input: AssignCollectorInput, @Ctx() ctx: Context): Promise<AssignCollectorPayload> {
    const { serviceAccount, previousCollectorId } = await service(ctx).assignCollector(
      decodeId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
      input.collectorId ? decodeId(input.collectorId, 'User', 'collectorId') : null,
      input.reason,
    );
    return { serviceAccount, previousCollector: previousCollectorId ? await ctx.loaders.user.load(previousCollectorId) : null };
  }

  @FieldResolver(() => User, { description: 'Who was responsible.' })
  async user(@Root() period: ResponsibilityPeriod, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(period.user.id))!;
  }

  @FieldResolver(() => Customer, { description: 'The customer concerned (for a collector, the holder of the service account).' })
  async customer(@Root() period: ResponsibilityPeriod, @Ctx() ctx: Context): Promise<Customer> {
    const customer = await ctx.loaders.customer.load(period.customer.id);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: "The service account 户号 of a collector's period; null for REP and LEADER." })
  serviceAccount(@Root() period: ResponsibilityPeriod, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return period.serviceAccount ? ctx.loaders.serviceAccount.load(period.serviceAccount.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change; null for the system (backfill) and partner tools.' })
  changedBy(@Root() period: ResponsibilityPeriod, @Ctx() ctx: Context): Promise<User | null> | null {
    return period.changedBy ? ctx.loaders.user.load(period.changedBy.id) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True while the person still holds the responsibility (endedAt is null).' })
  current(@Root() period: ResponsibilityPeriod): boolean {
    return !period.endedAt;
  }
}

@Resolver(() => Customer)
export class CustomerResponsibilityResolver {
  @FieldResolver(() => [ResponsibilityPeriod], {
    description: "Who was responsible when 责任人履历: the periods of its reps, leaders 包保领导 and its accounts' collectors 收费员, newest first.",
  })
  responsibilityHistory(@Root() customer: Customer, @Ctx() ctx: Context): Promise<ResponsibilityPeriod[]> {
    return ctx.loaders.responsibilityPeriodsByCustomer.load(customer.id);
  }
}

export const ROTATION_RESOLVERS = [RotationResolver, CustomerResponsibilityResolver] as const;

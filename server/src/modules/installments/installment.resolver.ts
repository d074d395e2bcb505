/**
 * GraphQL API of installment plans 分期协议: thin mapping onto
 * InstallmentService. Agreeing a plan and recording what is paid on it need
 * payments:write — the collector's permission (DOMAIN.md "Who uses it":
 * collectors record payments and agree installment plans); reps and leads
 * log the collection visit and its promise to pay with visits:write instead.
 * Reading plans needs receivables:read, like the rest of the ledger.
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, idConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { InstallmentPlan, Instalment } from './installment.entity.js';
import { InstallmentService } from './installment.service.js';
import {
  AgreeInstallmentPlanInput,
  AgreeInstallmentPlanPayload,
  CancelInstallmentPlanInput,
  CancelInstallmentPlanPayload,
  InstallmentPlanConnection,
  InstallmentPlanFilter,
  RecordInstalmentPaymentInput,
  RecordInstalmentPaymentPayload,
} from './dto/installment.inputs.js';

function service(ctx: Context): InstallmentService {
  return new InstallmentService(ctx.em, ctx.scope(), ctx.actor());
}

@Resolver(() => InstallmentPlan)
export class InstallmentPlanResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => InstallmentPlanConnection, { description: 'Installment plans 分期协议 of the customers you may see, newest first.' })
  async installmentPlans(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => InstallmentPlanFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: InstallmentPlanFilter | null,
    @Ctx() ctx: Context,
  ) {
    return idConnection({ first, after }, (page) =>
      service(ctx).list({ ...page, orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null, statuses: filter?.statuses }),
    );
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => AgreeInstallmentPlanPayload, {
    description:
      'Agrees an installment plan 分期协议 for what a customer (or one service account) owes: 2 or more instalments on increasing days from today, adding up exactly to total. CONFLICT when an active plan already covers it.',
  })
  async agreeInstallmentPlan(
    @Arg('input', () => AgreeInstallmentPlanInput, { description: 'The plan.' }) input: AgreeInstallmentPlanInput,
    @Ctx() ctx: Context,
  ): Promise<AgreeInstallmentPlanPayload> {
    const plan = await service(ctx).agree({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      serviceAccountId: input.serviceAccountId ? decodeId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId') : null,
      total: input.total,
      instalments: input.instalments.map((item) => ({ dueOn: item.dueOn, amount: item.amount })),
      note: input.note,
    });
    return { plan, customer: plan.customer as Customer };
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => RecordInstalmentPaymentPayload, {
    description: 'Records money paid against an instalment; it is PAID once fully paid, and the plan COMPLETED once all are. Does not touch the ledger: record the payment itself with recordPayment.',
  })
  async recordInstalmentPayment(
    @Arg('input', () => RecordInstalmentPaymentInput, { description: 'The payment.' }) input: RecordInstalmentPaymentInput,
    @Ctx() ctx: Context,
  ): Promise<RecordInstalmentPaymentPayload> {
    const instalment = await service(ctx).recordPayment({
      instalmentId: decodeId(input.instalmentId, 'Instalment', 'instalmentId'),
      amount: input.amount,
      paidAt: input.paidAt,
    });
    return { instalment, plan: instalment.plan as InstallmentPlan };
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => CancelInstallmentPlanPayload, { description: 'Calls off an ACTIVE installment plan with a reason; CONFLICT when it is not active.' })
  async cancelInstallmentPlan(
    @Arg('input', () => CancelInstallmentPlanInput, { description: 'Which plan and why.' }) input: CancelInstallmentPlanInput,
    @Ctx() ctx: Context,
  ): Promise<CancelInstallmentPlanPayload> {
    return { plan: await service(ctx).cancel(decodeId(input.planId, 'InstallmentPlan', 'planId'), input.reason) };
  }

  @FieldResolver(() => Customer, { description: 'The customer who owes.' })
  customer(@Root() plan: InstallmentPlan, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, plan.customer.id);
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 the plan covers; null when it covers the whole customer.' })
  serviceAccount(@Root() plan: InstallmentPlan, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return plan.serviceAccount ? ctx.loaders.serviceAccount.load(plan.serviceAccount.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who agreed it (a collector); null for partner tools.' })
  agreedBy(@Root() plan: InstallmentPlan, @Ctx() ctx: Context): Promise<User | null> | null {
    return plan.agreedBy ? ctx.loaders.user.load(plan.agreedBy.id) : null;
  }

  @FieldResolver(() => [Instalment], { description: 'Its instalments, in order.' })
  instalments(@Root() plan: InstallmentPlan, @Ctx() ctx: Context): Promise<Instalment[]> {
    return ctx.loaders.instalmentsByPlan.load(plan.id);
  }
}

@Resolver(() => Instalment)
export class InstalmentResolver {
  @FieldResolver(() => InstallmentPlan, { description: 'The plan it belongs to.' })
  async plan(@Root() instalment: Instalment, @Ctx() ctx: Context): Promise<InstallmentPlan> {
    return (await ctx.loaders.installmentPlan.load(instalment.plan.id))!;
  }
}

@Resolver(() => Customer)
export class CustomerInstallmentPlansResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @FieldResolver(() => [InstallmentPlan], { description: 'Its installment plans 分期协议, active and past, newest first (needs receivables:read).' })
  installmentPlans(@Root() customer: Customer, @Ctx() ctx: Context): Promise<InstallmentPlan[]> {
    return ctx.loaders.installmentPlansByCustomer.load(customer.id);
  }
}

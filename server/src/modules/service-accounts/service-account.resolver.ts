/** GraphQL API of service accounts 户号: thin mapping onto ServiceAccountService. */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { ServiceAccount } from './service-account.entity.js';
import { ServiceAccountService } from './service-account.service.js';
import {
  AddServiceAccountInput,
  AddServiceAccountPayload,
  ChangeServiceAccountStatusInput,
  ChangeServiceAccountStatusPayload,
  UpdateServiceAccountInput,
  UpdateServiceAccountPayload,
} from './dto/service-account.inputs.js';

@Resolver(() => ServiceAccount)
export class ServiceAccountResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => ServiceAccount, {
    description: 'A service account by its number 户号, as a collector looks a customer up; NOT_FOUND when it does not exist or its customer is outside what you may see.',
  })
  serviceAccount(
    @Arg('accountNumber', () => String, { description: 'The account number 户号 (8 to 20 digits).' }) accountNumber: string,
    @Ctx() ctx: Context,
  ): Promise<ServiceAccount> {
    return service(ctx).findByAccountNumber(accountNumber);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => AddServiceAccountPayload, {
    description: 'Adds a service account to a customer. A duplicate account number is CONFLICT; the serving station may be in another branch (联办制).',
  })
  addServiceAccount(
    @Arg('input', () => AddServiceAccountInput, { description: 'What to write.' }) input: AddServiceAccountInput,
    @Ctx() ctx: Context,
  ): Promise<AddServiceAccountPayload> {
    return service(ctx).addServiceAccount({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      accountNumber: input.accountNumber,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      address: input.address,
      district: input.district ?? null,
      utility: input.utility ?? null,
      meterPoints: input.meterPoints ?? null,
      openedAt: input.openedAt ?? null,
    });
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => UpdateServiceAccountPayload, { description: 'Changes the address, district, metering points or serving station of an open service account.' })
  async updateServiceAccount(
    @Arg('input', () => UpdateServiceAccountInput, { description: 'What to write.' }) input: UpdateServiceAccountInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateServiceAccountPayload> {
    const serviceAccount = await service(ctx).updateServiceAccount(decodeId(input.id, 'ServiceAccount', 'id'), {
      address: input.address,
      district: input.district,
      meterPoints: input.meterPoints,
      orgUnitId: input.orgUnitId === undefined || input.orgUnitId === null ? input.orgUnitId : decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
    });
    return { serviceAccount };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => ChangeServiceAccountStatusPayload, {
    description: 'Suspends (seals 封堵), resumes or closes 销户 a service account, with a reason. Other moves are BAD_USER_INPUT.',
  })
  async changeServiceAccountStatus(
    @Arg('input', () => ChangeServiceAccountStatusInput, { description: 'What to write.' }) input: ChangeServiceAccountStatusInput,
    @Ctx() ctx: Context,
  ): Promise<ChangeServiceAccountStatusPayload> {
    const serviceAccount = await service(ctx).changeStatus(decodeId(input.id, 'ServiceAccount', 'id'), input.status, input.reason);
    return { serviceAccount };
  }

  @FieldResolver(() => Customer, { description: 'The customer that holds the account.' })
  async customer(@Root() account: ServiceAccount, @Ctx() ctx: Context): Promise<Customer> {
    // Accounts are reached only through customers the viewer may see; the loader checks again.
    const customer = await ctx.loaders.customer.load(account.customer.id);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: "The station that serves the account; null when it lies outside the part of the org tree you may see (a cross-branch account 联办制 is still listed with its customer).",
  })
  async orgUnit(@Root() account: ServiceAccount, @Ctx() ctx: Context): Promise<OrgUnit | null> {
    const unit = await ctx.loaders.orgUnit.load(account.orgUnit.id);
    return unit && isInSubtree(unit.path, ctx.scope().orgPath) ? unit : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The fee collector 收费员 who collects this account; null when none is assigned.' })
  collector(@Root() account: ServiceAccount, @Ctx() ctx: Context): Promise<User | null> | null {
    return account.collector ? ctx.loaders.user.load(account.collector.id) : null;
  }
}

/** `Customer.serviceAccounts`: the customer view gathers every account, whichever station serves it. */
@Resolver(() => Customer)
export class CustomerServiceAccountsResolver {
  @FieldResolver(() => [ServiceAccount], {
    description: 'All service accounts 户号 of the customer, across districts and serving stations (联办制), by account number.',
  })
  serviceAccounts(@Root() customer: Customer, @Ctx() ctx: Context): Promise<ServiceAccount[]> {
    return ctx.loaders.serviceAccountsByCustomer.load(customer.id);
  }
}

function service(ctx: Context): ServiceAccountService {
  return new ServiceAccountService(ctx.em, ctx.scope(), ctx.actor());
}

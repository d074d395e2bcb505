/** GraphQL API of customers: thin mapping onto CustomerService. */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import type { DomainEvent } from '../../events/domain-events.js';
import { isEventVisible, subscriptionScope } from '../../graphql/subscription-scope.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can, requirePermission, type Viewer } from '../auth/viewer.js';
import { Customer } from './customer.entity.js';
import { CustomerErrors } from './customer.errors.js';
import { CustomerStatus } from './customer.enums.js';
import { CustomerService, type CustomerChanges } from './customer.service.js';
import { CustomerStatusChange } from './status-change.entity.js';
import {
  AssignCustomerInput,
  AssignCustomerPayload,
  ConvertProspectInput,
  ConvertProspectPayload,
  CreateCustomerInput,
  CreateCustomerPayload,
  CustomerConnection,
  CustomerFilter,
  CustomerOrder,
  SetDishonestyFlagInput,
  SetDishonestyFlagPayload,
  StationDistance,
  UpdateCustomerInput,
  UpdateCustomerPayload,
} from './dto/customer.inputs.js';
import { CHANGE_KIND_OF_EVENT, CustomerChangedEvent } from './dto/customer-changed.event.js';

/**
 * Naming someone else as responsible rep, or anyone as responsible leader
 * 包保领导, is an assignment: leads and admins only.
 */
function checkAssignment(viewer: Viewer, repId: number | null | undefined, leaderId: number | null | undefined = undefined): void {
  if (can(viewer, StaffPermission.CUSTOMERS_ASSIGN)) return;
  const ownRep = repId === undefined || (viewer.kind === 'user' && repId === viewer.userId);
  if (ownRep && leaderId === undefined) return;
  throw new AppError(ErrorCode.FORBIDDEN, 'Assigning a responsible rep or leader requires the permission customers:assign', [], {
    requires: [StaffPermission.CUSTOMERS_ASSIGN],
  });
}

const optionalId = (value: string | null | undefined, type: string, field: string) =>
  value === undefined ? undefined : value === null ? null : decodeId(value, type, field);

@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => Customer, { description: 'One customer by ID; NOT_FOUND when it does not exist or is outside what you may see.' })
  customer(@Arg('id', () => ID, { description: 'The customer ID.' }) id: string, @Ctx() ctx: Context): Promise<Customer> {
    return service(ctx).getCustomer(decodeId(id, 'Customer', 'id'));
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => CustomerConnection, { description: 'Customers matching a filter, one page at a time.' })
  async customers(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Conditions; all must hold.' }) filterArg: CustomerFilter | null,
    @Arg('orderBy', () => CustomerOrder, { defaultValue: CustomerOrder.CREATED_AT_DESC, description: 'Sort order.' }) orderBy: CustomerOrder,
    @Ctx() ctx: Context,
  ) {
    const f: Partial<CustomerFilter> = filterArg ?? {};
    const page = await service(ctx).listCustomers({
      first,
      after: after ? decodeCursor(after, CustomerService.cursorShape(orderBy)) : null,
      orderBy,
      orgUnitId: optionalId(f.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      kinds: f.kinds,
      tiers: f.tiers,
      statuses: f.statuses,
      utilities: f.utilities,
      search: f.search,
      responsibleRepId: optionalId(f.responsibleRepId, 'User', 'filter.responsibleRepId'),
      responsibleLeaderId: optionalId(f.responsibleLeaderId, 'User', 'filter.responsibleLeaderId'),
      onRiskLedger: f.onRiskLedger,
      riskLevels: f.riskLevels,
      dishonest: f.dishonest,
      developedFrom: f.developedFrom,
      developedTo: f.developedTo,
      industries: f.industries,
      minMonthlyConsumption: f.minMonthlyConsumption,
      nearStation: f.nearStation
        ? { stationId: decodeId(f.nearStation.stationId, 'OrgUnit', 'filter.nearStation.stationId'), withinKm: f.nearStation.withinKm }
        : null,
    });
    return toConnection(page.rows, first, after, page.totalCount, page.keyOf);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => CreateCustomerPayload, { description: 'Creates a customer. Bad input is BAD_USER_INPUT naming the fields; nothing is written.' })
  async createCustomer(@Arg('input', () => CreateCustomerInput, { description: 'What to write.' }) input: CreateCustomerInput, @Ctx() ctx: Context): Promise<CreateCustomerPayload> {
    const responsibleRepId = optionalId(input.responsibleRepId, 'User', 'responsibleRepId') ?? null;
    const responsibleLeaderId = optionalId(input.responsibleLeaderId, 'User', 'responsibleLeaderId') ?? null;
    checkAssignment(ctx.auth.viewer, responsibleRepId ?? undefined, responsibleLeaderId ?? undefined);
    const customer = await service(ctx).createCustomer({
      name: input.name,
      uscc: input.uscc ?? null,
      kind: input.kind,
      utility: input.utility,
      tier: input.tier,
      status: input.status ?? CustomerStatus.PROSPECT,
      statusReason: input.statusReason ?? null,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      responsibleRepId,
      responsibleLeaderId,
      address: input.address ?? null,
      estimatedMonthlyConsumption: input.estimatedMonthlyConsumption ?? null,
      industry: input.industry ?? null,
      source: input.source ?? null,
      sourceDetail: input.sourceDetail ?? null,
      referredById: optionalId(input.referredById, 'Customer', 'referredById') ?? null,
      district: input.district ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
    });
    return { customer };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => UpdateCustomerPayload, { description: 'Changes a customer. Omitted fields stay; lifecycle moves are checked.' })
  async updateCustomer(@Arg('input', () => UpdateCustomerInput, { description: 'What to write.' }) input: UpdateCustomerInput, @Ctx() ctx: Context): Promise<UpdateCustomerPayload> {
    const { id, orgUnitId, responsibleRepId, responsibleLeaderId, referredById, ...rest } = input;
    const changes: CustomerChanges = { ...(rest as CustomerChanges) };
    if (orgUnitId !== undefined) changes.orgUnitId = optionalId(orgUnitId, 'OrgUnit', 'orgUnitId') as number;
    if (responsibleRepId !== undefined) changes.responsibleRepId = optionalId(responsibleRepId, 'User', 'responsibleRepId') ?? null;
    if (responsibleLeaderId !== undefined) changes.responsibleLeaderId = optionalId(responsibleLeaderId, 'User', 'responsibleLeaderId') ?? null;
    if (referredById !== undefined) changes.referredById = optionalId(referredById, 'Customer', 'referredById') ?? null;
    checkAssignment(ctx.auth.viewer, changes.responsibleRepId, changes.responsibleLeaderId);
    const customer = await service(ctx).updateCustomer(decodeId(id, 'Customer', 'id'), changes);
    return { customer };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => SetDishonestyFlagPayload, {
    description: 'Puts a customer on the industry dishonesty list 失信名单 (a reason is required) or takes it off; audited. Its receivables stay tracked.',
  })
  async setDishonestyFlag(@Arg('input', () => SetDishonestyFlagInput, { description: 'What to write.' }) input: SetDishonestyFlagInput, @Ctx() ctx: Context): Promise<SetDishonestyFlagPayload> {
    const customer = await service(ctx).setDishonestyFlag(decodeId(input.customerId, 'Customer', 'customerId'), input.dishonest, input.reason ?? null);
    return { customer };
  }

  @Authorized([ApiKeyScope.CUSTOMERS_WRITE, StaffPermission.CUSTOMERS_ASSIGN])
  @Mutation(() => AssignCustomerPayload, {
    description: 'Names the responsible rep 客户经理 and/or responsible leader 包保领导 of a customer. Needs customers:assign.',
  })
  async assignCustomer(@Arg('input', () => AssignCustomerInput, { description: 'What to write.' }) input: AssignCustomerInput, @Ctx() ctx: Context): Promise<AssignCustomerPayload> {
    const customer = await service(ctx).assignCustomer(decodeId(input.customerId, 'Customer', 'customerId'), {
      responsibleRepId: optionalId(input.responsibleRepId, 'User', 'responsibleRepId'),
      responsibleLeaderId: optionalId(input.responsibleLeaderId, 'User', 'responsibleLeaderId'),
    });
    return { customer };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => ConvertProspectPayload, {
    description: 'Marks a prospect (PROSPECT, CONTACTED or NEGOTIATING) as developed 开发成功: ACTIVE, with its tier and USCC; sets developedAt the first time.',
  })
  async convertProspect(@Arg('input', () => ConvertProspectInput, { description: 'What to write.' }) input: ConvertProspectInput, @Ctx() ctx: Context): Promise<ConvertProspectPayload> {
    const customer = await service(ctx).convertProspect(decodeId(input.customerId, 'Customer', 'customerId'), input.tier, input.uscc);
    return { customer };
  }

  @Subscription(() => CustomerChangedEvent, {
    description: 'Customers created or changed in the subtree of orgUnitId (the whole company when omitted), pushed once the change commits.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
      const scope = await subscriptionScope(ctx, args.orgUnitId as string | undefined);
      return pipe(
        ctx.events.subscribe(),
        filter((event: DomainEvent) => event.kind in CHANGE_KIND_OF_EVENT && isEventVisible(event, scope)),
      );
    },
  })
  async customerChanged(
    @Root() event: DomainEvent,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Root of the subtree to watch.' }) _orgUnitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<CustomerChangedEvent> {
    ctx.refresh();
    // The viewer may have lost the right since it subscribed.
    requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
    const customer = await ctx.loaders.customer.load(event.customerId!);
    if (!customer) throw CustomerErrors.notFound();
    return {
      eventId: event.id,
      kind: CHANGE_KIND_OF_EVENT[event.kind as keyof typeof CHANGE_KIND_OF_EVENT],
      customer,
      changedFields: Array.isArray(event.payload.changedFields) ? (event.payload.changedFields as string[]) : [],
      occurredAt: new Date(event.createdAt),
    };
  }

  @FieldResolver(() => OrgUnit, { description: 'The org unit (usually a station) the customer belongs to.' })
  async orgUnit(@Root() customer: Customer, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(customer.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The responsible rep 客户经理, if one is assigned.' })
  responsibleRep(@Root() customer: Customer, @Ctx() ctx: Context): Promise<User | null> | null {
    return customer.responsibleRep ? ctx.loaders.user.load(customer.responsibleRep.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The leader responsible for this hard account 包保领导, if one is named.' })
  responsibleLeader(@Root() customer: Customer, @Ctx() ctx: Context): Promise<User | null> | null {
    return customer.responsibleLeader ? ctx.loaders.user.load(customer.responsibleLeader.id) : null;
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer who referred this one 客户引荐客户; null when none, or when you may not see it.' })
  referredBy(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Customer | null> | null {
    return customer.referredBy ? ctx.loaders.customer.load(customer.referredBy.id) : null;
  }

  @FieldResolver(() => [Customer], { description: 'Customers this one referred, those you may see, oldest first.' })
  referrals(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Customer[]> {
    return ctx.loaders.referralsByCustomer.load(customer.id);
  }

  @FieldResolver(() => [CustomerStatusChange], { description: 'Lifecycle stages the customer reached, with reasons, oldest first.' })
  statusHistory(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerStatusChange[]> {
    return ctx.loaders.statusHistoryByCustomer.load(customer.id);
  }

  @FieldResolver(() => StationDistance, {
    nullable: true,
    description: 'The nearest station with coordinates (among those you may see) and its distance; null when the customer has no coordinates.',
  })
  nearestStation(@Root() customer: Customer, @Ctx() ctx: Context): Promise<StationDistance | null> | null {
    return customer.latitude == null || customer.longitude == null ? null : ctx.loaders.nearestStation.load(customer.id);
  }
}

@Resolver(() => CustomerStatusChange)
export class CustomerStatusChangeResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who moved the customer; null for a partner tool or the system.' })
  changedBy(@Root() change: CustomerStatusChange, @Ctx() ctx: Context): Promise<User | null> | null {
    return change.changedBy ? ctx.loaders.user.load(change.changedBy.id) : null;
  }
}

function service(ctx: Context): CustomerService {
  return new CustomerService(ctx.em, ctx.scope(), ctx.actor());
}

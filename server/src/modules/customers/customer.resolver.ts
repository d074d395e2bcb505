/** GraphQL API of customers: thin mapping onto CustomerService. */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { Contact } from '../contacts/contact.entity.js';
import type { DomainEvent } from '../../events/domain-events.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can, dataScope, requirePermission, type Viewer } from '../auth/viewer.js';
import { Customer } from './customer.entity.js';
import { CustomerErrors } from './customer.errors.js';
import { CustomerStatus } from './customer.enums.js';
import { CustomerService, type CustomerChanges } from './customer.service.js';
import {
  CreateCustomerInput,
  CreateCustomerPayload,
  CustomerConnection,
  CustomerFilter,
  CustomerOrder,
  UpdateCustomerInput,
  UpdateCustomerPayload,
} from './dto/customer.inputs.js';
import { CHANGE_KIND_OF_EVENT, CustomerChangedEvent } from './dto/customer-changed.event.js';

/** Naming someone else as responsible rep is an assignment: leads and admins only. */
function checkAssignment(viewer: Viewer, repId: number | null | undefined): void {
  if (repId === undefined || can(viewer, StaffPermission.CUSTOMERS_ASSIGN)) return;
  if (viewer.kind === 'user' && repId === viewer.userId) return;
  throw new AppError(ErrorCode.FORBIDDEN, 'Assigning a responsible rep requires the permission customers:assign', [], {
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
    const shape = orderBy === CustomerOrder.NAME_ASC ? (['string', 'number'] as const) : (['number'] as const);
    const { rows, totalCount } = await service(ctx).listCustomers({
      first,
      after: after ? decodeCursor(after, [...shape]) : null,
      orderBy,
      orgUnitId: optionalId(filterArg?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      kinds: filterArg?.kinds,
      tiers: filterArg?.tiers,
      statuses: filterArg?.statuses,
      utilities: filterArg?.utilities,
      search: filterArg?.search,
    });
    return toConnection(rows, first, after, totalCount, (row) => CustomerService.keyOf(row, orderBy));
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => CreateCustomerPayload, { description: 'Creates a customer. Bad input is BAD_USER_INPUT naming the fields; nothing is written.' })
  async createCustomer(@Arg('input', () => CreateCustomerInput, { description: 'What to write.' }) input: CreateCustomerInput, @Ctx() ctx: Context): Promise<CreateCustomerPayload> {
    const responsibleRepId = optionalId(input.responsibleRepId, 'User', 'responsibleRepId') ?? null;
    checkAssignment(ctx.auth.viewer, responsibleRepId ?? undefined);
    const customer = await service(ctx).createCustomer({
      name: input.name,
      uscc: input.uscc ?? null,
      kind: input.kind,
      utility: input.utility,
      tier: input.tier,
      status: input.status ?? CustomerStatus.PROSPECT,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      responsibleRepId,
      address: input.address ?? null,
      estimatedMonthlyConsumption: input.estimatedMonthlyConsumption ?? null,
    });
    return { customer };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => UpdateCustomerPayload, { description: 'Changes a customer. Omitted fields stay; lifecycle moves are checked.' })
  async updateCustomer(@Arg('input', () => UpdateCustomerInput, { description: 'What to write.' }) input: UpdateCustomerInput, @Ctx() ctx: Context): Promise<UpdateCustomerPayload> {
    const { id, orgUnitId, responsibleRepId, ...rest } = input;
    const changes: CustomerChanges = { ...(rest as CustomerChanges) };
    if (orgUnitId !== undefined) changes.orgUnitId = optionalId(orgUnitId, 'OrgUnit', 'orgUnitId') as number;
    if (responsibleRepId !== undefined) changes.responsibleRepId = optionalId(responsibleRepId, 'User', 'responsibleRepId') ?? null;
    checkAssignment(ctx.auth.viewer, changes.responsibleRepId);
    const customer = await service(ctx).updateCustomer(decodeId(id, 'Customer', 'id'), changes);
    return { customer };
  }

  @Subscription(() => CustomerChangedEvent, {
    description: 'Customers created or changed in the subtree of orgUnitId (the whole company when omitted), pushed once the change commits.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
      const scope = dataScope(ctx.auth.viewer);
      let rootPath = scope.orgPath;
      if (args.orgUnitId) {
        const unit = await ctx.loaders.orgUnit.load(decodeId(args.orgUnitId as string, 'OrgUnit', 'orgUnitId'));
        if (!unit || !isInSubtree(unit.path, scope.orgPath)) throw CustomerErrors.orgUnitMissing('orgUnitId');
        rootPath = unit.path;
      }
      // Filtered on the event's own facts, so no SQL runs for events the viewer may not see.
      return pipe(
        ctx.events.subscribe(),
        filter(
          (event: DomainEvent) =>
            event.kind in CHANGE_KIND_OF_EVENT &&
            isInSubtree(event.orgPath, rootPath) &&
            (scope.repId === null || event.payload.responsibleRepId === scope.repId),
        ),
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

  @FieldResolver(() => [Contact], { description: 'Contact people, the primary one first.' })
  contacts(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Contact[]> {
    return ctx.loaders.contactsByCustomer.load(customer.id);
  }
}

function service(ctx: Context): CustomerService {
  return new CustomerService(ctx.em, ctx.scope(), ctx.actor());
}

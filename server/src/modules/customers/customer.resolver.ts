/** GraphQL API of customers: thin mapping onto CustomerService. */
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { Contact } from '../contacts/contact.entity.js';
import type { DomainEvent } from '../../events/domain-events.js';
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

const optionalId = (value: string | null | undefined, type: string, field: string) =>
  value === undefined ? undefined : value === null ? null : decodeId(value, type, field);

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { description: 'One customer by ID; NOT_FOUND when it does not exist.' })
  customer(@Arg('id', () => ID, { description: 'The customer ID.' }) id: string, @Ctx() ctx: Context): Promise<Customer> {
    return new CustomerService(ctx.em).getCustomer(decodeId(id, 'Customer', 'id'));
  }

  @Query(() => CustomerConnection, { description: 'Customers matching a filter, one page at a time.' })
  async customers(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Conditions; all must hold.' }) filterArg: CustomerFilter | null,
    @Arg('orderBy', () => CustomerOrder, { defaultValue: CustomerOrder.CREATED_AT_DESC, description: 'Sort order.' }) orderBy: CustomerOrder,
    @Ctx() ctx: Context,
  ) {
    const shape = orderBy === CustomerOrder.NAME_ASC ? (['string', 'number'] as const) : (['number'] as const);
    const { rows, totalCount } = await new CustomerService(ctx.em).listCustomers({
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

  @Mutation(() => CreateCustomerPayload, { description: 'Creates a customer. Bad input is BAD_USER_INPUT naming the fields; nothing is written.' })
  async createCustomer(@Arg('input', () => CreateCustomerInput, { description: 'What to write.' }) input: CreateCustomerInput, @Ctx() ctx: Context): Promise<CreateCustomerPayload> {
    const customer = await new CustomerService(ctx.em).createCustomer({
      name: input.name,
      uscc: input.uscc ?? null,
      kind: input.kind,
      utility: input.utility,
      tier: input.tier,
      status: input.status ?? CustomerStatus.PROSPECT,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      responsibleRepId: optionalId(input.responsibleRepId, 'User', 'responsibleRepId') ?? null,
      address: input.address ?? null,
      estimatedMonthlyConsumption: input.estimatedMonthlyConsumption ?? null,
    });
    return { customer };
  }

  @Mutation(() => UpdateCustomerPayload, { description: 'Changes a customer. Omitted fields stay; lifecycle moves are checked.' })
  async updateCustomer(@Arg('input', () => UpdateCustomerInput, { description: 'What to write.' }) input: UpdateCustomerInput, @Ctx() ctx: Context): Promise<UpdateCustomerPayload> {
    const { id, orgUnitId, responsibleRepId, ...rest } = input;
    const changes: CustomerChanges = { ...(rest as CustomerChanges) };
    if (orgUnitId !== undefined) changes.orgUnitId = optionalId(orgUnitId, 'OrgUnit', 'orgUnitId') as number;
    if (responsibleRepId !== undefined) changes.responsibleRepId = optionalId(responsibleRepId, 'User', 'responsibleRepId') ?? null;
    const customer = await new CustomerService(ctx.em).updateCustomer(decodeId(id, 'Customer', 'id'), changes);
    return { customer };
  }

  @Subscription(() => CustomerChangedEvent, {
    description: 'Customers created or changed in the subtree of orgUnitId (the whole company when omitted), pushed once the change commits.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      let rootPath = '/';
      if (args.orgUnitId) {
        const unit = await ctx.loaders.orgUnit.load(decodeId(args.orgUnitId as string, 'OrgUnit', 'orgUnitId'));
        if (!unit) throw CustomerErrors.orgUnitMissing('orgUnitId');
        rootPath = unit.path;
      }
      return pipe(
        ctx.events.subscribe(),
        filter((event: DomainEvent) =>
          event.kind in CHANGE_KIND_OF_EVENT &&
          (isInSubtree(event.orgPath, rootPath) ||
            (typeof event.payload.previousOrgPath === 'string' && isInSubtree(event.payload.previousOrgPath, rootPath))),
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

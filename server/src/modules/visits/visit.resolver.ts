/** GraphQL API of visits: thin mapping onto VisitService and the visit loaders. */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { isEventVisible, subscriptionScope } from '../../graphql/subscription-scope.js';
import { AppError } from '../../graphql/errors.js';
import type { DomainEvent } from '../../events/domain-events.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { requirePermission } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Visit } from './visit.entity.js';
import { VisitErrors } from './visit.errors.js';
import { VisitService } from './visit.service.js';
import {
  CustomerVisitFilter,
  LastVisitsArgs,
  LogVisitInput,
  LogVisitPayload,
  VisitConnection,
  VisitFilter,
  VisitLoggedEvent,
  VisitSummary,
} from './dto/visit.inputs.js';

const optionalId = (value: string | null | undefined, type: string, field: string) => (value ? decodeId(value, type, field) : null);

/** A cursor of a visit list: [occurredAt ISO string, id]. */
function visitCursor(after: string | null | undefined): [string, number] | null {
  if (!after) return null;
  const key = decodeCursor(after, ['string', 'number']) as [string, number];
  if (Number.isNaN(new Date(key[0]).getTime())) throw AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
  return key;
}

@Resolver(() => Visit)
export class VisitResolver {
  @Authorized(ApiKeyScope.VISITS_WRITE)
  @Mutation(() => LogVisitPayload, {
    description: 'Logs a visit 走访 or call with a customer (DOMAIN.md "Visits"). Bad input is BAD_USER_INPUT naming every broken rule; nothing is written.',
  })
  async logVisit(@Arg('input', () => LogVisitInput, { description: 'What to write.' }) input: LogVisitInput, @Ctx() ctx: Context): Promise<LogVisitPayload> {
    const visit = await service(ctx).logVisit({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      serviceAccountId: optionalId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
      channel: input.channel,
      purpose: input.purpose,
      occurredAt: input.occurredAt,
      outcome: input.outcome,
      nextStep: input.nextStep ?? null,
      nextStepDueOn: input.nextStepDueOn ?? null,
      promisedAmount: input.promisedAmount ?? null,
      promisedOn: input.promisedOn ?? null,
      satisfaction: input.satisfaction ?? null,
      checkInAt: input.checkInAt ?? null,
      checkInLatitude: input.checkInLatitude ?? null,
      checkInLongitude: input.checkInLongitude ?? null,
      participantIds: (input.participantIds ?? []).map((id, i) => decodeId(id, 'User', `participantIds.${i}`)),
    });
    return { visit };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => VisitConnection, { description: 'Visits to the customers you may see, newest first: the team lead\'s view of who visited whom.' })
  async visits(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => VisitFilter, { nullable: true, description: 'Conditions; all must hold.' }) filterArg: VisitFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).listVisits({
      first,
      after: visitCursor(after),
      orgUnitId: optionalId(filterArg?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      participantId: optionalId(filterArg?.participantId, 'User', 'filter.participantId'),
      purposes: filterArg?.purposes,
      channels: filterArg?.channels,
      from: filterArg?.from,
      to: filterArg?.to,
      promiseDueFrom: filterArg?.promiseDueFrom,
      promiseDueTo: filterArg?.promiseDueTo,
    });
    return toConnection(rows, first, after, totalCount, VisitService.keyOf);
  }

  @Subscription(() => VisitLoggedEvent, {
    description: 'Visits logged to customers in the subtree of orgUnitId (what you may see when omitted), or to one customer, pushed once they commit.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
      const scope = await subscriptionScope(ctx, args.orgUnitId as string | null | undefined);
      let customerId: number | null = null;
      if (args.customerId) {
        customerId = decodeId(args.customerId as string, 'Customer', 'customerId');
        if (!(await ctx.loaders.customer.load(customerId))) throw CustomerErrors.notFound();
      }
      return pipe(
        ctx.events.subscribe(),
        filter(
          (event: DomainEvent) =>
            event.kind === 'visit.logged' && isEventVisible(event, scope) && (customerId === null || event.customerId === customerId),
        ),
      );
    },
  })
  async visitLogged(
    @Root() event: DomainEvent,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Root of the subtree to watch.' }) _orgUnitId: string | null,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only visits to this customer.' }) _customerId: string | null,
    @Ctx() ctx: Context,
  ): Promise<VisitLoggedEvent> {
    ctx.refresh();
    // The viewer may have lost the right since it subscribed.
    requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
    const visit = await ctx.loaders.visit.load(Number(event.payload.visitId));
    if (!visit) throw VisitErrors.notFound();
    return { eventId: event.id, visit, occurredAt: new Date(event.createdAt) };
  }

  @FieldResolver(() => Customer, { description: 'The customer visited.' })
  async customer(@Root() visit: Visit, @Ctx() ctx: Context): Promise<Customer> {
    const customer = await ctx.loaders.customer.load(visit.customer.id);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 the visit was about, if one.' })
  serviceAccount(@Root() visit: Visit, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return visit.serviceAccount ? ctx.loaders.serviceAccount.load(visit.serviceAccount.id) : null;
  }

  @FieldResolver(() => User, { description: 'Who logged the visit; also a participant.' })
  async recordedBy(@Root() visit: Visit, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(visit.recordedBy.id))!;
  }

  @FieldResolver(() => [User], { description: 'Everyone who went, leaders included (领导走访); the recorder first.' })
  async participants(@Root() visit: Visit, @Ctx() ctx: Context): Promise<User[]> {
    const ids = (await ctx.loaders.visitParticipantIds.load(visit.id)).map((row) => row.userId);
    const recorderId = visit.recordedBy.id;
    const ordered = [recorderId, ...ids.filter((id) => id !== recorderId)];
    const users = await ctx.loaders.user.loadMany(ordered);
    return users.filter((user): user is User => user instanceof User);
  }
}

/** The visit fields of a customer: its visits, last visits and summary. */
@Resolver(() => Customer)
export class CustomerVisitsResolver {
  @FieldResolver(() => VisitConnection, { description: 'Visits to this customer, newest first.' })
  async visits(
    @Root() customer: Customer,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => CustomerVisitFilter, { nullable: true, description: 'Conditions; all must hold.' }) filterArg: CustomerVisitFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await ctx.loaders.customerVisits.load({
      customerId: customer.id,
      first,
      after: visitCursor(after),
      channels: filterArg?.channels?.length ? filterArg.channels : null,
      purposes: filterArg?.purposes?.length ? filterArg.purposes : null,
      from: filterArg?.from ?? null,
      to: filterArg?.to ?? null,
    });
    return toConnection(rows, first, after, totalCount, VisitService.keyOf);
  }

  @FieldResolver(() => [Visit], { description: 'The latest visits to this customer, newest first: what to read before the next one.' })
  lastVisits(@Root() customer: Customer, @Args(() => LastVisitsArgs) { count }: LastVisitsArgs, @Ctx() ctx: Context): Promise<Visit[]> {
    return ctx.loaders.lastVisits.load({ customerId: customer.id, count });
  }

  @FieldResolver(() => VisitSummary, { description: 'How often, how and when last this customer was visited, and its open promises to pay.' })
  visitSummary(@Root() customer: Customer, @Ctx() ctx: Context): Promise<VisitSummary> {
    return ctx.loaders.visitSummary.load(customer.id);
  }
}

function service(ctx: Context): VisitService {
  return new VisitService(ctx.em, ctx.scope(), ctx.actor());
}

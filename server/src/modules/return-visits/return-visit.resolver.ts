/**
 * GraphQL API of return visits 回访: thin mapping onto ReturnVisitService.
 * Reading needs customers:read; scheduling one (for service events from
 * other systems) needs inspections:write, the service side's write scope.
 * Return visits are completed by logging a RETURN_VISIT visit (logVisit).
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { AppError } from '../../graphql/errors.js';
import { isCalendarDate } from '../../calendar.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { RectificationNotice } from '../inspections/inspection.entity.js';
import { ReturnVisit } from './return-visit.entity.js';
import { MAX_TREND_MONTHS, ReturnVisitService } from './return-visit.service.js';
import { ReturnVisitConnection, ReturnVisitFilter, SatisfactionPoint, ScheduleReturnVisitInput, ScheduleReturnVisitPayload } from './dto/return-visit.inputs.js';
import './return-visit.timeline.js';

function service(ctx: Context): ReturnVisitService {
  return new ReturnVisitService(ctx.em, ctx.scope(), ctx.actor());
}

const optionalId = (value: string | null | undefined, type: string, field: string) => (value ? decodeId(value, type, field) : null);

@Resolver(() => ReturnVisit)
export class ReturnVisitResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => ReturnVisitConnection, { description: 'Return visits 回访 of the customers you may see, due soonest first.' })
  async returnVisits(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => ReturnVisitFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: ReturnVisitFilter | null,
    @Ctx() ctx: Context,
  ) {
    let key: [string, number] | null = null;
    if (after) {
      key = decodeCursor(after, ['string', 'number']) as [string, number];
      if (!isCalendarDate(key[0])) throw AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
    }
    const { rows, totalCount } = await service(ctx).list({
      first,
      after: key,
      statuses: filter?.statuses,
      reasons: filter?.reasons,
      dueBefore: filter?.dueBefore,
      overdue: filter?.overdue,
      ownerId: optionalId(filter?.ownerId, 'User', 'filter.ownerId'),
      orgUnitId: optionalId(filter?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.dueOn, row.id]);
  }

  @Authorized(ApiKeyScope.INSPECTIONS_WRITE)
  @Mutation(() => ScheduleReturnVisitPayload, {
    description: 'Schedules a return visit 回访 after a service event (installation, repair, complaint …) reported by another system; its owner is the customer\'s rep.',
  })
  async scheduleReturnVisit(
    @Arg('input', () => ScheduleReturnVisitInput, { description: 'The customer, the event and when.' }) input: ScheduleReturnVisitInput,
    @Ctx() ctx: Context,
  ): Promise<ScheduleReturnVisitPayload> {
    const returnVisit = await service(ctx).schedule(decodeId(input.customerId, 'Customer', 'customerId'), {
      serviceAccountId: optionalId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
      reason: input.reason,
      dueOn: input.dueOn ?? null,
      note: input.note ?? null,
    });
    return { returnVisit, customer: returnVisit.customer as Customer };
  }

  @FieldResolver(() => Customer, { description: 'The customer to visit.' })
  customer(@Root() returnVisit: ReturnVisit, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, returnVisit.customer.id);
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 the service event was about, if one.' })
  serviceAccount(@Root() returnVisit: ReturnVisit, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return returnVisit.serviceAccount ? ctx.loaders.serviceAccount.load(returnVisit.serviceAccount.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who is to make it: the customer's rep when it was scheduled." })
  owner(@Root() returnVisit: ReturnVisit, @Ctx() ctx: Context): Promise<User | null> | null {
    return returnVisit.owner ? ctx.loaders.user.load(returnVisit.owner.id) : null;
  }

  @FieldResolver(() => RectificationNotice, { nullable: true, description: 'The closed rectification notice it follows up (reason RECTIFICATION).' })
  notice(@Root() returnVisit: ReturnVisit, @Ctx() ctx: Context): Promise<RectificationNotice | null> | null {
    return returnVisit.notice ? ctx.loaders.rectificationNotice.load(returnVisit.notice.id) : null;
  }

  @FieldResolver(() => Visit, { nullable: true, description: 'The RETURN_VISIT visit that made it; null while scheduled.' })
  visit(@Root() returnVisit: ReturnVisit, @Ctx() ctx: Context): Promise<Visit | null> | null {
    return returnVisit.visit ? ctx.loaders.visit.load(returnVisit.visit.id) : null;
  }
}

@Resolver(() => Customer)
export class CustomerReturnVisitsResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [ReturnVisit], { description: 'Its return visits 回访, scheduled and done, newest first.' })
  returnVisits(@Root() customer: Customer, @Ctx() ctx: Context): Promise<ReturnVisit[]> {
    return ctx.loaders.returnVisitsByCustomer.load(customer.id);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [SatisfactionPoint], {
    description: 'Its satisfaction trend 满意度趋势: per calendar month, oldest first up to this month, the average satisfaction and count of its RETURN_VISIT visits.',
  })
  async satisfactionTrend(
    @Root() customer: Customer,
    @Arg('months', () => Int, { defaultValue: 12, description: `How many months back, this month included, 1–${MAX_TREND_MONTHS}.` }) months: number,
    @Ctx() ctx: Context,
  ): Promise<SatisfactionPoint[]> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) {
      throw AppError.badInput([{ field: 'months', message: `must be from 1 to ${MAX_TREND_MONTHS}` }]);
    }
    const points = await ctx.loaders.satisfactionTrend(months).load(customer.id);
    return points.map((p) => Object.assign(new SatisfactionPoint(), { month: p.month, averageSatisfaction: p.average, count: p.count }));
  }
}

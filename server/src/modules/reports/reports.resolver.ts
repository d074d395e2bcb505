/** GraphQL API of the daily report 日通报, the daily scan 日监测 and the series behind the analytics charts. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { AppError } from '../../graphql/errors.js';
import { isCalendarDate } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { ReportsService } from './reports.service.js';
import { DailyReport, RunDailyScanInput, RunDailyScanPayload } from './dto/daily-report.types.js';
import { ArrearsAgeing, CollectionRateMonth, ConsumptionSwingMark } from './dto/trends.types.js';

function service(ctx: Context): ReportsService {
  return new ReportsService(ctx.em, ctx.scope(), ctx.actor());
}

@Resolver(() => DailyReport)
export class DailyReportResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => DailyReport, { nullable: true, description: 'The daily report 日通报 of an org unit and its subtree (receivables:read); null when no scan wrote one for the date.' })
  dailyReport(
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'The org unit; your own when omitted.' }) orgUnitId: string | null,
    @Arg('date', () => String, { nullable: true, description: 'Business date (YYYY-MM-DD); the latest report when omitted.' }) date: string | null,
    @Ctx() ctx: Context,
  ): Promise<DailyReport | null> {
    if (date != null && !isCalendarDate(date)) throw AppError.badInput([{ field: 'date', message: 'must be a calendar date written YYYY-MM-DD' }]);
    return service(ctx).dailyReport(orgUnitId ? decodeId(orgUnitId, 'OrgUnit', 'orgUnitId') : null, date ?? null);
  }

  @FieldResolver(() => OrgUnit, { description: 'The org unit reported on.' })
  async orgUnit(@Root() report: DailyReport, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(report.orgUnitId))!;
  }

  @Authorized(StaffPermission.JOBS_RUN)
  @Mutation(() => RunDailyScanPayload, { description: 'Runs the daily scan 日监测 for a date now (admins). Idempotent: a date already scanned returns its existing run.' })
  async runDailyScan(@Arg('input', () => RunDailyScanInput, { description: 'Which date.' }) input: RunDailyScanInput, @Ctx() ctx: Context): Promise<RunDailyScanPayload> {
    return service(ctx).runDailyScan(input.date);
  }
}

/** The chart series (issue 9 item 5): read-only, receivables:read, scoped like collectionRate. */
@Resolver(() => ArrearsAgeing)
export class ReportTrendsResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => [CollectionRateMonth], {
    description: 'Collection rate 回收率 per calendar month of an org unit\'s subtree, oldest first: the last `months` months up to this one (company time zone), each equal to collectionRate for that month (receivables:read).',
  })
  collectionRateTrend(
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'The org unit; your own when omitted.' }) orgUnitId: string | null,
    @Arg('months', () => Int, { defaultValue: 12, description: 'How many months, 1 to 36, ending with the current month.' }) months: number,
    @Ctx() ctx: Context,
  ): Promise<CollectionRateMonth[]> {
    return service(ctx).collectionRateTrend(orgUnitId ? decodeId(orgUnitId, 'OrgUnit', 'orgUnitId') : null, months);
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => ArrearsAgeing, {
    description: 'Arrears ageing 账龄 of an org unit\'s subtree today: the sum of the ageing of its customers you may see (receivables:read).',
  })
  arrearsAgeing(
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'The org unit; your own when omitted.' }) orgUnitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ArrearsAgeing> {
    return service(ctx).arrearsAgeing(orgUnitId ? decodeId(orgUnitId, 'OrgUnit', 'orgUnitId') : null);
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => [ConsumptionSwingMark], {
    description: 'Consumption swings 用量异常波动 of a customer\'s service accounts in a range of months (its CONSUMPTION_SWING alerts, open or resolved), by month (receivables:read); NOT_FOUND when the customer is outside what you may see.',
  })
  consumptionSwings(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('from', () => String, { description: 'First month, YYYY-MM (inclusive).' }) from: string,
    @Arg('to', () => String, { description: 'Last month, YYYY-MM (inclusive).' }) to: string,
    @Ctx() ctx: Context,
  ): Promise<ConsumptionSwingMark[]> {
    return service(ctx).consumptionSwings(decodeId(customerId, 'Customer', 'customerId'), from, to);
  }

  @FieldResolver(() => OrgUnit, { description: 'The org unit whose subtree is counted.' })
  async orgUnit(@Root() ageing: ArrearsAgeing, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(ageing.orgUnitId))!;
  }
}

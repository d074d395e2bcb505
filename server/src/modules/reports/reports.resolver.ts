/** GraphQL API of the daily report 日通报 and the daily scan 日监测. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { AppError } from '../../graphql/errors.js';
import { isCalendarDate } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { ReportsService } from './reports.service.js';
import { DailyReport, RunDailyScanInput, RunDailyScanPayload } from './dto/daily-report.types.js';

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

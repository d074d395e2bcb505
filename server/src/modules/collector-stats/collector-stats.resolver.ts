/**
 * GraphQL API of collector monthly statistics 收费员月度统计: thin mapping onto
 * CollectorStatsService. Reading them needs receivables:read (they are
 * ledger figures) and shows only the viewer's subtree. The CSV/XLSX export
 * (collector-stats.export.ts) runs this same query.
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { CollectorStatsService } from './collector-stats.service.js';
import { CollectorMonthStatistics, CollectorStatisticsConnection } from './dto/collector-stats.types.js';

@Resolver(() => CollectorStatisticsConnection)
export class CollectorStatisticsResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => CollectorStatisticsConnection, {
    description: 'Collector monthly statistics 收费员月度统计 (seed 004): per collector of an org subtree for one month, with the subtree\'s totals. Export: GET /export/collector-statistics.csv or .xlsx.',
  })
  async collectorStatistics(
    @Arg('month', () => String, { description: 'The month, YYYY-MM (company time zone).' }) month: string,
    @Arg('orgUnitId', () => ID, { nullable: true, description: "The org unit whose subtree is counted; your own when omitted." }) orgUnitId: string | null,
    @Arg('collectorId', () => ID, { nullable: true, description: 'Only this collector.' }) collectorId: string | null,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<CollectorStatisticsConnection> {
    const page = await new CollectorStatsService(ctx.em, ctx.scope()).monthly({
      month,
      orgUnitId: orgUnitId ? decodeId(orgUnitId, 'OrgUnit', 'orgUnitId') : null,
      collectorId: collectorId ? decodeId(collectorId, 'User', 'collectorId') : null,
      first,
      afterId: after ? (decodeCursor(after, ['number'])[0] as number) : null,
    });
    const rows = page.rows.map((r) => Object.assign(new CollectorMonthStatistics(), r, { month }));
    const connection = toConnection(rows, first, after, page.totalCount, (row) => [row.collectorId]);
    return Object.assign(new CollectorStatisticsConnection(), connection, {
      month,
      orgUnitId: page.orgUnitId,
      collectorId: collectorId ? decodeId(collectorId, 'User', 'collectorId') : null,
      totals: Object.assign(new CollectorMonthStatistics(), page.totals, { month }),
    });
  }

  @FieldResolver(() => OrgUnit, { description: 'The org unit whose subtree is counted.' })
  async orgUnit(@Root() connection: CollectorStatisticsConnection, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(connection.orgUnitId))!;
  }

  @FieldResolver(() => [CollectorMonthStatistics], {
    description: 'Per org unit 按单位: the totals of each unit directly under orgUnit (areas of a branch, stations of an area), each rolled up its own subtree; empty for a station.',
  })
  async byOrgUnit(@Root() connection: CollectorStatisticsConnection, @Ctx() ctx: Context): Promise<CollectorMonthStatistics[]> {
    const units = await new CollectorStatsService(ctx.em, ctx.scope()).unitTotals({ month: connection.month, collectorId: connection.collectorId }, connection.orgUnitId);
    return units.map((u) => Object.assign(new CollectorMonthStatistics(), u, { month: connection.month }));
  }
}

@Resolver(() => CollectorMonthStatistics)
export class CollectorMonthStatisticsResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The collector 收费员; null for unit totals.' })
  collector(@Root() row: CollectorMonthStatistics, @Ctx() ctx: Context): Promise<User | null> | null {
    return row.collectorId ? ctx.loaders.user.load(row.collectorId) : null;
  }

  @FieldResolver(() => OrgUnit, { description: "The collector's org unit; for totals, the unit they roll up." })
  async orgUnit(@Root() row: CollectorMonthStatistics, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(row.orgUnitId))!;
  }
}

export const COLLECTOR_STATS_RESOLVERS = [CollectorStatisticsResolver, CollectorMonthStatisticsResolver] as const;

/** GraphQL types of collector monthly statistics 收费员月度统计. */
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { PageInfo } from '../../../graphql/connection.js';

@ObjectType('CollectorMonthStatistics', {
  description: "One collector's month 收费员月度统计 (seed 004), or the totals of an org unit's subtree: accounts handled, bills due, collected, collection rate, visits, satisfaction.",
})
export class CollectorMonthStatistics {
  /** Null for unit totals. */
  collectorId!: number | null;
  orgUnitId!: number;

  @Field(() => String, { description: 'The month, YYYY-MM (company time zone).' })
  month!: string;

  @Field(() => Int, { description: 'Accounts handled 户数: service accounts the collector was responsible for at any time in the month (from the responsibility history).' })
  accountsHandled!: number;

  @Field(() => Int, { description: 'Bills due in the month on those accounts 应收笔数.' })
  billsDue!: number;

  @Field(() => DecimalScalar, { description: 'Due 应收: amount plus adjustments of those bills, in CNY.' })
  dueAmount!: string;

  @Field(() => DecimalScalar, { description: 'Of that, what payments have been allocated to those bills so far, in CNY.' })
  allocatedAmount!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Collection rate 回收率 = allocated ÷ due of the bills due in the month (as the daily report\'s month-to-date rate), 6 decimals, e.g. "0.985000"; null when nothing is due.',
  })
  collectionRate!: string | null;

  @Field(() => DecimalScalar, { description: 'Collected 实收: payments on those accounts paid in the month, in CNY.' })
  collectedAmount!: string;

  @Field(() => Int, { description: 'Visits 走访 in the month the collector recorded or took part in (for totals: of any of the collectors, each once).' })
  visits!: number;

  @Field(() => Int, { description: "Visits in the month with a satisfaction score to those accounts' customers." })
  satisfactionResponses!: number;

  @Field(() => String, { nullable: true, description: 'Average satisfaction 满意度 (1–5, 2 decimals) of those visits; null when none was scored.' })
  averageSatisfaction!: string | null;
}

@ObjectType('CollectorMonthStatisticsEdge', { description: "One collector's month in a page, with its cursor." })
export class CollectorMonthStatisticsEdge {
  @Field(() => String, { description: 'Opaque cursor of this row.' })
  cursor!: string;

  @Field(() => CollectorMonthStatistics, { description: "The collector's month." })
  node!: CollectorMonthStatistics;
}

@ObjectType('CollectorStatisticsConnection', { description: 'Collectors of an org subtree with their monthly statistics, by collector, and the subtree\'s totals.' })
export class CollectorStatisticsConnection {
  @Field(() => [CollectorMonthStatisticsEdge], { description: 'The collectors of this page, in order.' })
  edges!: CollectorMonthStatisticsEdge[];

  @Field(() => PageInfo, { description: 'Cursors and whether more rows exist.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many collectors the subtree (and filter) has, across all pages.' })
  totalCount!: number;

  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  orgUnitId!: number;
  /** The collector filter, for byOrgUnit. */
  collectorId!: number | null;

  @Field(() => CollectorMonthStatistics, { description: "The org unit's totals, rolled up its subtree: every account, bill, payment and visit counted once." })
  totals!: CollectorMonthStatistics;
}
